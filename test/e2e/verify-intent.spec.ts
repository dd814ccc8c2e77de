// The agent's day (Art. 4(2)): a caller verified for an enquiry then wants a fund transfer. The
// agent changes the business with a reason; the session re-plans and asks only the transaction
// password before the read-back; the badge names the business it verified; the change is
// journaled with its reason. Run in both languages; the secrets scan of fixtures-verify.ts holds.
import { verifyEn } from '../../renderer/i18n/verify.en.js';
import { verifyZhCN } from '../../renderer/i18n/verify.zh-CN.js';
import { CUSTOMERS, expect, KAMAILIO_MISSING, test } from './fixtures-verify.js';
import {
  answer,
  chooseBusinessType,
  confirmIdentity,
  customerCalls,
  customerKeys,
  expectSteps,
  expectStepStatus,
  expectVerified,
  hangUp,
  panel,
  submitBasic,
} from './verify-helpers.js';

test.skip(KAMAILIO_MISSING !== null, KAMAILIO_MISSING ?? '');
test.describe.configure({ timeout: 120_000 });

for (const language of ['zh-CN', 'en'] as const) {
  const text = language === 'en' ? verifyEn : verifyZhCN;
  const badge = (type: 'enquiry' | 'fund-transfer') =>
    text.verified.badge.replace('{{business}}', text.business.types[type]);

  test.describe(`intent change in ${language}`, () => {
    test.use({ deskLanguage: language });

    test('an enquiry stepped up to a fund transfer asks only the password', async ({
      desk,
      callFrom,
      lines,
      snap,
    }) => {
      const { page } = desk;
      const wang = CUSTOMERS.wangFang;
      const phone = await callFrom(wang.mobile);
      await customerCalls(desk, phone, lines.agent.user, [wang]);
      await answer(desk, phone);

      // Verified for the enquiry first; the badge names it.
      await chooseBusinessType(page, 'enquiry');
      await expectSteps(page, ['basic', 'confirmation']);
      await submitBasic(page, wang.mobile, wang.nationalId);
      await expectStepStatus(page, 'basic', 'passed');
      await confirmIdentity(page, wang);
      await expectVerified(page);
      const verified = panel(page).getByTestId('verified-badge');
      await expect(verified).toHaveText(badge('enquiry'));
      await expect(verified).toHaveAttribute('data-business', 'enquiry');
      await snap(page, `intent-01-enquiry-verified-${language}`);

      // The caller now wants a transfer: the agent records the change and why.
      await panel(page).getByTestId('business-change-open').click();
      const form = panel(page).getByTestId('business-change');
      await form.getByTestId('business-change-type').selectOption('fund-transfer');
      await form.getByTestId('business-change-reason').selectOption('customer-new-request');
      await form.getByTestId('business-change-note').fill('转账给家人');
      // The policy's prediction: the password, then the read-back; no basic check again.
      const plan = form.getByTestId('business-change-plan');
      await expect(plan).toContainText(text.steps.names.password);
      await expect(plan).not.toContainText(text.steps.names.basic);
      await snap(page, `intent-02-change-form-${language}`);
      await form.getByTestId('business-change-submit').click();

      // Re-planned by the records service: basic stays passed, only the password is asked.
      await expectSteps(page, ['basic', 'password', 'confirmation']);
      await expectStepStatus(page, 'basic', 'passed');
      await expectStepStatus(page, 'password', 'active');
      await expectStepStatus(page, 'confirmation', 'pending');
      await expect(panel(page).getByTestId('verified-badge')).toHaveCount(0);
      await expect(panel(page).getByTestId('basic-mobile')).toHaveCount(0);
      await expect(panel(page).getByTestId('business-changed')).toContainText(
        text.business.types['fund-transfer'],
      );
      await expect(panel(page).getByTestId('business-type')).toHaveValue('fund-transfer');
      await snap(page, `intent-03-replanned-${language}`);

      // Art. 6: the transaction password, keyed by the customer; then the read-back closes it.
      await customerKeys(page, phone, wang.transactionPassword);
      await expectStepStatus(page, 'password', 'passed');
      await confirmIdentity(page, wang);
      await expectVerified(page);
      await expect(verified).toHaveText(badge('fund-transfer'));
      await expect(verified).toHaveAttribute('data-business', 'fund-transfer');
      await snap(page, `intent-04-transfer-verified-${language}`);

      // Journaled with its reason (Art. 11), never a secret.
      await expect
        .poll(() => desk.journal().filter((e) => e.type === 'verify.business-changed').length)
        .toBe(1);
      const entry = desk.journal().find((e) => e.type === 'verify.business-changed')!;
      expect(entry.data).toMatchObject({
        from: 'enquiry',
        businessType: 'fund-transfer',
        direction: 'up',
        reason: 'customer-new-request',
        note: '转账给家人',
        nextStep: 'password',
      });
      await hangUp(desk, phone);
    });
  });
}
