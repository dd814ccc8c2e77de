// The records service's deployment files (deploy/records-service/): the container image runs as
// a non-root user with a liveness health check and production dependencies only, the systemd unit
// is valid and hardened, and the flags both start the service with pass its production guards.
// The image is built and started where a Docker engine answers; elsewhere that test says why not.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { parseCliArgs } from '../../../server/cli-args.js';

vi.setConfig({ testTimeout: 900_000 });

const REPO = new URL('../../../', import.meta.url).pathname;
const DOCKERFILE = readFileSync(join(REPO, 'deploy/records-service/Dockerfile'), 'utf8');
const UNIT = readFileSync(join(REPO, 'deploy/records-service/agent-desk-records.service'), 'utf8');
const PEPPER = { RECORDS_PEPPER: 'deploy-test-pepper-0123456789' };

/** Dockerfile instructions, continuation lines joined, comments dropped. */
function instructions(text: string): { op: string; args: string }[] {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [op, ...rest] = line.split(/\s+/);
      return { op: op!.toUpperCase(), args: rest.join(' ') };
    });
}

/** The unit's [Service] keys; a key given twice keeps every value. */
function serviceKeys(text: string): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      section = header[1]!;
      continue;
    }
    const eq = line.indexOf('=');
    if (section !== 'Service' || eq < 0) continue;
    const key = line.slice(0, eq);
    keys.set(key, [...(keys.get(key) ?? []), line.slice(eq + 1)]);
  }
  return keys;
}

describe('the container image (Dockerfile)', () => {
  const all = instructions(DOCKERFILE);
  const lastFrom = all.map((i) => i.op).lastIndexOf('FROM');
  const final = all.slice(lastFrom);

  it('builds in stages on Node 20 and ships production dependencies only', () => {
    const froms = all.filter((i) => i.op === 'FROM').map((i) => i.args);
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const from of froms) expect(from).toMatch(/^node:20[-.\w]*/);
    // The runtime's node_modules come from the stage that installed with --omit=dev.
    const copy = final.find((i) => i.op === 'COPY' && /node_modules/.test(i.args));
    const stage = /--from=(\S+)/.exec(copy?.args ?? '')?.[1];
    const stageStart = all.findIndex((i) => i.op === 'FROM' && i.args.endsWith(` AS ${stage}`));
    const stageRuns = all.slice(stageStart + 1).filter((i) => i.op === 'RUN');
    expect(stageRuns[0]?.args).toMatch(/npm ci --omit=dev/);
    expect(
      final.some((i) => i.op === 'COPY' && /\.\s*$/.test(i.args) && !/--from/.test(i.args)),
    ).toBe(false); // no source tree in the runtime image
  });

  it('runs as a non-root user', () => {
    const users = final.filter((i) => i.op === 'USER').map((i) => i.args);
    expect(users.length).toBeGreaterThan(0);
    const user = users.at(-1)!.split(':')[0]!;
    expect(['root', '0']).not.toContain(user);
  });

  it('checks liveness, not readiness, in its HEALTHCHECK', () => {
    const check = final.find((i) => i.op === 'HEALTHCHECK');
    expect(check?.args).toMatch(/CMD/);
    expect(DOCKERFILE).toMatch(/HEALTHCHECK_URL=http:\/\/127\.0\.0\.1:8790\/health\/live/);
  });

  it('starts the service with flags that pass its production guards', () => {
    const entry = JSON.parse(final.find((i) => i.op === 'ENTRYPOINT')!.args) as string[];
    const cmd = JSON.parse(final.find((i) => i.op === 'CMD')!.args) as string[];
    expect(entry).toEqual(['node', 'dist/server/cli.js']);
    const config = parseCliArgs(cmd, { ...PEPPER, DATABASE_URL: 'postgres://db/records' });
    expect(config).toMatchObject({ host: '0.0.0.0', behindTlsProxy: true, metricsPort: 9464 });
    // Without a pepper the container refuses to start, as the CLI does.
    expect(() => parseCliArgs(cmd, {})).toThrow(/RECORDS_PEPPER is not set/);
  });

  it('keeps dependencies, build output, local data and secrets out of the build context', () => {
    const ignored = readFileSync(join(REPO, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['node_modules', 'dist', '.git', '.data', '.env'])
      expect(ignored).toContain(entry);
  });

  const engine = spawnSync('docker', ['info'], { encoding: 'utf8' });
  const noEngine =
    engine.error !== undefined
      ? 'no docker client on this machine'
      : engine.status !== 0
        ? `no Docker engine answers here (docker info: ${(engine.stderr || '').trim().split('\n')[0] ?? 'failed'})`
        : null;
  // Counted as skipped, with the reason in its title, where no engine answers.
  const dockerIt = noEngine === null ? it : it.skip;
  dockerIt(
    noEngine === null
      ? 'builds, starts as a non-root user and reports healthy'
      : `image build and start — skipped: ${noEngine}`,
    async () => {
      const tag = `agent-desk-records-test:${process.pid}`;
      const docker = (...args: string[]) => spawnSync('docker', args, { encoding: 'utf8' });
      const built = docker('build', '-f', 'deploy/records-service/Dockerfile', '-t', tag, REPO);
      expect(built.status, built.stderr).toBe(0);
      const run = docker('run', '-d', '-e', `RECORDS_PEPPER=${PEPPER.RECORDS_PEPPER}`, tag);
      expect(run.status, run.stderr).toBe(0);
      const id = run.stdout.trim();
      try {
        expect(docker('exec', id, 'id', '-u').stdout.trim()).toBe('10001');
        let health = '';
        for (let i = 0; i < 120 && health !== 'healthy'; i++) {
          await new Promise((resolve) => setTimeout(resolve, 2000));
          health = docker('inspect', '-f', '{{.State.Health.Status}}', id).stdout.trim();
        }
        expect(health).toBe('healthy');
        const stopped = docker('stop', '-t', '45', id);
        expect(stopped.status).toBe(0);
        expect(docker('inspect', '-f', '{{.State.ExitCode}}', id).stdout.trim()).toBe('0');
      } finally {
        docker('rm', '-f', id);
        docker('rmi', '-f', tag);
      }
    },
  );
});

