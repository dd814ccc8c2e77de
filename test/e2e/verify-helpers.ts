// What the agent does in the verification panel, step by step, through the panel's test hooks —
// one place for every selector, so the scenario specs read like the agent's day.
import type { Locator, Page } from '@playwright/test';
import type { BusinessType, Step } from '../../common/policy.js';
import {
  CUSTOMERS,
  expect,
  masked,
  type PeerHandle,
  type SeedCustomer,
  type VerifyDesk,
} from './fixtures-verify.js';
import { expectCallPhase, waitPeerCall } from './phone-helpers.js';

export const panel = (page: Page): Locator => page.getByTestId('verify-panel');
export const stepOf = (page: Page, step: Step): Locator =>
  panel(page).locator(`[data-testid="verify-step"][data-step="${step}"]`);

/** The panel's secure-entry display (not the softphone's own, if both show). */
export const secureEntry = (page: Page): Locator => panel(page).getByTestId('secure-entry');

// ---- ID numbers (GB 11643: 17 digits + ISO 7064 MOD 11-2 check character) ----

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';
export const checkChar = (first17: string): string =>
  CHECK[[...first17].reduce((sum, d, i) => sum + Number(d) * WEIGHTS[i]!, 0) % 11]!;

/**
 * A well-formed ID number (valid date, right check character) that is not `customer`'s: the
 * panel's local validation lets it through, so it costs one of the server's attempts.
 * `n` picks another sequence number each time.
 */
export function wrongIdFor(customer: SeedCustomer, n: number): string {
  const sequence = String(
    (Number(customer.nationalId.slice(14, 17)) + 100 + n * 7) % 1000,
  ).padStart(3, '0');
  const first17 = customer.nationalId.slice(0, 14) + sequence;
  return first17 + checkChar(first17);
}

/** `customer`'s ID number with its check character broken: a typo the panel must catch locally. */
export function typoIdFor(customer: SeedCustomer): string {
  const first17 = customer.nationalId.slice(0, 17);
  const right = checkChar(first17);
  const wrong = [...CHECK].find((c) => c !== right)!;
  return first17 + wrong;
}

// ---- the call ----

/**
 * The customer calls; before the agent answers, the panel pops the caller with the masked
 * customers reserved on that number (Art. 4, 5) — then the agent answers.
 */
export async function customerCalls(
  desk: VerifyDesk,
  customer: PeerHandle,
  agentUser: string,
  expectCustomers: readonly SeedCustomer[],
): Promise<void> {
  const { page } = desk;
  await customer.call(agentUser);
  await expect(page.getByTestId('incoming-call')).toBeVisible();
  await waitPeerCall(customer, 'ringing');
  await expect(page.getByTestId('caller-id').first()).toHaveAttribute(
    'data-number',
    customer.account.user,
  );
  await expect(panel(page)).toBeVisible();
  await expect(panel(page).getByTestId('customer-card')).toHaveCount(expectCustomers.length);
  for (const c of expectCustomers)
    await expect(
      panel(page)
        .getByTestId('customer-card')
        .filter({ hasText: masked.name(c) }),
    ).toHaveCount(1);
}

export async function answer(desk: VerifyDesk, customer: PeerHandle): Promise<void> {
  await desk.page.getByTestId('answer').click();
  await waitPeerCall(customer, 'established');
  await expectCallPhase(desk.page, 'connected');
}

/** Several customers on one number: the agent picks the one the caller says they are. */
export async function chooseCustomer(page: Page, customer: SeedCustomer): Promise<void> {
  const card = panel(page)
    .getByTestId('customer-card')
    .filter({ hasText: masked.name(customer) });
  await card.click();
}

