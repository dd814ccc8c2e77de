// `npm run server` and the embeddable startRecordsService(): flag validation (exit 2), the single
// `listening:` line on stdout, graceful close on SIGTERM, and the in-process service the desktop
// starts when no records URL is configured.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CliUsageError, DEFAULT_DATA_DIR, DEFAULT_HOST, DEFAULT_PORT, parseCliArgs } from '../../../server/cli-args.js';
import { SeedError } from '../../../server/seed.js';
import { startRecordsService } from '../../../server/start.js';
import { createTestSchema, DATABASE_URL, DB_KIND, DB_TIMEOUT_MS, TEST_COST, type TestSchema } from './helpers.js';

vi.setConfig({ testTimeout: DB_TIMEOUT_MS, hookTimeout: DB_TIMEOUT_MS });

const REPO = new URL('../../../', import.meta.url).pathname;
const DEMO_SEED = join(REPO, 'server/seed/demo-seed.json');

describe('parseCliArgs', () => {
  it('has the documented defaults', () => {
    expect(parseCliArgs([], {})).toEqual({ help: false, port: DEFAULT_PORT, host: DEFAULT_HOST, dataDir: DEFAULT_DATA_DIR });
    expect([DEFAULT_PORT, DEFAULT_HOST, DEFAULT_DATA_DIR]).toEqual([8790, '127.0.0.1', './.data/records']);
  });

  it('reads every flag and the environment', () => {
    expect(
      parseCliArgs(['--port', '0', '--host', '[::1]', '--data-dir', '/tmp/x', '--seed', DEMO_SEED], {
        DATABASE_URL: 'postgres://u:p@db:5432/records',
        RECORDS_PEPPER: 'a-long-enough-pepper',
      }),
    ).toEqual({
      help: false,
      port: 0,
      host: '::1',
      dataDir: '/tmp/x',
      seedFile: DEMO_SEED,
      databaseUrl: 'postgres://u:p@db:5432/records',
      pepper: 'a-long-enough-pepper',
    });
    expect(parseCliArgs(['--port=65535'], {}).port).toBe(65535);
    expect(parseCliArgs(['--help'], {}).help).toBe(true);
  });

  it.each([
    [['--port', 'abc'], {}, /--port must be an integer from 0 to 65535 \(got "abc"\)/],
    [['--port', '65536'], {}, /--port must be an integer/],
    [['--port', '-1'], {}, /--port/],
    [['--port', '80.5'], {}, /--port must be an integer/],
    [['--port'], {}, /--port/],
    [['--host', 'a b'], {}, /--host must be a host name or IP address/],
    [['--data-dir', ' '], {}, /--data-dir must not be empty/],
    [['--seed', '/no/such/seed.json'], {}, /--seed: no such file: \/no\/such\/seed.json/],
    [['--seed', REPO], {}, /--seed: no such file/], // a directory
    [['--verbose'], {}, /Unknown option '--verbose'/],
    [['serve'], {}, /Unexpected argument 'serve'/],
    [[], { DATABASE_URL: 'mysql://u:secret@db/x' }, /DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/],
    [[], { DATABASE_URL: 'not a url' }, /DATABASE_URL must be/],
    [[], { RECORDS_PEPPER: 'short' }, /RECORDS_PEPPER must be at least 16 characters/],
  ] as const)('refuses %j %j', (argv, env, message) => {
    expect(() => parseCliArgs(argv, env)).toThrow(CliUsageError);
    expect(() => parseCliArgs(argv, env)).toThrow(message);
  });

  it('never echoes a database password in its errors', () => {
    expect(() => parseCliArgs([], { DATABASE_URL: 'mysql://u:hunter2@db/x' })).toThrow(expect.objectContaining({ message: expect.not.stringContaining('hunter2') }));
  });
});

