// The agent's day, keyed on a desk phone (Art. 6): the customer's phone sends its keys as RFC 4733
// telephone-events in the RTP, not as SIP INFO, and the transaction password still reaches the
// secure entry as dots only. Real Kamailio, a bare sip.js customer, the app in the web host.
import { CUSTOMERS, KAMAILIO_MISSING, test } from './fixtures-verify.js';
import {
  answer,
  chooseBusinessType,
  customerCalls,
  expectDots,
  expectStepStatus,
  hangUp,
  secureEntry,
  startSecureEntry,
  submitBasic,
} from './verify-helpers.js';
import { expect } from './fixtures-sip.js';

test.skip(KAMAILIO_MISSING !== null, KAMAILIO_MISSING ?? '');
test.describe.configure({ timeout: 120_000 });

test('a customer keys the transaction password on a phone that sends RFC 4733 events', async ({
  desk,
  callFrom,
  lines,
  snap,
}) => {
  const { page } = desk;
  const chen = CUSTOMERS.chenJing;
  const customer = await callFrom(chen.mobile);
  await customerCalls(desk, customer, lines.agent.user, [chen]);
  await answer(desk, customer);
  await chooseBusinessType(page, 'fund-transfer');
  await submitBasic(page, chen.mobile, chen.nationalId);
  await expectStepStatus(page, 'password', 'active');

  // Keys pressed before anyone asks for them go nowhere.
  await customer.sendRfc4733Dtmf('99');
  await startSecureEntry(page);
  await expect(secureEntry(page)).toHaveAttribute('data-count', '0');

  const password = chen.transactionPassword;
  await customer.sendRfc4733Dtmf(password);
  await expectDots(page, password);
  await snap(page, '01-rfc4733-dots');
  await customer.sendRfc4733Dtmf('#');
  await expectStepStatus(page, 'password', 'passed');
  await hangUp(desk, customer);
});
