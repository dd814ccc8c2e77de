// The records service's production guards and operations flags (Art. 15): no development pepper
// without --demo (nor the published one set as RECORDS_PEPPER), warnings for risky set-ups, no
// plain HTTP on a network address, HTTPS with a certificate made here by openssl, and a graceful
// stop — readiness 503 at once, a slow in-flight request still answered, /metrics on its own port.
import { execFileSync, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CliUsageError, parseCliArgs } from '../../../server/cli-args.js';
import { DEV_PEPPER, DevPepperRefused, resolvePepper } from '../../../server/secrets.js';
import { bundleRecordsCli, runRecordsCli, type BundledCli } from '../../support/records-cli.js';
import { createTestSchema, DATABASE_URL, DB_KIND, type TestSchema } from './helpers.js';

vi.setConfig({ testTimeout: 90_000, hookTimeout: 90_000 });

const PEPPER = { RECORDS_PEPPER: 'production-test-pepper-0123' };
const HAS_OPENSSL = spawnSync('openssl', ['version']).status === 0;

describe('the production guards (parseCliArgs)', () => {
  it('refuses to start without RECORDS_PEPPER unless --demo, naming both ways out', () => {
    expect(() => parseCliArgs([], {})).toThrow(CliUsageError);
    expect(() => parseCliArgs([], {})).toThrow(
      /RECORDS_PEPPER is not set: refusing to start with the public development pepper.*or pass --demo/,
    );
    expect(parseCliArgs(['--demo'], {}).demo).toBe(true);
    expect(parseCliArgs([], PEPPER)).toMatchObject({ demo: false, pepper: PEPPER.RECORDS_PEPPER });
  });

  it('refuses plain HTTP on a network address unless TLS is served or a TLS proxy is named', () => {
    for (const host of ['0.0.0.0', '::', '10.1.2.3', 'records.bank.internal'])
      expect(() => parseCliArgs(['--host', host], PEPPER)).toThrow(
        /reachable from the network: refusing plain HTTP there; give --tls-cert and --tls-key, or --behind-tls-proxy/,
      );
    expect(parseCliArgs(['--host', '0.0.0.0', '--behind-tls-proxy'], PEPPER)).toMatchObject({
      host: '0.0.0.0',
      behindTlsProxy: true,
    });
    for (const host of ['127.0.0.1', '127.8.9.10', '::1', 'localhost'])
      expect(parseCliArgs(['--host', host], PEPPER).host, host).toBe(host);
    for (const host of ['127.example.com', 'records.localhost'])
      expect(() => parseCliArgs(['--host', host], PEPPER), host).toThrow(/reachable/);
  });

  it.each([
    [['--tls-cert', '/tmp/c.pem'], /--tls-cert and --tls-key go together/],
    [['--tls-cert', '/no/such.pem', '--tls-key', '/no/k.pem'], /--tls-cert: cannot read/],
    [['--trust-proxy', '10.0.0.1,nonsense'], /--trust-proxy must list IP addresses or CIDRs/],
    [['--trust-proxy', '10.0.0.0/33'], /--trust-proxy must list/],
    [['--metrics-host', '127.0.0.1'], /--metrics-host only makes sense with --metrics-port/],
    [['--metrics-port', '70000'], /--metrics-port must be an integer/],
    [['--drain-seconds', '121'], /--drain-seconds must be an integer from 0 to 120/],
  ] as const)('refuses %j', (argv, message) => {
    expect(() => parseCliArgs([...argv], PEPPER)).toThrow(CliUsageError);
    expect(() => parseCliArgs([...argv], PEPPER)).toThrow(message);
  });

  it('reads the operations flags', () => {
    expect(
      parseCliArgs(
        [
          '--trust-proxy',
          '10.0.0.0/8, 192.168.1.5',
          '--metrics-port',
          '9464',
          '--metrics-host',
          '10.0.0.7',
          '--drain-seconds',
          '10',
        ],
        PEPPER,
      ),
    ).toMatchObject({
      trustProxy: ['10.0.0.0/8', '192.168.1.5'],
      metricsPort: 9464,
      metricsHost: '10.0.0.7',
      drainSeconds: 10,
    });
  });

  it('resolvePepper refuses the development pepper outside demo mode', () => {
    expect(() => resolvePepper(undefined, undefined, { demo: false })).toThrow(DevPepperRefused);
    expect(() => resolvePepper('', undefined, { demo: false })).toThrow(/RECORDS_PEPPER/);
    expect(resolvePepper(undefined, undefined, { demo: true })).toMatch(/NOT-FOR-PRODUCTION/);
    expect(() => resolvePepper(DEV_PEPPER, undefined, { demo: false })).toThrow(DevPepperRefused);
    expect(() => resolvePepper('short', undefined, { demo: true })).toThrow(RangeError);
  });

  it('refuses RECORDS_PEPPER set to the published development pepper unless --demo', () => {
    const env = { RECORDS_PEPPER: DEV_PEPPER };
    expect(() => parseCliArgs([], env)).toThrow(CliUsageError);
    expect(() => parseCliArgs([], env)).toThrow(
      /RECORDS_PEPPER is the public development pepper.*or pass --demo/,
    );
    expect(parseCliArgs(['--demo'], env).pepper).toBe(DEV_PEPPER);
  });

  it('warns about --behind-tls-proxy without --trust-proxy (one rate limit for every agent)', () => {
    const alone = parseCliArgs(['--host', '0.0.0.0', '--behind-tls-proxy'], PEPPER);
    expect(alone.warnings).toEqual([
      expect.stringMatching(/--behind-tls-proxy without --trust-proxy.*share one rate limit/),
    ]);
    const trusted = ['--host', '0.0.0.0', '--behind-tls-proxy', '--trust-proxy', '10.0.1.5'];
    expect(parseCliArgs(trusted, PEPPER).warnings).toBeUndefined();
  });

  it('warns about a DATABASE_URL to another machine without TLS, never echoing it', () => {
    const remote = 'postgres://records:s3cret@db.bank.internal/records';
    const warnings = parseCliArgs([], { ...PEPPER, DATABASE_URL: remote }).warnings;
    expect(warnings).toEqual([expect.stringMatching(/without sslmode=verify-full/)]);
    expect(warnings!.join()).not.toMatch(/s3cret|db\.bank/);
    for (const url of [
      `${remote}?sslmode=verify-full&sslrootcert=/etc/ca.pem`,
      `${remote}?sslmode=require`,
      'postgres://records:s3cret@127.0.0.1:5432/records',
      'postgres://records@localhost/records',
      'postgresql:///records?host=/var/run/postgresql',
    ])
      expect(parseCliArgs([], { ...PEPPER, DATABASE_URL: url }).warnings, url).toBeUndefined();
    expect(
      parseCliArgs([], { ...PEPPER, DATABASE_URL: `${remote}?sslmode=disable` }).warnings,
    ).toHaveLength(1);
  });
});

