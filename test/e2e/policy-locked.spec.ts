// IT's managed policy on the desk: an agent whose language and phone shortcuts IT has fixed sees
// both marked as set by IT, in Chinese and in English, cannot change them, and the screens stay
// accessible (axe). The web host reads the file as the app reads /etc/agent-desk/policy.json.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expectNoSeriousViolations } from './axe.js';
import { expect, startWeb, test } from './fixtures.js';

const LOCKED = {
  'zh-CN': { language: 'IT 已锁定', shortcuts: '快捷键由 IT 统一设置，无法在本机更改。' },
  en: {
    language: 'Set by IT',
    shortcuts: 'Shortcuts are set by IT and cannot be changed on this computer.',
  },
} as const;

for (const language of ['zh-CN', 'en'] as const) {
  test(`an agent sees the settings IT locked as set by IT (${language})`, async ({
    browser,
    records,
  }) => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'agent-desk-e2e-policy-'));
    const policyFile = path.join(dataDir, 'policy.json');
    writeFileSync(
      policyFile,
      JSON.stringify({
        language,
        shortcuts: { answer: 'Ctrl+Alt+A', hangup: 'Ctrl+Alt+H', hold: '', mute: '' },
        // Nothing listens there: the phone starts and keeps trying, enough to open its settings.
        sipAccount: {
          wsUrl: 'ws://127.0.0.1:9/ws',
          domain: 'bank.example',
          user: '1001',
        },
      }),
    );
    writeFileSync(
      path.join(dataDir, 'settings.json'),
      // The password never in the policy: IT drops it here and the desk seals it at start.
      JSON.stringify({ microphoneExplained: true, sipAccount: { password: 'x' } }),
    );
    const web = await startWeb(records.url, ['--policy', policyFile], { dataDir });
    const context = await browser.newContext({ permissions: ['microphone'] });
    try {
      const page = await context.newPage();
      await page.goto(web.url);
      await page.getByTestId('login-username').fill('agent01');
      await page.getByTestId('login-password').fill('demo-pass-1');
      await page.getByTestId('login-submit').click();
      await expect(page.getByTestId('agent-name')).toBeVisible();

      const select = page.getByTestId('language-select');
      await expect(select).toBeDisabled();
      await expect(select).toHaveValue(language);
      // The hint the select points at (aria-describedby), with its longer explanation for readers.
      const hint = page.locator(`#${await select.getAttribute('aria-describedby')}`);
      await expect(hint).toBeVisible();
      await expect(hint).toContainText(LOCKED[language].language);
      await expectNoSeriousViolations(page, `desk with a locked language (${language})`);

      await page.getByTestId('phone-settings-open').click();
      const dialog = page.getByTestId('phone-settings');
      await expect(dialog.getByText(LOCKED[language].shortcuts)).toBeVisible();
      await expect(dialog.getByTestId('shortcut-answer')).toContainText('Ctrl+Alt+A');
      for (const button of await dialog.getByTestId('shortcut-answer').getByRole('button').all())
        await expect(button).toBeDisabled();
      await expectNoSeriousViolations(page, `phone settings with locked shortcuts (${language})`);
    } finally {
      await context.close();
      await web.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
}
