// An agent's first minute: open Agent Desk, sign in, see who they are, switch language, sign out.
// Real records service (PGlite + demo seed) and real web host, in Debian's Chromium.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { journalDiskText, journalEntries } from '../support/journal.js';
import { expect, startWeb, test } from './fixtures.js';

test.describe('agent signs in', () => {
  test('with the right password sees name and tier, and the journal records sign-in and sign-out', async ({
    page,
    web,
  }) => {
    await page.goto(web.url);
    await page.getByTestId('login-username').fill('agent01');
    await page.getByTestId('login-password').fill('demo-pass-1');
    await page.getByTestId('login-submit').click();
    await expect(page.getByTestId('agent-name')).toHaveText('张伟');
    await expect(page.getByTestId('agent-tier')).toHaveText('坐席');
    // The launch token does not linger in the address bar.
    expect(page.url()).not.toContain('token=');
    await page.getByTestId('sign-out').click();
    await expect(page.getByTestId('login-username')).toBeVisible();

    const entries = journalEntries(web.dataDir);
    expect(entries.map((e) => e.type)).toEqual(['auth.sign-in', 'auth.sign-out']);
    expect(entries[0]?.data).toMatchObject({ username: 'agent01', tier: 'agent' });
    expect(JSON.stringify(entries)).not.toContain('demo-pass-1');
    expect(journalDiskText(web.dataDir)).not.toContain('demo-pass-1');
  });

  test('with a wrong password is refused with a clear message and stays signed out', async ({
    page,
    web,
  }) => {
    await page.goto(web.url);
    await page.getByTestId('login-username').fill('agent01');
    await page.getByTestId('login-password').fill('not-the-password');
    await page.getByTestId('login-submit').click();
    await expect(page.getByTestId('login-error')).toContainText('用户名或密码不正确');
    await expect(page.getByTestId('agent-name')).toHaveCount(0);
    // The password field is cleared after a failed attempt.
    await expect(page.getByTestId('login-password')).toHaveValue('');
  });

  test('switches to English, and the choice survives a reload and a restart of the host', async ({
    page,
    records,
  }) => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'agent-desk-e2e-restart-'));
    try {
      const first = await startWeb(records.url, [], { dataDir, keepDataDir: true });
      await page.goto(first.url);
      await expect(page.getByTestId('login-submit')).toHaveText(/登录/);
      await page.getByTestId('language-select').selectOption('en');
      await expect(page.getByTestId('login-submit')).toHaveText(/Sign in/i);
      await page.reload();
      await expect(page.getByTestId('login-submit')).toHaveText(/Sign in/i);
      await first.stop();

      // As after an app restart: a new host, a new token, the same data dir.
      const second = await startWeb(records.url, [], { dataDir, keepDataDir: true });
      await page.goto(second.url);
      await expect(page.getByTestId('login-submit')).toHaveText(/Sign in/i);
      await expect(page.getByTestId('language-select')).toHaveValue('en');
      await second.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('without the launch token the page is refused', async ({ page, web }) => {
    const bare = new URL(web.url);
    bare.search = '';
    const response = await page.goto(bare.toString());
    expect(response?.status()).toBe(401);
  });
});
