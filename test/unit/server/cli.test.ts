// `npm run server` and the embeddable startRecordsService(): flag validation (exit 2), the single
// `listening:` line on stdout, graceful close on SIGTERM, and the in-process service the desktop
// starts when no records URL is configured.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  CliUsageError,
  DEFAULT_DATA_DIR,
  DEFAULT_HOST,
  DEFAULT_PORT,
  parseCliArgs as parseWithoutDemo,
  USAGE,
} from '../../../server/cli-args.js';
import { SeedError } from '../../../server/seed.js';
import { createFileOutbox } from '../../../server/sms.js';
import { startRecordsService } from '../../../server/start.js';
import {
  createTestSchema,
  DATABASE_URL,
  DB_KIND,
  DB_TIMEOUT_MS,
  TEST_COST,
  type TestSchema,
} from './helpers.js';

vi.setConfig({ testTimeout: DB_TIMEOUT_MS, hookTimeout: DB_TIMEOUT_MS });

const REPO = new URL('../../../', import.meta.url).pathname;
const DEMO_SEED = join(REPO, 'server/seed/demo-seed.json');
/** These tests are about other flags: --demo keeps out the pepper guard (cli-production.test). */
const parseCliArgs: typeof parseWithoutDemo = (argv, env) =>
  parseWithoutDemo(['--demo', ...argv], env);
const PRODUCTION_DEFAULTS = {
  demo: true,
  behindTlsProxy: false,
  metricsHost: '127.0.0.1',
  drainSeconds: 0,
};

