#!/usr/bin/env node
// `npm test`: every check and runner in one go, ending with one summary line of its own:
//   N passed, N failed, N skipped
// counted over lint, the format check, type-check, the security checks, vitest (PGlite), vitest on
// PostgreSQL and Playwright. A skipped test or runner prints why; a skip never counts as a pass.
// Exit code 1 if anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTempPostgres, stopTempPostgres } from './pg-temp.mjs';
import { ensureSystemDeps, PACKAGES } from './system-deps.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tmp = path.join(root, '.tmp');
mkdirSync(tmp, { recursive: true });
const bin = (name) => path.join(root, 'node_modules/.bin', name);
const totals = { passed: 0, failed: 0, skipped: 0 };
/** Security checks that skipped (exit 3): repeated loudly at the very end of the summary. */
const unchecked = [];
const skips = [];
/** Tests that failed once and passed on Playwright's one retry. */
const flakes = [];
const failures = [];

const section = (title) =>
  console.log(`\n━━ ${title} ${'━'.repeat(Math.max(0, 70 - title.length))}`);
// DATABASE_URL (CI exports it) is given only to the PostgreSQL pass: every other runner uses its
// own throwaway PGlite store. Inherited, it made the first vitest pass and every e2e records
// service share one database, so one test's suspended customer failed another test.
const { DATABASE_URL: databaseUrl, ...baseEnv } = process.env;
const run = (cmd, args, env = {}) =>
  spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...baseEnv, ...env } }).status;

/** A single pass/fail check (lint, one type-check). */
function check(name, cmd, args) {
  section(name);
  if (run(cmd, args) === 0) totals.passed += 1;
  else {
    totals.failed += 1;
    failures.push(name);
  }
}

/** A security check (scripts/security-check.mjs): exit 3 is a skip whose last line says why. */
function securityCheck(name, which) {
  section(name);
  const result = spawnSync(
    process.execPath,
    [path.join(root, 'scripts/security-check.mjs'), which],
    {
      cwd: root,
      encoding: 'utf8',
      env: baseEnv,
    },
  );
  process.stdout.write(result.stdout ?? '');
  process.stderr.write(result.stderr ?? '');
  if (result.status === 0) totals.passed += 1;
  else if (result.status === 3) {
    const reason = (result.stdout ?? '').trim().split('\n').pop() ?? 'no reason given';
    skip(name, reason);
    // A security check that could not run is not a detail in a list: the summary ends with it.
    unchecked.push(`${name}: ${reason}`);
  } else {
    totals.failed += 1;
    failures.push(name);
  }
}

function skip(name, reason, count = 1) {
  totals.skipped += count;
  skips.push(`${name}: ${reason}`);
  console.log(`skipped: ${name} — ${reason}`);
}

/** Vitest with its JSON report; counts every test, lists skipped ones (their titles say why). */
function vitest(name, args, env = {}) {
  section(name);
  const report = path.join(tmp, `vitest-${name.replace(/\W+/g, '-')}.json`);
  rmSync(report, { force: true });
  const status = run(
    bin('vitest'),
    ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args],
    env,
  );
  if (!existsSync(report)) {
    totals.failed += 1;
    failures.push(`${name} (vitest wrote no report; exit ${status})`);
    return;
  }
  const json = JSON.parse(readFileSync(report, 'utf8'));
  totals.passed += json.numPassedTests;
  totals.failed += json.numFailedTests;
  totals.skipped += json.numPendingTests + json.numTodoTests;
  if (json.numFailedTests > 0) failures.push(`${name}: ${json.numFailedTests} failed`);
  // A file that failed to load has no test results at all: that is a failure, not silence.
  const brokenFiles = json.testResults.filter(
    (f) => f.status === 'failed' && f.assertionResults.length === 0,
  );
  if (brokenFiles.length) {
    totals.failed += brokenFiles.length;
    failures.push(
      ...brokenFiles.map((f) => `${name}: ${path.relative(root, f.name)} failed to load`),
    );
  }
  for (const file of json.testResults)
    for (const t of file.assertionResults)
      if (t.status === 'pending' || t.status === 'skipped' || t.status === 'todo')
        skips.push(`${name}: ${t.fullName}`);
  if (status !== 0 && json.numFailedTests === 0 && brokenFiles.length === 0) {
    totals.failed += 1;
    failures.push(`${name} exited ${status}`);
  }
}

