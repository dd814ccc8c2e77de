// The training catalog (Art. 9): scenarios and courses are data, one JSON file each, so trainers
// add their own without code. Every file is validated with the shared zod schemas; a bad file is
// refused with its name and why, and the rest is served. Loaded once at start.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { TrainingCustomer, type TrainingCatalog } from '../../common/training-api.js';
import { courseProblems, scenarioProblems } from '../../common/training-check.js';
import { Course, Scenario } from '../../common/training.js';
import { formatIssues } from '../validation.js';

/** A file the catalog refused: its path relative to the training folder, and why. */
export interface CatalogProblem {
  file: string;
  reason: string;
}

export interface LoadedCatalog {
  catalog: TrainingCatalog;
  problems: CatalogProblem[];
}

export const EMPTY_CATALOG: LoadedCatalog = {
  catalog: { scenarios: [], courses: [], customers: [] },
  problems: [],
};

export const CustomersFile = z
  .object({ note: z.string().optional(), customers: z.array(TrainingCustomer).min(1).max(100) })
  .strict();

type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

async function readJson<T>(file: string, schema: z.ZodType<T>): Promise<Parsed<T>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return {
      ok: false,
      reason: `cannot read: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
    };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not valid JSON' };
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) return { ok: false, reason: formatIssues(parsed.error).join('; ') };
  return { ok: true, value: parsed.data };
}

/** The `.json` files of `dir`, sorted; none when the folder does not exist. */
async function jsonFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Each file of a folder parsed with `schema`; its id must be its file name. */
async function loadFolder<T extends { id: string }>(
  root: string,
  folder: string,
  schema: z.ZodType<T>,
  problems: CatalogProblem[],
): Promise<T[]> {
  const items: T[] = [];
  for (const name of await jsonFiles(path.join(root, folder))) {
    const file = `${folder}/${name}`;
    const parsed = await readJson(path.join(root, folder, name), schema);
    if (!parsed.ok) problems.push({ file, reason: parsed.reason });
    else if (`${parsed.value.id}.json` !== name)
      problems.push({ file, reason: `id "${parsed.value.id}" does not match the file name` });
    else items.push(parsed.value);
  }
  return items;
}

/**
 * Loads `<dir>/customers.json` (or `fallbackCustomers` when the folder has none),
 * `<dir>/scenarios/*.json` and `<dir>/courses/*.json`. A scenario naming an unknown customer or
 * prompt (or speaking as one), or a course naming an unknown scenario, is refused like a
 * malformed file.
 */
export async function loadCatalog(
  dir: string,
  fallbackCustomers: unknown = undefined,
): Promise<LoadedCatalog> {
  const problems: CatalogProblem[] = [];
  let customers: TrainingCustomer[] = [];
  const own = await readJson(path.join(dir, 'customers.json'), CustomersFile);
  if (own.ok) customers = own.value.customers;
  else if (own.reason === 'cannot read: ENOENT' && fallbackCustomers !== undefined)
    customers = CustomersFile.parse(fallbackCustomers).customers;
  else problems.push({ file: 'customers.json', reason: own.reason });

  const keys = new Set(customers.map((c) => c.key));
  // The shared checks (common/training-check.ts): customers, prompts, `say.as`, the read-back.
  const scenarios = (await loadFolder(dir, 'scenarios', Scenario, problems)).filter((s) => {
    const why = scenarioProblems(s, keys);
    if (why.length === 0) return true;
    problems.push({ file: `scenarios/${s.id}.json`, reason: why.join('; ') });
    return false;
  });
  const ids = new Set(scenarios.map((s) => s.id));
  const courses = (await loadFolder(dir, 'courses', Course, problems)).filter((c) => {
    const why = courseProblems(c, ids);
    if (why.length === 0) return true;
    problems.push({ file: `courses/${c.id}.json`, reason: why.join('; ') });
    return false;
  });
  return { catalog: { scenarios, courses, customers }, problems };
}