describe('parseCliArgs', () => {
  it('has the documented defaults', () => {
    expect(parseCliArgs([], {})).toEqual({
      help: false,
      port: DEFAULT_PORT,
      host: DEFAULT_HOST,
      dataDir: DEFAULT_DATA_DIR,
      checksPerMinute: 60,
      lookupsPerMinute: 60,
      complaintResponseDays: 5,
      retentionYears: 5,
      review: { sampleRate: 0.05 },
      targets: { accuracy: 0.99, satisfaction: 0.9 },
      ...PRODUCTION_DEFAULTS,
    });
    expect([DEFAULT_PORT, DEFAULT_HOST, DEFAULT_DATA_DIR]).toEqual([
      8790,
      '127.0.0.1',
      './.data/records',
    ]);
  });

  it('reads every flag and the environment', () => {
    expect(
      parseCliArgs(
        [
          '--port',
          '0',
          '--host',
          '[::1]',
          '--data-dir',
          '/tmp/x',
          '--seed',
          DEMO_SEED,
          '--checks-per-minute',
          '6000',
          '--lookups-per-minute',
          '9000',
          '--complaint-response-days',
          '7',
          '--retention-years',
          '10',
          '--review-sample-rate',
          '1',
        ],
        {
          DATABASE_URL: 'postgres://u:p@db:5432/records?sslmode=verify-full',
          RECORDS_PEPPER: 'a-long-enough-pepper',
          REVIEW_SAMPLE_SEED: 'review-seed',
        },
      ),
    ).toEqual({
      help: false,
      port: 0,
      host: '::1',
      dataDir: '/tmp/x',
      seedFile: DEMO_SEED,
      databaseUrl: 'postgres://u:p@db:5432/records?sslmode=verify-full',
      pepper: 'a-long-enough-pepper',
      checksPerMinute: 6000,
      lookupsPerMinute: 9000,
      complaintResponseDays: 7,
      retentionYears: 10,
      review: { sampleRate: 1, seed: 'review-seed' },
      targets: { accuracy: 0.99, satisfaction: 0.9 },
      ...PRODUCTION_DEFAULTS,
    });
    expect(parseCliArgs(['--review-sample-rate', '0.25'], {}).review.sampleRate).toBe(0.25);
    // Art. 22 targets are the centre's policy: set at start, 0–1.
    expect(
      parseCliArgs(['--target-accuracy', '0.995', '--target-satisfaction=0.85'], {}).targets,
    ).toEqual({ accuracy: 0.995, satisfaction: 0.85 });
    expect(() => parseCliArgs(['--target-accuracy=99'], {})).toThrow(
      /--target-accuracy must be a number from 0 to 1/,
    );
    for (const rate of ['1.5', '-0.1', '5%', 'x', '.5'])
      expect(() => parseCliArgs([`--review-sample-rate=${rate}`], {})).toThrow(
        /--review-sample-rate must be a number from 0 to 1/,
      );
    expect(parseCliArgs(['--port=65535'], {}).port).toBe(65535);
    expect(() => parseCliArgs(['--checks-per-minute', '0'], {})).toThrow(
      /--checks-per-minute must be an integer from 1/,
    );
    for (const days of ['0', '91', '2.5', 'five'])
      expect(() => parseCliArgs(['--complaint-response-days', days], {})).toThrow(
        /--complaint-response-days must be an integer from 1 to 90/,
      );
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
    [
      [],
      { DATABASE_URL: 'mysql://u:secret@db/x' },
      /DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/,
    ],
    [[], { DATABASE_URL: 'not a url' }, /DATABASE_URL must be/],
    [[], { RECORDS_PEPPER: 'short' }, /RECORDS_PEPPER must be at least 16 characters/],
  ] as const)('refuses %j %j', (argv, env, message) => {
    expect(() => parseCliArgs(argv, env)).toThrow(CliUsageError);
    expect(() => parseCliArgs(argv, env)).toThrow(message);
  });

  describe('SMS flags', () => {
    it('selects the file outbox', () => {
      expect(parseCliArgs(['--sms-outbox', '/tmp/records/outbox.jsonl'], {}).sms).toEqual({
        kind: 'file',
        path: '/tmp/records/outbox.jsonl',
      });
    });

    it('selects the webhook with defaults (timeout 5000 ms, 3 retries)', () => {
      expect(parseCliArgs(['--sms-webhook', 'https://sms.example.com/send'], {}).sms).toEqual({
        kind: 'webhook',
        url: 'https://sms.example.com/send',
        headers: {},
        timeoutMs: 5000,
        retries: 3,
      });
    });

    it('reads repeated headers, the timeout and retries; env headers are merged and a flag of the same name wins', () => {
      const config = parseCliArgs(
        [
          '--sms-webhook',
          'https://sms.example.com/send',
          '--sms-webhook-header',
          'X-Tenant: bank-7',
          '--sms-webhook-header=Authorization:  Bearer flag-key ',
          '--sms-timeout-ms',
          '1500',
          '--sms-retries',
          '0',
        ],
        {
          SMS_WEBHOOK_HEADERS: JSON.stringify({
            authorization: 'Bearer env-key',
            'X-Api-Key': 'k-123',
          }),
        },
      );
      expect(config.sms).toEqual({
        kind: 'webhook',
        url: 'https://sms.example.com/send',
        headers: { 'x-tenant': 'bank-7', authorization: 'Bearer flag-key', 'x-api-key': 'k-123' },
        timeoutMs: 1500,
        retries: 0,
      });
    });

    it('refuses a plain http:// webhook to another machine unless explicitly allowed', () => {
      for (const url of ['http://sms.bank.internal/send', 'http://10.0.0.9:8080/send'])
        expect(() => parseCliArgs(['--sms-webhook', url], {}), url).toThrow(
          /plain http:\/\/ to another machine.*--allow-http-sms-webhook/,
        );
      const allowed = ['--sms-webhook', 'http://10.0.0.9/send', '--allow-http-sms-webhook'];
      expect(parseCliArgs(allowed, {}).sms).toMatchObject({ url: 'http://10.0.0.9/send' });
      for (const url of ['http://127.0.0.1:9/x', 'http://localhost:9/x', 'http://[::1]:9/x'])
        expect(parseCliArgs(['--sms-webhook', url], {}).sms, url).toMatchObject({ url });
    });

    it('takes header values with a colon in them', () => {
      const config = parseCliArgs(
        ['--sms-webhook', 'http://127.0.0.1:9/x', '--sms-webhook-header', 'X-Sig: a:b:c'],
        {},
      );
      expect(config.sms).toMatchObject({ headers: { 'x-sig': 'a:b:c' } });
    });

    it('ignores SMS_WEBHOOK_HEADERS without --sms-webhook, and has no gateway without a flag', () => {
      expect(parseCliArgs([], { SMS_WEBHOOK_HEADERS: 'not json' }).sms).toBeUndefined();
      expect(
        parseCliArgs(['--sms-outbox', 'o.jsonl'], { SMS_WEBHOOK_HEADERS: '{"a":"b"}' }).sms,
      ).toEqual({ kind: 'file', path: 'o.jsonl' });
    });

    it.each([
      [
        ['--sms-outbox', 'o.jsonl', '--sms-webhook', 'https://x.example/'],
        {},
        /--sms-outbox and --sms-webhook are alternatives/,
      ],
      [['--sms-outbox', ''], {}, /--sms-outbox must not be empty/],
      [['--sms-outbox', REPO], {}, /--sms-outbox must be a file, not a folder/],
      [
        ['--sms-webhook-header', 'A: b'],
        {},
        /--sms-webhook-header only make sense with --sms-webhook/,
      ],
      [
        ['--sms-outbox', 'o.jsonl', '--sms-retries', '2'],
        {},
        /--sms-retries only make sense with --sms-webhook/,
      ],
      [['--sms-timeout-ms', '10'], {}, /--sms-timeout-ms only make sense/],
      [
        ['--sms-webhook', 'ftp://x.example/'],
        {},
        /--sms-webhook must be an http:\/\/ or https:\/\/ URL/,
      ],
      [['--sms-webhook', 'not a url'], {}, /--sms-webhook must be an http/],
      [
        ['--sms-webhook', 'https://x.example/', '--sms-timeout-ms', '0'],
        {},
        /--sms-timeout-ms must be an integer from 1 to 600000 \(got "0"\)/,
      ],
      [
        ['--sms-webhook', 'https://x.example/', '--sms-timeout-ms', '1.5'],
        {},
        /--sms-timeout-ms must be an integer/,
      ],
      [
        ['--sms-webhook', 'https://x.example/', '--sms-retries', '11'],
        {},
        /--sms-retries must be an integer from 0 to 10/,
      ],
      [['--sms-webhook', 'https://x.example/', '--sms-retries', '-1'], {}, /--sms-retries/],
      [
        ['--sms-webhook', 'https://x.example/', '--sms-webhook-header', 'no colon here'],
        {},
        /--sms-webhook-header must look like 'Name: value'/,
      ],
      [
        ['--sms-webhook', 'https://x.example/', '--sms-webhook-header', ': value'],
        {},
        /must look like 'Name: value'/,
      ],
      [
        ['--sms-webhook', 'https://x.example/', '--sms-webhook-header', 'Bad Name: v'],
        {},
        /--sms-webhook-header: not a valid header name/,
      ],
      [
        ['--sms-webhook', 'https://x.example/', '--sms-webhook-header', 'Content-Type: text/plain'],
        {},
        /Content-Type is set by the service itself/,
      ],
      [
        ['--sms-webhook', 'https://x.example/', '--sms-webhook-header', 'X-A: b\r\nX-B: c'],
        {},
        /holds a line break/,
      ],
      [
        ['--sms-webhook', 'https://x.example/'],
        { SMS_WEBHOOK_HEADERS: 'not json' },
        /SMS_WEBHOOK_HEADERS must be a JSON object of strings/,
      ],
      [
        ['--sms-webhook', 'https://x.example/'],
        { SMS_WEBHOOK_HEADERS: '["a"]' },
        /SMS_WEBHOOK_HEADERS must be a JSON object/,
      ],
      [
        ['--sms-webhook', 'https://x.example/'],
        { SMS_WEBHOOK_HEADERS: '{"X-Retries":3}' },
        /SMS_WEBHOOK_HEADERS must be a JSON object of strings/,
      ],
      [
        ['--sms-webhook', 'https://x.example/'],
        { SMS_WEBHOOK_HEADERS: '{"Host":"evil"}' },
        /SMS_WEBHOOK_HEADERS: Host is set by the service itself/,
      ],
    ] as const)('refuses %j %j', (argv, env, message) => {
      expect(() => parseCliArgs(argv, env)).toThrow(CliUsageError);
      expect(() => parseCliArgs(argv, env)).toThrow(message);
    });

    it('never echoes a header value or the webhook URL (either may carry an API key)', () => {
      const secret = 'sk-live-0123456789';
      const attempts: [string[], Record<string, string>][] = [
        [['--sms-webhook', `ftp://x.example/?key=${secret}`], {}],
        [['--sms-webhook', `not a url ${secret}`], {}],
        [['--sms-webhook', 'https://x.example/', '--sms-webhook-header', secret], {}],
        [
          [
            '--sms-webhook',
            'https://x.example/',
            '--sms-webhook-header',
            `Authorization: Bearer ${secret}\nX-Injected: 1`,
          ],
          {},
        ],
        [
          ['--sms-webhook', 'https://x.example/'],
          { SMS_WEBHOOK_HEADERS: `{"Authorization": "${secret}"` },
        ],
        [
          ['--sms-webhook', 'https://x.example/'],
          { SMS_WEBHOOK_HEADERS: `{"Authorization": ["${secret}"]}` },
        ],
      ];
      for (const [argv, env] of attempts) {
        expect(() => parseCliArgs(argv, env)).toThrow(CliUsageError);
        expect(() => parseCliArgs(argv, env)).toThrow(
          expect.objectContaining({ message: expect.not.stringContaining(secret) }),
        );
      }
    });

    it('documents every SMS flag and SMS_WEBHOOK_HEADERS in the usage text', () => {
      for (const word of [
        '--sms-outbox',
        '--sms-webhook ',
        '--sms-webhook-header',
        '--sms-timeout-ms',
        '--sms-retries',
        'SMS_WEBHOOK_HEADERS',
        'default 5000',
        'default 3',
      ]) {
        expect(USAGE).toContain(word);
      }
    });
  });

  it('never echoes a database password in its errors', () => {
    expect(() => parseCliArgs([], { DATABASE_URL: 'mysql://u:hunter2@db/x' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
    );
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

  it('migrates, loads the demo seed and serves real HTTP on a free port; checks and logs the SMS gateway', async () => {
    const outbox = join(mkdtempSync(join(tmpdir(), 'records-sms-')), 'sms', 'outbox.jsonl');
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const service = await startRecordsService({
      demo: true,
      demoSeed: true,
      logger,
      passwordCost: TEST_COST,
      databaseUrl: schema?.url,
      sms: createFileOutbox(outbox),
    });
    expect(existsSync(outbox)).toBe(true); // ready() ran at start
    expect(
      lines
        .map((line) => JSON.parse(line) as { msg: string; sms?: unknown })
        .find((l) => l.msg === 'SMS gateway configured')?.sms,
    ).toEqual({ kind: 'file', target: outbox });
    expect(lines.join('')).not.toMatch(/no SMS gateway/);
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
      const me = await fetch(`${service.url}/api/v1/agents/me`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(await me.json()).toEqual({ username: 'agent01', name: '张伟', tier: 'agent' });
    } finally {
      await service.close();
    }
    await expect(fetch(`${service.url}/health`)).rejects.toThrow();
  });

  it('refuses to start on an invalid seed, naming the problem', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'records-start-'));
    const file = join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        customers: [
          {
            name: '测试',
            mobile: '13900000001',
            nationalId: '990101198503120011',
            queryPassword: '123456',
            transactionPassword: '654321',
          },
        ],
      }),
    );
    const error = await startRecordsService({
      demo: true,
      seedFile: file,
      logger: false,
      passwordCost: TEST_COST,
      databaseUrl: schema?.url,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SeedError);
    expect((error as Error).message).toContain(
      'customers[0].nationalId: check character does not match',
    );
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
    await build({
      entryPoints: [join(REPO, 'server/cli.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      outfile: cli,
      logLevel: 'silent',
    });
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
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
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

    // A request in flight when the signal arrives still gets its answer, and the process then
    // exits promptly: half the body is sent, then SIGTERM, then the rest.
    const { port } = new URL(url);
    const socket = connect(Number(port), '127.0.0.1');
    await once(socket, 'connect');
    let answer = '';
    socket.on('data', (d) => (answer += d));
    const body = JSON.stringify({ username: 'admin01', password: 'demo-pass-1' });
    socket.write(
      `POST /api/v1/auth/sign-in HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 10)}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    proc.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    socket.write(body.slice(10)); // not end(): a client's half-close aborts its own request
    await once(socket, 'close'); // closed by the server once answered, not after the 72 s keep-alive
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toMatch(/\r\nconnection: close\r\n/i);
    expect(answer).toContain('"agent":{"username":"admin01"');

    expect(await proc.exited).toBe(0);
    expect(proc.output().stdout).toBe(stdout); // still just the one line
    expect(proc.output().stderr).toMatch(/SIGTERM, closing/);
    expect(proc.output().stderr).not.toMatch(/demo-pass-1|990101198503120010/);
    // No SMS flag: one warning at start, naming the flags.
    expect(
      proc.output().stderr.match(/no SMS gateway configured \(--sms-outbox or --sms-webhook\)/g),
    ).toHaveLength(1);
  });

  it('exits 2 when both --sms-outbox and --sms-webhook are given', async () => {
    const proc = run([
      '--sms-outbox',
      join(dir, 'o.jsonl'),
      '--sms-webhook',
      'https://sms.example.com/',
    ]);
    expect(await proc.exited).toBe(2);
    expect(proc.output().stderr).toMatch(/--sms-outbox and --sms-webhook are alternatives/);
  });

  it('exits 1, before opening the database, when the SMS outbox cannot be written', async () => {
    const blocker = join(dir, 'not-a-folder');
    writeFileSync(blocker, '');
    const proc = run(
      [
        '--demo',
        '--port',
        '0',
        '--data-dir',
        join(dir, 'records-sms-bad'),
        '--sms-outbox',
        join(blocker, 'outbox.jsonl'),
      ],
      { DATABASE_URL: schema?.url },
    );
    expect(await proc.exited).toBe(1);
    expect(proc.output().stderr).toMatch(
      /records service failed to start: SMS outbox: cannot write .*outbox\.jsonl \((ENOTDIR|EEXIST)\)/,
    );
    expect(existsSync(join(dir, 'records-sms-bad'))).toBe(false);
  });

  it('exits 1, naming the problem, when the seed file is invalid', async () => {
    const bad = join(dir, 'bad-seed.json');
    writeFileSync(
      bad,
      JSON.stringify({
        agents: [{ username: 'x1', name: 'X', tier: 'boss', password: 'long-enough' }],
      }),
    );
    const proc = run(
      ['--demo', '--port', '0', '--data-dir', join(dir, 'records-bad'), '--seed', bad],
      {
        DATABASE_URL: schema?.url,
      },
    );
    expect(await proc.exited).toBe(1);
    expect(proc.output().stderr).toMatch(
      /records service failed to start: seed .* is invalid:\n {2}agents\[0\]\.tier/,
    );
    expect(proc.output().stdout).toBe('');
  });
});
