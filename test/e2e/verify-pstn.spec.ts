// The identity check with callers from the telephone network (Art. 6): a customer on a plain SIP
// desk phone keys the password as RFC 4733 telephone-events, one behind a PSTN gateway as SIP
// INFO; either way the secure entry gets the digits, the agent sees dots only, and the step
// passes. Lab: Kamailio + rtpengine + baresip + SIPp (fixtures-pstn.ts, pstn-lab.spec.ts).
import type { Page } from '@playwright/test';
import { expectCallPhase } from './phone-helpers.js';
import { expect, PSTN_MISSING, verifyTest as test } from './fixtures-pstn.js';
import { CUSTOMERS, masked, type SeedCustomer } from './fixtures-verify.js';
import {
  chooseBusinessType,
  confirmIdentity,
  expectStepStatus,
  expectSteps,
  expectVerified,
  panel,
  secureEntry,
  startSecureEntry,
  submitBasic,
} from './verify-helpers.js';

test.skip(PSTN_MISSING !== null, PSTN_MISSING ?? '');
test.describe.configure({ timeout: 120_000 });

/** The call rings with the customer popped, the agent answers, the password step is listening. */
async function upToThePassword(page: Page, customer: SeedCustomer): Promise<void> {
  await expect(page.getByTestId('incoming-call').getByTestId('caller-id')).toHaveAttribute(
    'data-number',
    customer.mobile,
  );
  await expect(
    panel(page).getByTestId('customer-card').filter({ hasText: masked.name(customer) }),
  ).toHaveCount(1);
  await page.getByTestId('answer').click();
  await expectCallPhase(page, 'connected');
  await chooseBusinessType(page, 'fund-transfer');
  await expectSteps(page, ['basic', 'password', 'confirmation']);
  await submitBasic(page, customer.mobile, customer.nationalId);
  await expectStepStatus(page, 'basic', 'passed');
  await expectStepStatus(page, 'password', 'active');
  await startSecureEntry(page);
  await expect(secureEntry(page)).toHaveAttribute('data-count', '0');
}

async function expectDots(page: Page, digits: string): Promise<void> {
  await expect(secureEntry(page)).toHaveAttribute('data-count', String(digits.length));
  await expect(secureEntry(page)).not.toContainText(digits);
}

test('a gateway caller keys the password as SIP INFO: dots only, the step passes, verified', async ({
  desk,
  sippCall,
  snap,
}) => {
  const { page } = desk;
  const chen = CUSTOMERS.chenJing;
  const call = await sippCall({
    from: chen.mobile,
    digits: `${chen.transactionPassword}#`,
    digitsOnTrigger: true,
  });
  await upToThePassword(page, chen);
  await call.triggerDigits();
  await expectStepStatus(page, 'password', 'passed');
  await snap(page, '01-gateway-info-password-passed');
  await confirmIdentity(page, chen);
  await expectVerified(page);
  await page.getByTestId('hangup').click();
  const result = await call.done;
  expect(result.exitCode, call.log()).toBe(0);
});
