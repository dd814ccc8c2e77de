// Start-up of the training line (Art. 9): the catalog is read from `--training-dir` (default the
// repo's assets/training) before the database opens, its refused files logged with their names,
// and the required course checked; after migrating, the training customers are upserted.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyBaseLogger } from 'fastify';
import bundledCustomers from '../../assets/training/customers.json' with { type: 'json' };
import type { Db } from '../db.js';
import type { ScryptCost } from '../passwords.js';
import { loadCatalog } from './catalog.js';
import type { TrainingOptions } from './options.js';
import { seedTrainingCustomers } from './seed.js';

/** assets/training beside the sources (or the bundle), else under the working directory. */
export function defaultTrainingDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [
    path.resolve(here, '../../assets/training'),
    path.resolve(here, '../../../assets/training'),
    path.resolve('assets/training'),
  ];
  return candidates.find((dir) => existsSync(dir)) ?? candidates[candidates.length - 1]!;
}

export async function prepareTraining(
  options: { trainingDir?: string | undefined; requireTraining?: string | undefined },
  log: FastifyBaseLogger | undefined,
): Promise<TrainingOptions> {
  const dir = options.trainingDir ?? defaultTrainingDir();
  // A misspelt folder would serve an empty catalog: say so loudly (a required course then
  // stops start-up below).
  if (!existsSync(dir))
    log?.warn({ training: { dir } }, `training folder not found: ${dir} (no scenarios served)`);
  const { catalog, problems } = await loadCatalog(dir, bundledCustomers);
  for (const problem of problems)
    log?.warn({ training: problem }, `training file refused: ${problem.file}: ${problem.reason}`);
  const requiredCourse = options.requireTraining ?? null;
  if (requiredCourse !== null && !catalog.courses.some((c) => c.id === requiredCourse))
    throw new Error(`--require-training: no valid course "${requiredCourse}" in ${dir}`);
  log?.info(
    {
      training: {
        dir,
        scenarios: catalog.scenarios.length,
        courses: catalog.courses.length,
        requiredCourse,
      },
    },
    'training catalog loaded',
  );
  return { catalog, requiredCourse };
}

/** Upserts the training customers into the training namespace (every instance, every start). */
export async function seedTraining(
  db: Db,
  training: TrainingOptions,
  options: { pepper: string; passwordCost?: ScryptCost | undefined },
): Promise<number> {
  return seedTrainingCustomers(db, training.catalog.customers, options);
}
