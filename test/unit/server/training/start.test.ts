// The training line at start-up (Art. 9): the catalog comes from `--training-dir` (by default
// the repo's assets/training), a bad file is logged with its name and the rest served, the
// training customers are seeded, and a required course that is not in the catalog stops start.
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { CliUsageError, parseCliArgs } from '../../../../server/cli-args.js';
import { startRecordsService } from '../../../../server/start.js';
import { loadCatalog } from '../../../../server/training/catalog.js';
import { defaultTrainingDir, prepareTraining } from '../../../../server/training/start.js';
import { DB_TIMEOUT_MS, TEST_COST } from '../helpers.js';
import { catalogDir, SCENARIO, TC_LI } from './fixtures.js';

vi.setConfig({ testTimeout: DB_TIMEOUT_MS });

describe('the training line at start-up', () => {
  it('serves the folder’s catalog, names a refused file, seeds the training customers', async () => {
    const lines: string[] = [];
    const logger = pino(
      { level: 'info' },
      new Writable({
        write(chunk, _enc, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    );
    const dir = await catalogDir({
      'scenarios/bad.json': JSON.stringify({ ...SCENARIO, id: 'bad', callerNumber: 'x' }),
    });
    const service = await startRecordsService({
      demo: true,
      demoSeed: true,
      logger,
      passwordCost: TEST_COST,
      trainingDir: dir,
      requireTraining: 'basics',
    });
    try {
      const signIn = await fetch(`${service.url}/api/v1/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'agent01', password: 'demo-pass-1' }),
      });
      const auth = {
        authorization: `Bearer ${((await signIn.json()) as { token: string }).token}`,
      };
      const catalog = await fetch(`${service.url}/api/v1/training/catalog`, { headers: auth });
      const body = (await catalog.json()) as { scenarios: { id: string }[] };
      expect(body.scenarios.map((s) => s.id)).toEqual(['enquiry-basic']);
      expect(lines.join('')).toContain('training file refused: scenarios/bad.json: callerNumber');
      const found = await fetch(
        `${service.url}/api/v1/customers?mobile=${TC_LI.mobile}&namespace=training`,
        { headers: auth },
      );
      expect(((await found.json()) as { customers: unknown[] }).customers).toHaveLength(1);
      const status = await fetch(`${service.url}/api/v1/training/status`, { headers: auth });
      expect(await status.json()).toMatchObject({
        requiredCourse: 'basics',
        clearedForLive: false,
      });
    } finally {
      await service.close();
    }
  });

  it('refuses to start with a required course the catalog does not have', async () => {
    const error = await startRecordsService({
      demo: true,
      logger: false,
      passwordCost: TEST_COST,
      trainingDir: await catalogDir(),
      requireTraining: 'advanced',
    }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/--require-training: no valid course "advanced"/);
  });

  it('warns, naming the path, when the training folder is missing; a required course stops start', async () => {
    const lines: string[] = [];
    const log = pino(
      { level: 'info' },
      new Writable({
        write(chunk, _enc, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    );
    const missing = path.join(tmpdir(), `no-training-${process.pid}`, 'tarining');
    const loaded = await prepareTraining({ trainingDir: missing }, log);
    expect(loaded.catalog.scenarios).toEqual([]);
    expect(lines.join('')).toContain(`training folder not found: ${missing}`);
    expect(lines.join('')).toContain('"level":40');
    await expect(
      prepareTraining({ trainingDir: missing, requireTraining: 'basics' }, log),
    ).rejects.toThrow(/--require-training: no valid course "basics"/);
  });

  it('finds the repo’s assets/training by default', () => {
    expect(defaultTrainingDir()).toMatch(/assets[\\/]training$/);
  });
});

describe('the training flags', () => {
  it('parses --training-dir and --require-training, refusing a bad course id', () => {
    const config = parseCliArgs(
      ['--demo', '--training-dir', '/x', '--require-training', 'basics'],
      {},
    );
    expect(config).toMatchObject({ trainingDir: '/x', requireTraining: 'basics' });
    expect(() => parseCliArgs(['--demo', '--require-training', 'Bad Course'], {})).toThrow(
      CliUsageError,
    );
    expect(() => parseCliArgs(['--demo', '--training-dir', ' '], {})).toThrow(/--training-dir/);
  });
});

describe('the repo’s own training folder', () => {
  it('loads every scenario and course without a refused file', async () => {
    const { catalog, problems } = await loadCatalog(defaultTrainingDir());
    expect(problems).toEqual([]);
    expect(catalog.scenarios.length).toBeGreaterThan(0);
    expect(catalog.courses.length).toBeGreaterThan(0);
    expect(catalog.customers).toHaveLength(6);
  });
});
