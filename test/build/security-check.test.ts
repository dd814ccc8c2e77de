// The CI security checks (scripts/security-check-lib.ts) pass on this code and catch a bad one:
// a window with Node in its renderer, no navigation guard, an unsafe CSP, a fuse left open; and
// `npm audit` output read right whether it finds advisories or cannot reach the database.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  auditVerdict,
  cspFindings,
  electronFindings,
  fuseFindings,
} from '../../scripts/security-check-lib.js';
import { root } from './build-lock.js';

const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const shellFiles = () =>
  readdirSync(path.join(root, 'main/shell'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({
      path: `main/shell/${f}`,
      text: readFileSync(path.join(root, 'main/shell', f), 'utf8'),
    }));

const BAD_WINDOW = `
import { app, BrowserWindow } from 'electron';
function options() {
  return { webPreferences: { contextIsolation: false, nodeIntegration: true, webSecurity: false } };
}
export const a = new BrowserWindow(options());
export const b = new BrowserWindow({ webPreferences: { contextIsolation: true, sandbox: true, allowRunningInsecureContent: true } });
export const c = new BrowserWindow(somethingElse);
app.on('ready', () => undefined);
`;

describe('Electron security check', () => {
  it('finds nothing wrong with main/shell, the CSP and the fuses as they are', () => {
    expect(electronFindings(shellFiles())).toEqual([]);
    expect(cspFindings(readFileSync(path.join(root, 'renderer/index.html'), 'utf8'))).toEqual([]);
    const builder = yaml.load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as {
      electronFuses: Record<string, unknown>;
    };
    expect(fuseFindings(builder.electronFuses)).toEqual([]);
  });

  it('catches unsafe webPreferences, unreadable options and missing navigation guards', () => {
    const problems = electronFindings([{ path: 'bad.ts', text: BAD_WINDOW }]).join('\n');
    expect(problems).toMatch(/bad\.ts:4: webPreferences\.contextIsolation must be true/);
    expect(problems).toMatch(/bad\.ts:4: webPreferences\.sandbox must be true/);
    expect(problems).toMatch(/bad\.ts:4: webPreferences\.nodeIntegration must be false/);
    expect(problems).toMatch(/bad\.ts:4: webPreferences\.webSecurity must be true/);
    expect(problems).toMatch(
      /bad\.ts:7: webPreferences\.allowRunningInsecureContent must be false/,
    );
    expect(problems).toMatch(/bad\.ts:8: new BrowserWindow\(…\) without webPreferences/);
    expect(problems).toMatch(/window\.open is allowed/);
    expect(problems).toMatch(/navigation is allowed/);
    expect(problems).toMatch(/web-contents-created/);
  });

  it('reads shorthand properties and const variables: `{ webSecurity }` is no way round it', () => {
    const text = `
import { BrowserWindow } from 'electron';
const webSecurity = false;
const contextIsolation = true;
const sandbox = contextIsolation;
const prefs = { contextIsolation, sandbox, webSecurity };
export const w = new BrowserWindow({ webPreferences: { contextIsolation, sandbox, webSecurity } });
export const v = new BrowserWindow({ webPreferences: prefs });
`;
    const problems = electronFindings([{ path: 'short.ts', text }]);
    expect(problems).toContain('short.ts:7: webPreferences.webSecurity must be true');
    expect(problems.join('\n')).not.toMatch(
      /short\.ts:7: webPreferences\.(sandbox|contextIsolation)/,
    );
    // Through a variable the window's own literal check cannot see; its webPreferences still can.
    expect(problems).toContain('short.ts:8: webPreferences.webSecurity must be true');
  });

  it('the guards must be on every webContents, not merely written somewhere', () => {
    const text = `
import { app, BrowserWindow } from 'electron';
export const w = new BrowserWindow({ webPreferences: { contextIsolation: true, sandbox: true } });
// Only the one window is guarded; other webContents (a devtools, a child) are not.
w.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
w.webContents.on('will-navigate', (event) => event.preventDefault());
app.on('web-contents-created', (_event, contents) => {
  contents.setWindowOpenHandler(() => ({ action: 'allow' }));
  contents.on('will-navigate', (event) => console.log(event.url, 'preventDefault()'));
});
`;
    const problems = electronFindings([{ path: 'once.ts', text }]).join('\n');
    expect(problems).toMatch(/window\.open is allowed/);
    expect(problems).toMatch(/navigation is allowed/);
  });

  it('catches a missing or unsafe CSP and an open fuse', () => {
    expect(cspFindings('<html><head></head></html>')).toEqual([
      'renderer/index.html has no Content-Security-Policy',
    ]);
    expect(
      cspFindings(
        `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'unsafe-eval'" />`,
      ),
    ).toEqual(["CSP default-src is not 'none'", "CSP script-src allows 'unsafe-eval'"]);
    expect(fuseFindings({ runAsNode: true, onlyLoadAppFromAsar: true })).toEqual(
      expect.arrayContaining([
        'electron-builder.yml electronFuses.runAsNode must be false',
        'electron-builder.yml electronFuses.enableNodeCliInspectArguments must be false',
      ]),
    );
  });
});

describe('dependency audit verdict', () => {
  const report = (vulnerabilities: Record<string, { severity: string }>) =>
    JSON.stringify({
      auditReportVersion: 2,
      vulnerabilities: Object.fromEntries(
        Object.entries(vulnerabilities).map(([name, v]) => [name, { ...v, via: [], name }]),
      ),
      metadata: {
        vulnerabilities: Object.values(vulnerabilities).reduce<Record<string, number>>(
          (counts, v) => ({ ...counts, [v.severity]: (counts[v.severity] ?? 0) + 1 }),
          { info: 0, low: 0, moderate: 0, high: 0, critical: 0 },
        ),
      },
    });

  it('fails on a high or critical advisory, naming the package', () => {
    expect(
      auditVerdict(report({ fastify: { severity: 'high' }, pino: { severity: 'low' } })),
    ).toEqual({
      outcome: 'fail',
      summary: '0 critical, 1 high, 0 moderate, 1 low',
      findings: ['fastify (high)'],
    });
  });

  it('passes on moderate and low only', () => {
    expect(auditVerdict(report({ pino: { severity: 'moderate' } })).outcome).toBe('pass');
  });

  it('skips, with the reason, when the advisory database does not answer (as on this registry)', () => {
    const unreachable = JSON.stringify({
      message:
        '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
      statusCode: 405,
    });
    expect(auditVerdict(unreachable)).toEqual({
      outcome: 'skip',
      summary: expect.stringMatching(/did not answer: 405 Method Not Allowed/),
    });
    expect(auditVerdict('').outcome).toBe('skip');
  });

  it('the script exits 0, 1 or 3 (skip) and says why on its last line', () => {
    const run = spawnSync(
      process.execPath,
      [path.join(root, 'scripts/security-check.mjs'), 'audit'],
      {
        cwd: root,
        encoding: 'utf8',
        timeout: 150_000,
      },
    );
    expect([0, 1, 3]).toContain(run.status);
    if (run.status === 3) {
      // Loud: a warning of its own, then the reason last (npm test's summary repeats it).
      expect(run.stdout).toMatch(/WARNING: the dependency audit did NOT run/);
      expect(run.stdout.trim().split('\n').pop()).toMatch(/^dependency audit skipped: .+/);
    }
  }, 160_000);
});
