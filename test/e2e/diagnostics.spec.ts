// IT's service desk asks an agent for diagnostics on a thin client: the status bar's "Export
// diagnostics" downloads one zip from the real web host, with the desk's journal state and no
// password in it. The web host shows no update notice: thin clients are updated on the server.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { expect, test } from './fixtures.js';

test('agent exports diagnostics for IT from the status bar', async ({ page, web }) => {
  await page.goto(web.url);
  await page.getByTestId('login-username').fill('agent01');
  await page.getByTestId('login-password').fill('demo-pass-1');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('agent-name')).toHaveText('张伟');

  const bar = page.getByTestId('update-status');
  await expect(bar).toHaveAttribute('data-state', 'off');
  await expect(page.getByTestId('update-ready')).toHaveCount(0);
  const shots = path.resolve('.tmp/screenshots');
  mkdirSync(shots, { recursive: true });
  await page.locator('footer.app-footer').screenshot({
    path: path.join(shots, 'status-bar-diagnostics.png'),
  });

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-diagnostics').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^agent-desk-diagnostics-\d{8}T\d{6}Z\.zip$/);
  const saved = path.join(test.info().outputDir, download.suggestedFilename());
  await download.saveAs(saved);
  const parts = Object.fromEntries(
    Object.entries(unzipSync(readFileSync(saved))).map(([name, bytes]) => [name, strFromU8(bytes)]),
  );
  for (const part of [
    'versions.json',
    'settings.json',
    'policy.json',
    'connectivity.json',
    'journal.json',
    'update.json',
  ])
    expect(Object.keys(parts)).toContain(part);
  expect(JSON.parse(parts['versions.json']!)).toMatchObject({ host: 'web' });
  expect(JSON.parse(parts['update.json']!)).toMatchObject({ state: 'off', reason: 'web-host' });
  const journal = JSON.parse(parts['journal.json']!);
  expect(journal.lastSeq).toBeGreaterThanOrEqual(1);
  expect(JSON.stringify(parts)).not.toContain('demo-pass-1');
});