/** The caller's intent (Art. 4) — a select, or one button per type with data-value. */
export async function chooseBusinessType(page: Page, type: BusinessType): Promise<void> {
  const control = panel(page).getByTestId('business-type');
  await expect(control.first()).toBeVisible();
  const tag = await control.first().evaluate((e) => e.tagName);
  if (tag === 'SELECT') {
    await control.selectOption(type);
    return;
  }
  const option = panel(page).locator(
    `[data-testid="business-type"][data-value="${type}"], [data-testid="business-type"] [data-value="${type}"]`,
  );
  await option.first().click();
}

/** The progress list shows exactly `steps`, in order. */
export async function expectSteps(page: Page, steps: readonly Step[]): Promise<void> {
  await expect(panel(page).getByTestId('verify-step')).toHaveCount(steps.length);
  for (const [i, step] of steps.entries())
    await expect(panel(page).getByTestId('verify-step').nth(i)).toHaveAttribute('data-step', step);
}

export async function expectStepStatus(
  page: Page,
  step: Step,
  status: string,
  timeout?: number,
): Promise<void> {
  await expect(stepOf(page, step)).toHaveAttribute(
    'data-status',
    status,
    timeout === undefined ? {} : { timeout },
  );
}

// ---- Art. 5 basic details ----

export async function submitBasic(page: Page, mobile: string, nationalId: string): Promise<void> {
  await panel(page).getByTestId('basic-mobile').fill(mobile);
  await panel(page).getByTestId('basic-id').fill(nationalId);
  await panel(page).getByTestId('basic-submit').click();
}

/** After a submit the typed ID number must not stay in the form (Art. 11). */
export async function expectBasicFieldsCleared(page: Page): Promise<void> {
  // The form may be gone already (the step passed or ended): then nothing is left to hold it.
  const id = panel(page).getByTestId('basic-id');
  await expect
    .poll(
      async () =>
        (await id.count()) === 0 ? '' : await id.inputValue({ timeout: 1000 }).catch(() => ''),
      { message: 'the ID number field is empty after sending' },
    )
    .toBe('');
}

// ---- Art. 6 / 7 secure entry: the customer keys digits on the phone (SIP INFO) ----

/**
 * Opens the panel's secure entry and waits until it listens. The start button is disabled while
 * a request is in flight (the passcode can reach the outbox before the panel has the send's
 * answer), and keys are ignored, not queued, while a submission is in flight: keying before
 * `listening` would lose digits.
 */
export async function startSecureEntry(page: Page): Promise<void> {
  const entry = secureEntry(page);
  await expect(entry).toBeVisible();
  await expect(entry).not.toHaveAttribute('data-state', 'submitting');
  if ((await entry.getAttribute('data-state')) === 'idle') {
    const start = panel(page).getByTestId('secure-entry-start');
    await expect(start).toBeEnabled();
    await start.click();
  }
  await expect(entry).toHaveAttribute('data-state', 'listening');
}

/**
 * The customer keys the password `digits` then `#` on the phone. The agent sees one dot per
 * digit — never a digit — and `#` submits (Art. 6).
 */
export async function customerKeys(
  page: Page,
  customer: PeerHandle,
  digits: string,
  options: { submit?: boolean } = {},
): Promise<void> {
  await startSecureEntry(page);
  await expect(secureEntry(page)).toHaveAttribute('data-count', '0');
  await customer.sendInfoDtmf(digits);
  await expectDots(page, digits);
  if (options.submit ?? true) await customer.sendInfoDtmf('#');
}

/**
 * The customer keys the 6-digit passcode from their SMS (Art. 7): dots as it comes in, and the
 * panel submits by itself at the sixth digit (no `#` needed). `beforeLast` runs with five
 * digits held (a screenshot).
 */
export async function customerKeysPasscode(
  page: Page,
  customer: PeerHandle,
  code: string,
  beforeLast?: () => Promise<void>,
): Promise<void> {
  await startSecureEntry(page);
  await expect(secureEntry(page)).toHaveAttribute('data-count', '0');
  await customer.sendInfoDtmf(code.slice(0, -1));
  await expectDots(page, code.slice(0, -1));
  await beforeLast?.();
  await customer.sendInfoDtmf(code.slice(-1));
}

