// The identity check with callers from the telephone network (Art. 6): a customer on a plain SIP
// desk phone keys the password as RFC 4733 telephone-events, one behind a PSTN gateway as SIP
// INFO; either way the secure entry gets the digits, the agent sees dots only, and the step
// passes. Lab: Kamailio + rtpengine + baresip + SIPp (fixtures-pstn.ts, pstn-lab.spec.ts).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { concat, dtmfTones, silence, speechLike, writeWav } from '../support/audio-signals.js';
import { expectCallPhase } from './phone-helpers.js';
import { expect, PSTN_MISSING, verifyTest as test } from './fixtures-pstn.js';
import { CUSTOMERS, masked, type SeedCustomer } from './fixtures-verify.js';
import {
  chooseBusinessType,
  confirmIdentity,
  expectDots,
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
    panel(page)
      .getByTestId('customer-card')
      .filter({ hasText: masked.name(customer) }),
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

test('a desk phone caller keys the password as RFC 4733 telephone-events: dots only, the step passes', async ({
  desk,
  lines,
  openDeskPhone,
  snap,
}) => {
  const { page } = desk;
  const chen = CUSTOMERS.chenJing;
  const phone = await openDeskPhone(lines.customers[chen.mobile]!, { displayName: chen.name });
  await phone.dial(lines.agent.user);
  await upToThePassword(page, chen);
  await phone.sendDigits(chen.transactionPassword);
  await expectDots(page, chen.transactionPassword);
  await snap(page, '02-desk-phone-rfc4733-dots');
  await phone.sendDigits('#');
  await expectStepStatus(page, 'password', 'passed');
  await confirmIdentity(page, chen);
  await expectVerified(page);
  await page.getByTestId('hangup').click();
  await phone.waitForState({ call: 'idle' });
});

test('speech while the secure entry listens gives no digit; keys a gateway sends as in-band tones do', async ({
  desk,
  lines,
  openDeskPhone,
}, testInfo) => {
  const { page } = desk;
  const chen = CUSTOMERS.chenJing;
  // The caller talks for 15 s (the agent reaches the password step meanwhile), then the keys come
  // as tones in the audio itself — a gateway that turns keypad digits into in-band DTMF.
  mkdirSync(testInfo.outputDir, { recursive: true });
  const wav = path.join(testInfo.outputDir, 'speech-then-keys.wav');
  writeWav(wav, concat(speechLike(15), dtmfTones(`${chen.transactionPassword}#`), silence(30)));
  const phone = await openDeskPhone(lines.customers[chen.mobile]!, { wavFile: wav });
  await phone.dial(lines.agent.user);
  const dialledAt = Date.now();
  await upToThePassword(page, chen);
  expect(Date.now() - dialledAt, 'the entry listens before the speech ends').toBeLessThan(13_000);
  // While the voice plays: nothing arrives, however long it listens.
  while (Date.now() - dialledAt < 14_500) {
    await expect(secureEntry(page)).toHaveAttribute('data-count', '0');
    await page.waitForTimeout(250);
  }
  await expectStepStatus(page, 'password', 'passed', 20_000);
  await page.getByTestId('hangup').click();
  await phone.waitForState({ call: 'idle' });
});