function playwright() {
  section('playwright (Chromium)');
  const report = path.join(tmp, 'playwright.json');
  rmSync(report, { force: true });
  const status = run(bin('playwright'), ['test', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: report,
  });
  if (!existsSync(report)) {
    totals.failed += 1;
    failures.push(`playwright wrote no report (exit ${status})`);
    return;
  }
  const json = JSON.parse(readFileSync(report, 'utf8'));
  const { expected = 0, unexpected = 0, skipped = 0, flaky = 0 } = json.stats ?? {};
  totals.passed += expected + flaky;
  totals.failed += unexpected;
  totals.skipped += skipped;
  if (unexpected) failures.push(`playwright: ${unexpected} failed`);
  const walk = (suite, trail) => {
    for (const spec of suite.specs ?? [])
      for (const t of spec.tests ?? [])
        if (t.status === 'flaky') {
          // Passed on its retry: counted as passed, but named so nobody mistakes it for stable.
          flakes.push(`playwright: ${[...trail, spec.title].join(' › ')}`);
        } else if (t.status === 'skipped') {
          const why = [
            ...(t.annotations ?? []),
            ...(t.results ?? []).flatMap((r) => r.annotations ?? []),
          ]
            .filter((a) => a.type === 'skip')
            .map((a) => a.description)
            .filter((d, i, all) => d && all.indexOf(d) === i);
          skips.push(
            `playwright: ${[...trail, spec.title].join(' › ')}${why.length ? ` — ${why.join('; ')}` : ''}`,
          );
        }
    for (const child of suite.suites ?? []) walk(child, [...trail, child.title]);
  };
  for (const suite of json.suites ?? []) walk(suite, [suite.title]);
  for (const error of json.errors ?? []) {
    totals.failed += 1;
    failures.push(`playwright: ${String(error.message ?? error).split('\n')[0]}`);
  }
}

section('system packages');
const missing = ensureSystemDeps();
console.log(missing.length ? `still missing: ${missing.join(', ')}` : 'all present');

section('build');
if (run(process.execPath, [path.join(root, 'scripts/build.mjs')]) !== 0) {
  console.log('\nbuild failed; nothing else can run');
  console.log('0 passed, 1 failed, 0 skipped');
  process.exit(1);
}

check('lint', bin('eslint'), ['--max-warnings=0', '.']);
check('format', bin('prettier'), ['--check', '.']);
for (const config of ['common', 'renderer', 'workers', 'core', 'main', 'test'])
  check(`typecheck ${config}`, bin('tsc'), ['-p', `tsconfig.${config}.json`]);

// Art. 17: Electron's security settings and the production dependencies' advisories.
securityCheck('security: Electron settings', 'electron');
securityCheck('security: dependency audit', 'audit');

vitest('vitest', []);

// The records-service suite once more on a real PostgreSQL: DATABASE_URL when given (CI sets
// it), else a throwaway cluster when the binaries are here.
if (databaseUrl) {
  vitest('vitest server on PostgreSQL', ['test/unit/server'], { DATABASE_URL: databaseUrl });
} else if (!missing.includes('postgresql')) {
  const pg = await startTempPostgres();
  try {
    vitest('vitest server on PostgreSQL', ['test/unit/server'], { DATABASE_URL: pg.url });
  } finally {
    stopTempPostgres(pg.dir);
  }
} else {
  skip(
    'vitest server on PostgreSQL',
    `no DATABASE_URL and no PostgreSQL installed (${PACKAGES.postgresql.for})`,
  );
}

if (missing.includes('chromium'))
  skip('playwright', 'Debian chromium is not installed (/usr/bin/chromium)');
else playwright();

section('summary');
if (skips.length) console.log(`skipped, and why:\n${skips.map((s) => `  - ${s}`).join('\n')}`);
if (flakes.length)
  console.log(
    `flaky (failed once, passed on the retry):\n${flakes.map((s) => `  - ${s}`).join('\n')}`,
  );
if (failures.length) console.log(`failed:\n${failures.map((s) => `  - ${s}`).join('\n')}`);
for (const u of unchecked)
  console.log(`WARNING: SECURITY CHECK NOT RUN (green does not cover it) — ${u}`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