describe(`the records service process in production (${DB_KIND})`, () => {
  let cli: BundledCli;
  let dir: string;
  let schema: TestSchema | undefined;
  beforeAll(async () => {
    cli = await bundleRecordsCli();
    dir = mkdtempSync(join(tmpdir(), 'records-prod-'));
    if (DATABASE_URL) schema = await createTestSchema(DATABASE_URL);
  });
  afterAll(async () => {
    await schema?.drop();
    cli?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const db = () => ({ DATABASE_URL: schema?.url });

  it('exits 2 without a pepper, saying why, before anything is started', async () => {
    const dataDir = join(dir, 'never');
    const proc = runRecordsCli(cli.path, ['--port', '0', '--data-dir', dataDir], db());
    expect(await proc.exited).toBe(2);
    expect(proc.output().stderr).toMatch(/RECORDS_PEPPER is not set: refusing to start/);
    expect(proc.output().stdout).toBe('');
    expect(existsSync(dataDir)).toBe(false);
  });

  it('exits 2 on a network address without TLS', async () => {
    const proc = runRecordsCli(cli.path, ['--host', '0.0.0.0', '--port', '0'], PEPPER);
    expect(await proc.exited).toBe(2);
    expect(proc.output().stderr).toMatch(/--host 0\.0\.0\.0 is reachable from the network/);
  });

  it('exits 2 on an http:// SMS webhook to another machine, without echoing the URL', async () => {
    const proc = runRecordsCli(
      cli.path,
      ['--port', '0', '--sms-webhook', 'http://sms.bank.internal/send?key=k3y'],
      PEPPER,
    );
    expect(await proc.exited).toBe(2);
    expect(proc.output().stderr).toMatch(/plain http:\/\/ to another machine/);
    expect(proc.output().stderr).not.toMatch(/k3y/);
  });

  it('prints a warning on stderr, then starts, behind a TLS proxy with no --trust-proxy', async () => {
    const proc = runRecordsCli(
      cli.path,
      ['--host', '0.0.0.0', '--behind-tls-proxy', '--port', '0', '--data-dir', join(dir, 'warn')],
      { ...PEPPER, ...db() },
    );
    try {
      await proc.listening;
      expect(proc.output().stderr).toMatch(
        /^records service: warning: --behind-tls-proxy without --trust-proxy/m,
      );
    } finally {
      proc.child.kill('SIGTERM');
      expect(await proc.exited).toBe(0);
    }
  });

  (HAS_OPENSSL ? it : it.skip)(
    HAS_OPENSSL
      ? 'serves HTTPS with --tls-cert and --tls-key (certificate made here with openssl)'
      : 'serves HTTPS — skipped: no openssl on this machine to make a certificate',
    async () => {
      const cert = join(dir, 'cert.pem');
      const key = join(dir, 'key.pem');
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-keyout',
          key,
          '-out',
          cert,
          '-days',
          '1',
          '-subj',
          '/CN=localhost',
          '-addext',
          'subjectAltName=IP:127.0.0.1,DNS:localhost',
        ],
        { stdio: 'ignore' },
      );
      const proc = runRecordsCli(
        cli.path,
        ['--port', '0', '--data-dir', join(dir, 'tls'), '--tls-cert', cert, '--tls-key', key],
        { ...PEPPER, ...db() },
      );
      try {
        const url = await proc.listening;
        expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
        const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
          const req = httpsRequest(`${url}/health/ready`, { ca: readFileSync(cert) }, (res) => {
            let body = '';
            res.on('data', (d) => (body += d));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          });
          req.on('error', reject);
          req.end();
        });
        expect(answer.status).toBe(200);
        expect(JSON.parse(answer.body)).toMatchObject({ status: 'ok', db: DB_KIND });
        // Plain HTTP to the TLS port gets no answer it could read as HTTP.
        await expect(fetch(url.replace('https:', 'http:') + '/health')).rejects.toThrow();
        // Without the certificate trusted, the client refuses: the service is not plain text.
        await expect(fetch(`${url}/health`)).rejects.toThrow();
      } finally {
        proc.child.kill('SIGTERM');
        expect(await proc.exited).toBe(0);
      }
    },
  );

  it('on SIGTERM: readiness 503 at once, a slow in-flight request answered, then exit 0; /metrics scraped on its own port', async () => {
    const proc = runRecordsCli(
      cli.path,
      [
        '--demo',
        '--port',
        '0',
        '--data-dir',
        join(dir, 'drain'),
        '--seed',
        join(new URL('../../../', import.meta.url).pathname, 'server/seed/demo-seed.json'),
        '--metrics-port',
        '0',
        '--drain-seconds',
        '2',
      ],
      db(),
    );
    const url = await proc.listening;
    // On stderr, written before the listening line; the two pipes may arrive in either order.
    await vi.waitFor(() => expect(proc.output().stderr).toMatch(/metrics at \S+\n/));
    const metricsUrl = /metrics at (\S+)/.exec(proc.output().stderr)?.[1];
    expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect((await fetch(`${url}/health/live`)).status).toBe(200);
    expect((await fetch(`${url}/health/ready`)).status).toBe(200);
    const body = JSON.stringify({ username: 'agent01', password: 'demo-pass-1' });
    const signIn = await fetch(`${url}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(signIn.status).toBe(200);
    // Not on the public port; on the metrics port in Prometheus text format.
    expect((await fetch(`${url}/metrics`)).status).toBe(404);
    const scrape = await fetch(metricsUrl!);
    expect(scrape.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await scrape.text();
    expect(text).toMatch(
      /agent_desk_http_request_duration_seconds_count\{route="\/api\/v1\/auth\/sign-in",method="POST",status="200"\} 1\n/,
    );
    expect(text).toMatch(/# TYPE agent_desk_alerts_unresolved gauge/);
    expect(text).toMatch(/# TYPE agent_desk_journal_entries_total counter/);
    expect(text).not.toMatch(/demo-pass-1/);

    // The slow request: headers and half the body now, the rest after the signal.
    const { port } = new URL(url);
    const socket = connect(Number(port), '127.0.0.1');
    await once(socket, 'connect');
    let answer = '';
    socket.on('data', (d) => (answer += d));
    socket.write(
      `POST /api/v1/auth/sign-in HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 10)}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    const signalled = Date.now();
    proc.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const ready = await fetch(`${url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({
      status: 'unavailable',
      error: { code: 'unavailable', message: 'the service is shutting down' },
    });
    expect((await fetch(`${url}/health/live`)).status).toBe(200); // draining, not dead
    socket.write(body.slice(10));
    await once(socket, 'close');
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toMatch(/\r\nconnection: close\r\n/i);
    expect(await proc.exited).toBe(0);
    expect(Date.now() - signalled).toBeGreaterThanOrEqual(2000); // the drain was honoured
    await expect(fetch(metricsUrl!)).rejects.toThrow(); // the metrics listener closed too
  });
});

describe('TLS files', () => {
  it('refuses a certificate file that is not PEM', () => {
    const dir = mkdtempSync(join(tmpdir(), 'records-pem-'));
    try {
      writeFileSync(join(dir, 'c.pem'), 'not a certificate');
      writeFileSync(join(dir, 'k.pem'), 'not a key');
      expect(() =>
        parseCliArgs(['--tls-cert', join(dir, 'c.pem'), '--tls-key', join(dir, 'k.pem')], PEPPER),
      ).toThrow(/--tls-cert: .* is not a PEM file of the expected kind/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
