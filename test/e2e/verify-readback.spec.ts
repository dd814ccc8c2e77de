// The agent's day (Art. 8): after the checks, the agent reads the customer back by full name with
// the right title — 先生/女士, Mr./Ms., from the ID number's sex digit — and only the ID and mobile
// masked. Run in both languages; the secrets scan of fixtures-verify.ts still holds.
import { CUSTOMERS, expect, KAMAILIO_MISSING, masked, test } from './fixtures-verify.js';
import {
  answer,
  chooseBusinessType,
  confirmIdentity,
  customerCalls,
  expectStepStatus,
  expectVerified,
  hangUp,
  panel,
  readBackOpening,
  submitBasic,
} from './verify-helpers.js';

test.skip(KAMAILIO_MISSING !== null, KAMAILIO_MISSING ?? '');
test.describe.configure({ timeout: 120_000 });

for (const language of ['zh-CN', 'en'] as const) {
  test.describe(`read-back in ${language}`, () => {
    test.use({ deskLanguage: language });

    for (const [who, customer, title] of [
      ['a man', CUSTOMERS.yangLei, language === 'en' ? 'Mr.' : '先生'],
      ['a woman', CUSTOMERS.wangFang, language === 'en' ? 'Ms.' : '女士'],
    ] as const) {
      test(`the read-back names ${who} in full with ${title}, the numbers masked`, async ({
        desk,
        callFrom,
        lines,
        snap,
      }) => {
        const { page } = desk;
        const phone = await callFrom(customer.mobile);
        await customerCalls(desk, phone, lines.agent.user, [customer]);
        // Before the read-back the panel names the customer masked, as it always did.
        await expect(panel(page).getByTestId('customer-card')).toContainText(masked.name(customer));
        await expect(panel(page)).not.toContainText(customer.name);
        await answer(desk, phone);
        await chooseBusinessType(page, 'enquiry');
        await submitBasic(page, customer.mobile, customer.nationalId);
        await expectStepStatus(page, 'basic', 'passed');

        const script = panel(page).getByTestId('confirm-script');
        await expect(script).toContainText(readBackOpening(customer, language));
        await expect(script).toContainText(title);
        await expect(script).not.toContainText(language === 'en' ? 'Mr./Ms.' : '先生/女士');
        await expect(script).toContainText(masked.nationalId(customer));
        await expect(script).toContainText(masked.mobile(customer));
        await snap(page, `read-back-${who.replace(' ', '-')}`);

        await confirmIdentity(page, customer);
        await expectVerified(page);
        await hangUp(desk, phone);
      });
    }
  });
}
