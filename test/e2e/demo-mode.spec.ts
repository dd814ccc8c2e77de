// A desk run from a checkout with no records service (`npm run web`, which passes --demo): the
// embedded demo records service, and the screen says so — on the sign-in screen and in the status
// bar, in both languages, axe-clean. Without --demo a host missing its --records stops instead. A
// records URL that would travel in clear to another machine is refused before anything connects
// (Art. 15), naming the URL and the key IT can set.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expectNoSeriousViolations } from './axe.js';
import { expect, startProcess, test as base, type Started } from './fixtures.js';

const SCREENS = path.resolve(import.meta.dirname, '../../.tmp/screens');
const root = path.resolve(import.meta.dirname, '../..');

const test = base.extend<object, { demoDesk: Started }>({
  demoDesk: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const web = await startProcess('dist/web/cli.js', ['--demo']);
      await use(web);
      await web.stop();
    },
    { scope: 'worker', timeout: 120_000 },
  ],
});

test.describe('the embedded demo records service', () => {
  test('is named on the sign-in screen and in the status bar, in Chinese and in English', async ({
    page,
    demoDesk,
  }) => {
    mkdirSync(SCREENS, { recursive: true });
    await page.goto(demoDesk.url);
    await expect(page.getByTestId('demo-warning')).toHaveText(/演示记录服务 — 非真实客户/);
    await expect(page.getByTestId('records-embedded')).toHaveText('演示记录服务 — 非真实客户');
    await expectNoSeriousViolations(page, 'demo sign-in (zh-CN)');
    await page.screenshot({ path: path.join(SCREENS, 'demo-mode-zh-CN.png'), fullPage: true });

    await page.getByTestId('language-select').selectOption('en');
    await expect(page.getByTestId('demo-warning')).toHaveText(
      /Demo records service — not for customers/,
    );
    await expect(page.getByTestId('records-embedded')).toHaveText(
      'Demo records service — not for customers',
    );
    await expectNoSeriousViolations(page, 'demo sign-in (en)');
    await page.screenshot({ path: path.join(SCREENS, 'demo-mode-en.png'), fullPage: true });
  });
});

test.describe('a records service in clear on the network', () => {
  test('is refused at start, naming the URL and the policy key; nothing listens', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'agent-desk-e2e-insecure-'));
    try {
      const run = spawnSync(
        process.execPath,
        [
          path.join(root, 'dist/web/cli.js'),
          '--port',
          '0',
          '--data-dir',
          dataDir,
          '--records',
          'http://10.20.30.40:8790',
        ],
        { cwd: root, encoding: 'utf8', timeout: 60_000 },
      );
      expect(run.status).toBe(1);
      expect(run.stdout).not.toContain('listening:');
      expect(run.stderr).toContain('http://10.20.30.40:8790');
      expect(run.stderr).toContain('allowInsecureTransport');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

test.describe('a web host with neither --records nor --demo', () => {
  test('stops, naming --records, --demo and the policy keys; nothing listens', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'agent-desk-e2e-nodemo-'));
    try {
      const run = spawnSync(
        process.execPath,
        [path.join(root, 'dist/web/cli.js'), '--port', '0', '--data-dir', dataDir],
        { cwd: root, encoding: 'utf8', timeout: 60_000 },
      );
      expect(run.status).toBe(1);
      expect(run.stdout).not.toContain('listening:');
      expect(run.stderr).toContain('no records service configured');
      expect(run.stderr).toContain('--records <url>');
      expect(run.stderr).toContain('--demo');
      expect(run.stderr).toContain('recordsUrl');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
