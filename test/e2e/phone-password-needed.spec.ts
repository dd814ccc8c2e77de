// A desk whose sealed SIP password no longer opens (a copied profile, another user): it starts,
// nothing crashes, and the agent reads that the phone account needs its password — in Chinese
// and in English, axe-clean. Real web host (embedded demo records service), Debian's Chromium.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expectNoSeriousViolations } from './axe.js';
import { expect, startProcess, test } from './fixtures.js';

const SCREENS = path.resolve(import.meta.dirname, '../../.tmp/screens');

test('a sealed SIP password that will not open: the desk starts and says the account needs it', async ({
  page,
}) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'agent-desk-e2e-sealed-'));
  const sealed = path.join(dataDir, 'sip-password.sealed');
  writeFileSync(
    path.join(dataDir, 'settings.json'),
    JSON.stringify({
      sipAccount: { wsUrl: 'wss://pbx.bank.example/ws', domain: 'pbx.bank.example', user: '1001' },
    }),
  );
  writeFileSync(sealed, 'agent-desk-sealed:v1:key-file:bm90LXNlYWxlZC1oZXJl\n');
  const web = await startProcess('dist/web/cli.js', ['--demo'], { dataDir });
  try {
    mkdirSync(SCREENS, { recursive: true });
    await page.goto(web.url);
    const notice = page.getByTestId('notice-sip-password-unreadable');
    await expect(notice).toContainText('电话账号需要密码');
    await expect(notice).toContainText(sealed);
    await expectNoSeriousViolations(page, 'sealed password unreadable (zh-CN)');
    await page.screenshot({ path: path.join(SCREENS, 'sip-password-unreadable-zh-CN.png') });
    await page.getByTestId('language-select').selectOption('en');
    await expect(notice).toContainText('The phone account needs its password');
    await expectNoSeriousViolations(page, 'sealed password unreadable (en)');
    // Kept for IT to look at, never replaced.
    expect(readFileSync(sealed, 'utf8')).toContain('bm90LXNlYWxlZC1oZXJl');
  } finally {
    await web.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