describe('the systemd unit (agent-desk-records.service)', () => {
  const keys = serviceKeys(UNIT);
  const one = (key: string) => keys.get(key)?.at(-1);

  it('runs as its own user, secrets from an EnvironmentFile, restarted on failure', () => {
    expect(one('User')).toBe('agent-desk-records');
    expect(one('Group')).toBe('agent-desk-records');
    expect(one('EnvironmentFile')).toBe('/etc/agent-desk/records.env');
    expect(UNIT).not.toMatch(/RECORDS_PEPPER=|DATABASE_URL=/); // never in the unit itself
    expect(one('Restart')).toBe('on-failure');
    expect(one('RestartPreventExitStatus')).toBe('2');
  });

  it('is hardened', () => {
    expect(Object.fromEntries([...keys].map(([k, v]) => [k, v.at(-1)]))).toMatchObject({
      NoNewPrivileges: 'yes',
      ProtectSystem: 'strict',
      ProtectHome: 'yes',
      PrivateTmp: 'yes',
      PrivateDevices: 'yes',
      CapabilityBoundingSet: '',
      RestrictSUIDSGID: 'yes',
    });
    expect(keys.has('MemoryDenyWriteExecute')).toBe(false); // V8's JIT needs it off
  });

  it('gives the graceful stop longer than the drain plus the longest request', () => {
    const exec = one('ExecStart')!.split(/\s+/);
    expect(exec[1]).toBe('/opt/agent-desk-records/dist/server/cli.js');
    const config = parseCliArgs(exec.slice(2), PEPPER);
    expect(config).toMatchObject({ host: '127.0.0.1', metricsPort: 9464 });
    // 30 s: the desk's journal batch timeout (main/core/journal/uploader.ts).
    expect(Number(one('TimeoutStopSec'))).toBeGreaterThanOrEqual(config.drainSeconds + 30);
    expect(one('KillSignal')).toBe('SIGTERM');
  });

  const analyze = spawnSync('systemd-analyze', ['--version']);
  const verifyIt = analyze.error ? it.skip : it;
  verifyIt(
    analyze.error
      ? 'systemd-analyze verify — skipped: systemd-analyze is not installed'
      : 'passes systemd-analyze verify without a warning',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'records-unit-'));
      try {
        // verify checks that ExecStart's program exists: point it at this machine's node.
        const file = join(dir, 'agent-desk-records.service');
        writeFileSync(file, UNIT.replace('/usr/bin/node ', `${process.execPath} `));
        const result = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8' });
        expect(result.status, result.stderr).toBe(0);
        expect(result.stderr.trim()).toBe('');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