describe(`startRecordsService (${DB_KIND})`, () => {
  let schema: TestSchema | undefined;
  beforeAll(async () => {
    if (DATABASE_URL) schema = await createTestSchema(DATABASE_URL);
  });
  afterAll(async () => {
    await schema?.drop();
  });

  it('migrates, loads the demo seed and serves real HTTP on a free port', async () => {
    const service = await startRecordsService({ demoSeed: true, logger: false, passwordCost: TEST_COST, databaseUrl: schema?.url });
    try {
      expect(service.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(service.dbKind).toBe(DB_KIND);
      const health = await fetch(`${service.url}/health`);
      expect(await health.json()).toMatchObject({ status: 'ok', db: DB_KIND });
      const signIn = await fetch(`${service.url}/api/v1/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'agent01', password: 'demo-pass-1' }),
      });
      expect(signIn.status).toBe(200);
      const { token } = (await signIn.json()) as { token: string };
      const me = await fetch(`${service.url}/api/v1/agents/me`, { headers: { authorization: `Bearer ${token}` } });
      expect(await me.json()).toEqual({ username: 'agent01', name: '张伟', tier: 'agent' });
    } finally {
      await service.close();
    }
    await expect(fetch(`${service.url}/health`)).rejects.toThrow();
  });

  it('refuses to start on an invalid seed, naming the problem', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'records-start-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ customers: [{ name: '测试', mobile: '13900000001', nationalId: '990101198503120011', queryPassword: '123456', transactionPassword: '654321' }] }));
    const error = await startRecordsService({ seedFile: file, logger: false, passwordCost: TEST_COST, databaseUrl: schema?.url }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SeedError);
    expect((error as Error).message).toContain('customers[0].nationalId: check character does not match');
  });
});

describe(`the CLI process (${DB_KIND})`, () => {
  let dir: string;
  let cli: string;
  let schema: TestSchema | undefined;

  beforeAll(async () => {
    // Node 20 cannot run TypeScript, so bundle the CLI as the build will; node_modules is linked
    // beside the bundle so its external packages resolve.
    dir = mkdtempSync(join(tmpdir(), 'records-cli-'));
    symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'));
    cli = join(dir, 'cli.mjs');
    await build({ entryPoints: [join(REPO, 'server/cli.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: cli, logLevel: 'silent' });
    if (DATABASE_URL) schema = await createTestSchema(DATABASE_URL);
  });
  afterAll(async () => {
    await schema?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Runs the CLI; resolves when it exits or when `until` matches stdout. */
  function run(args: string[], env: Record<string, string | undefined> = {}) {
    const child = spawn(process.execPath, [cli, ...args], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const output = () => ({ stdout, stderr });
    const waitForStdout = (pattern: RegExp) =>
      new Promise<void>((resolve, reject) => {
        const check = () => (pattern.test(stdout) ? resolve() : undefined);
        child.stdout.on('data', check);
        void exited.then(() => reject(new Error(`exited before printing ${pattern}: ${stderr}`)));
        check();
      });
    return { child, exited, output, waitForStdout };
  }

  it.each([
    [['--port', 'abc'], {}, /--port must be an integer/],
    [['--bogus'], {}, /Unknown option '--bogus'/],
    [['--seed', '/no/such.json'], {}, /--seed: no such file/],
    [[], { RECORDS_PEPPER: 'short' }, /RECORDS_PEPPER must be at least 16/],
  ] as const)('exits 2 with a clear message on stderr for %j %j', async (args, env, message) => {
    const proc = run([...args], env);
    expect(await proc.exited).toBe(2);
    expect(proc.output().stderr).toMatch(message);
    expect(proc.output().stderr).toMatch(/usage: npm run server/);
    expect(proc.output().stdout).toBe('');
  });

  it('prints exactly one line on stdout, serves, and closes gracefully on SIGTERM', async () => {
    const env = { DATABASE_URL: schema?.url, RECORDS_PEPPER: 'cli-test-pepper-0123456789' };
    const proc = run(['--port', '0', '--data-dir', join(dir, 'records'), '--seed', DEMO_SEED], env);
    await proc.waitForStdout(/\n/);
    const { stdout } = proc.output();
    expect(stdout).toMatch(/^listening: http:\/\/127\.0\.0\.1:\d+\n$/);
    const url = stdout.trim().slice('listening: '.length);
    const health = await fetch(`${url}/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', db: DB_KIND });
    const signIn = await fetch(`${url}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin01', password: 'demo-pass-1' }),
    });
    expect(signIn.status).toBe(200);
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
    expect(proc.output().stdout).toBe(stdout); // still just the one line
    expect(proc.output().stderr).toMatch(/SIGTERM, closing/);
    expect(proc.output().stderr).not.toMatch(/demo-pass-1|990101198503120010/);
  });

  it('exits 1, naming the problem, when the seed file is invalid', async () => {
    const bad = join(dir, 'bad-seed.json');
    writeFileSync(bad, JSON.stringify({ agents: [{ username: 'x1', name: 'X', tier: 'boss', password: 'long-enough' }] }));
    const proc = run(['--port', '0', '--data-dir', join(dir, 'records-bad'), '--seed', bad], { DATABASE_URL: schema?.url });
    expect(await proc.exited).toBe(1);
    expect(proc.output().stderr).toMatch(/records service failed to start: seed .* is invalid:\n {2}agents\[0\]\.tier/);
    expect(proc.output().stdout).toBe('');
  });
});