/** The secure entry holds `digits`: as many dots, never the digits themselves. */
export async function expectDots(page: Page, digits: string): Promise<void> {
  await expect(secureEntry(page)).toHaveAttribute('data-count', String(digits.length));
  await expect(secureEntry(page)).toContainText('●'.repeat(digits.length));
  await expect(secureEntry(page)).not.toContainText(digits);
}

// ---- Art. 8 confirmation ----

/**
 * How the read-back addresses `customer`: the full name with 先生/女士 (Mr./Ms.) from the ID
 * number's 17th character (odd male, even female), worked out here independently of the desk.
 */
export function readBackOpening(customer: SeedCustomer, language: 'zh-CN' | 'en'): string {
  const male = Number(customer.nationalId[16]) % 2 === 1;
  return language === 'en'
    ? `Are you ${male ? 'Mr.' : 'Ms.'} ${customer.name}?`
    : `请问您是${customer.name}${male ? '先生' : '女士'}吗？`;
}

/**
 * The read-back names the customer in full with the right title (in the desk's language) and
 * shows only the masked ID and mobile; the agent records "yes".
 */
export async function confirmIdentity(
  page: Page,
  customer: SeedCustomer,
  yes = true,
): Promise<void> {
  const step = stepOf(page, 'confirmation');
  const script = panel(page).getByTestId('confirm-script');
  const language = (await page.locator('html').getAttribute('lang')) === 'en' ? 'en' : 'zh-CN';
  await expect(script).toContainText(readBackOpening(customer, language));
  await expect(script).toContainText(masked.nationalId(customer));
  await expect(script).toContainText(masked.mobile(customer));
  await expect(script).not.toContainText(customer.nationalId);
  await expect(step).toBeVisible();
  await panel(page)
    .getByTestId(yes ? 'confirm-yes' : 'confirm-no')
    .click();
}

export async function expectVerified(page: Page): Promise<void> {
  await expect(panel(page).getByTestId('verified-badge')).toBeVisible();
  await expectStepStatus(page, 'confirmation', 'passed');
}

/** Agent hangs up; the customer's phone sees the call end. */
export async function hangUp(desk: VerifyDesk, customer: PeerHandle): Promise<void> {
  await desk.page.getByTestId('hangup').click();
  await waitPeerCall(customer, 'idle');
}

/**
 * Art. 18 set-up: from 13900000001 (李娜's and 赵敏's reserved mobile) a caller claims 李娜, then
 * 赵敏, each call with a wrong ID number and hung up — two of the three customers from one
 * number that make the next claim a suspected fraud. Returns the claimed customers.
 */
export async function twoCustomersFromOneNumber(
  desk: VerifyDesk,
  callFrom: (mobile: string, options?: { displayName?: string }) => Promise<PeerHandle>,
  agentUser: string,
  secrets: Map<string, string>,
): Promise<SeedCustomer[]> {
  const { page } = desk;
  const tries = [CUSTOMERS.liNa, CUSTOMERS.zhaoMin];
  for (const [i, claimed] of tries.entries()) {
    const phone = await callFrom(CUSTOMERS.liNa.mobile, { displayName: 'Caller' });
    await customerCalls(desk, phone, agentUser, tries);
    await answer(desk, phone);
    await chooseCustomer(page, claimed);
    await chooseBusinessType(page, 'enquiry');
    const wrong = wrongIdFor(claimed, i + 1);
    secrets.set(`wrong ID number for ${claimed.name}`, wrong);
    await submitBasic(page, claimed.mobile, wrong);
    await expectBasicFieldsCleared(page);
    await expect(panel(page).getByTestId('fraud-banner')).toHaveCount(0);
    await hangUp(desk, phone);
  }
  return tries;
}
