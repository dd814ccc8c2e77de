// Signing in on a fresh desk for the training specs: whoever the shared web host still has signed
// in signs out first, the language is chosen on the sign-in screen, and the microphone explainer
// (shown once per workstation) is read.
import { expect, type Page } from '@playwright/test';

export async function lastSignIn(
  page: Page,
  username: string,
  language: 'zh-CN' | 'en',
): Promise<void> {
  const name = page.getByTestId('agent-name');
  const login = page.getByTestId('login-username');
  await expect(login.or(name)).toBeVisible();
  if (await name.isVisible()) {
    await page.getByTestId('sign-out').click();
    await expect(login).toBeVisible();
  }
  // The embedded demo service: the sign-in screen shows its demo account.
  const demo = page.getByTestId('demo-account');
  await expect(demo).toContainText('agent01');
  await expect(demo).toContainText('demo-pass-1');
  await page.getByTestId('language-select').selectOption(language);
  await login.fill(username);
  await page.getByTestId('login-password').fill('demo-pass-1');
  await page.getByTestId('login-submit').click();
  await expect(name).toBeVisible();
  const explainer = page.getByTestId('microphone-continue');
  const start = page.getByTestId('training-start');
  await expect(explainer.or(start)).toBeVisible({ timeout: 20_000 });
  if (await explainer.isVisible()) await explainer.click();
  await expect(start).toBeVisible({ timeout: 20_000 });
}
