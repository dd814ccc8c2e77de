// The agent's day, part 4 (Art. 10): a front-line agent (tier `agent`) takes
// high-risk business beyond their tier. The panel asks a team lead, who is signed in at another
// desk (its own web host and browser context) and answers from the approvals inbox; the waiting
// panel shows who decided and why within a second. One request approved, another denied.
import type { Page } from '@playwright/test';
import {
  CUSTOMERS,
  expect,
  KAMAILIO_MISSING,
  LANGUAGE,
  masked,
  test,
  type PeerHandle,
  type SeedCustomer,
  type VerifyDesk,
} from './fixtures-verify.js';
import {
  answer,
  chooseBusinessType,
  chooseCustomer,
  confirmIdentity,
  customerCalls,
  customerKeys,
  customerKeysPasscode,
  expectStepStatus,
  expectVerified,
  hangUp,
  panel,
  submitBasic,
} from './verify-helpers.js';

test.skip(KAMAILIO_MISSING !== null, KAMAILIO_MISSING ?? '');
test.use({ deskLogin: 'agent01' });

const inboxItem = (page: Page, customer: SeedCustomer) =>
  page.getByTestId('approval-item').filter({ hasText: masked.name(customer) });

/**
 * Basic, password and passcode for a high-risk type on a shared number; the approval is what
 * remains.
 */
async function throughTheChecks(
  desk: VerifyDesk,
  customer: PeerHandle,
  who: SeedCustomer,
  agentUser: string,
  passcodes: { latest(m: string, a?: number): Promise<string>; count(m: string): number },
) {
  const { page } = desk;
  await customerCalls(desk, customer, agentUser, [CUSTOMERS.liNa, CUSTOMERS.zhaoMin]);
  await answer(desk, customer);
  await chooseCustomer(page, who);
  return {
    async run(type: 'large-loan' | 'account-change') {
      await chooseBusinessType(page, type);
      // Beyond an agent's tier: the panel says from the start that a lead must approve.
      await expect(panel(page).getByTestId('approval-status')).toHaveAttribute(
        'data-state',
        'not-requested',
      );
      await submitBasic(page, who.mobile, who.nationalId);
      await expectStepStatus(page, 'basic', 'passed');
      await customerKeys(page, customer, who.transactionPassword);
      await expectStepStatus(page, 'password', 'passed');
      const before = passcodes.count(who.mobile);
      await panel(page).getByTestId('otp-send').click();
      await customerKeysPasscode(page, customer, await passcodes.latest(who.mobile, before));
      await expectStepStatus(page, 'otp', 'passed');
    },
  };
}

test("a lead approves one junior agent's large loan and denies another's account change, from the inbox at another desk", async ({
  desk,
  leadDesk,
  callFrom,
  lines,
  passcodes,
  snap,
}) => {
  test.setTimeout(180_000);
  const { page } = desk;
  const lead = leadDesk.page;

  // ---- 1: 李娜's large loan, approved ----
  const li = CUSTOMERS.liNa;
  const first = await callFrom(li.mobile);
  await (await throughTheChecks(desk, first, li, lines.agent.user, passcodes)).run('large-loan');
  await panel(page)
    .getByTestId('approval-note')
    .fill('客户申请大额贷款 / large loan, all checks passed');
  await panel(page).getByTestId('approval-request').click();
  await expect(panel(page).getByTestId('approval-status')).toHaveAttribute('data-state', 'pending');
  await expect(panel(page)).toHaveAttribute('data-status', 'awaiting-approval');
  await snap(page, '01-awaiting-approval');

  // The lead's inbox (second tab of the lead's column): the case, masked, with its step history.
  await lead.getByTestId('approvals-tab').click();
  await expect(inboxItem(lead, li)).toBeVisible({ timeout: 5_000 });
  await expect(inboxItem(lead, li).getByTestId('approval-customer')).toContainText(
    masked.nationalId(li),
  );
  await inboxItem(lead, li).locator('summary').click();
  await expect(inboxItem(lead, li).locator('details ol li')).not.toHaveCount(0);
  // The history in words (the step codes ride along as data attributes).
  await expect(inboxItem(lead, li).locator('details ol li[data-step="otp"]')).not.toHaveCount(0);
  await expect(
    inboxItem(lead, li).locator('details ol li[data-step="basic"]').first(),
  ).toContainText(LANGUAGE === 'en' ? 'Basic details' : '基本信息核对');
  await snap(lead, '02-lead-inbox');
  await inboxItem(lead, li)
    .getByTestId('approval-reason')
    .fill('资料齐全，同意 / documents complete, approved');
  await inboxItem(lead, li).getByTestId('approval-approve').click();
  // The waiting panel updates by itself (main polls the session while it waits), naming who decided
  // and why.
  await expect(panel(page).getByTestId('approval-status')).toHaveAttribute(
    'data-state',
    'approved',
  );
  await expect(panel(page).getByTestId('approval-decision')).toContainText('documents complete');
  await expect(panel(page).getByTestId('approval-decision')).toContainText(/王|lead01/);
  await snap(page, '03-approved');
  await confirmIdentity(page, li);
  await expectVerified(page);
  await hangUp(desk, first);
  await expect(inboxItem(lead, li)).toHaveCount(0);

  // ---- 2: 赵敏's account change, denied ----
  const zhao = CUSTOMERS.zhaoMin;
  const second = await callFrom(zhao.mobile);
  await (
    await throughTheChecks(desk, second, zhao, lines.agent.user, passcodes)
  ).run('account-change');
  await panel(page).getByTestId('approval-request').click();
  await expect(panel(page).getByTestId('approval-status')).toHaveAttribute('data-state', 'pending');
  await expect(inboxItem(lead, zhao)).toBeVisible({ timeout: 5_000 });
  await inboxItem(lead, zhao)
    .getByTestId('approval-reason')
    .fill('需客户到网点办理 / must come to a branch');
  await inboxItem(lead, zhao).getByTestId('approval-deny').click();
  await expect(panel(page).getByTestId('approval-status')).toHaveAttribute('data-state', 'denied');
  await expect(panel(page).getByTestId('approval-decision')).toContainText('must come to a branch');
  await expect(panel(page)).toHaveAttribute('data-status', 'denied');
  await expect(panel(page).getByTestId('confirm-yes')).toHaveCount(0);
  await expect(panel(page).getByTestId('verified-badge')).toHaveCount(0);
  await snap(page, '04-denied');
  await hangUp(desk, second);
});
