// The team lead's console, its queues of work (Art. 5(2), 6, 10, 12, 16, 18): what the records
// service raises while agents work on instance A — suspected fraud, a basic-check exception, an
// over-permission attempt, a password lock, a complaint — reaches the lead on instance B, who
// works it there. The floor and the rooms' looks are in lead-console.spec.ts.
import { alertSignals, CUSTOMERS, expect, masked, recordsApi, test } from './fixtures-floor.js';
import {
  ackAndResolve,
  alertItem,
  consoleSpec,
  answerComplaint,
  fraudStep,
  openAlert,
  room,
  ROOM_MS,
  tickFraudStep,
  unlockFromAlert,
} from './lead-console-helpers.js';
import {
  answer,
  chooseBusinessType,
  customerCalls,
  customerKeys,
  expectStepStatus,
  hangUp,
  panel,
  submitBasic,
  twoCustomersFromOneNumber,
  wrongIdFor,
} from './verify-helpers.js';

// Calls through Kamailio, three web hosts and two records services on a small machine.
consoleSpec(300_000);

test('a suspected fraud reaches the lead as an alert with a sound; the lead works the emergency steps and resolves it', async ({
  desk,
  leadDesk,
  recordsB,
  callFrom,
  lines,
  secrets,
  snap,
}) => {
  const lp = leadDesk.page;
  const alerts = await room(lp, 'alerts');
  const before = await alertSignals(lp);
  const { page } = desk;
  const caller = CUSTOMERS.liNa.mobile;
  // One caller number naming three customers within 24 h (Art. 18, as in verify-fraud.spec.ts).
  const onNumber = await twoCustomersFromOneNumber(desk, callFrom, lines.agent.user, secrets);
  const wang = CUSTOMERS.wangFang;
  const phone = await callFrom(caller, { displayName: 'Caller' });
  await customerCalls(desk, phone, lines.agent.user, onNumber);
  await answer(desk, phone);
  await chooseBusinessType(page, 'enquiry');
  await submitBasic(page, wang.mobile, wang.nationalId);
  await expect(panel(page)).toHaveAttribute('data-status', 'suspended');
  await panel(page).getByTestId('fraud-customer-informed').click();
  await hangUp(desk, phone);

  // The lead hears it and sees it at the top, open.
  const item = alertItem(alerts, 'fraud-suspected');
  await expect(item).toHaveAttribute('data-status', 'open', { timeout: ROOM_MS });
  await expect.poll(async () => (await alertSignals(lp)).sounds).toBeGreaterThan(before.sounds);
  await expect
    .poll(async () => (await alertSignals(lp)).notifications.length)
    .toBeGreaterThan(before.notifications.length);
  await expect(alerts.getByTestId('alert-item').first()).toHaveAttribute(
    'data-kind',
    'fraud-suspected',
  );
  await expect(item).not.toContainText(wang.mobile);

  // The emergency checklist: suspension and the agent's "customer informed" are there already.
  await openAlert(item);
  await expect(fraudStep(item, 'business-suspended')).toHaveAttribute('data-done', 'true');
  await expect(fraudStep(item, 'customer-informed')).toHaveAttribute('data-done', 'true');
  await tickFraudStep(item, 'reported-to-police', 'A-2026-7');
  await tickFraudStep(item, 'customer-contacted');
  await snap(lp, '05-alert-fraud-checklist');
  // The call's timeline, one click away: each record in words, the agent by name (Art. 11).
  await item.getByTestId('alert-timeline').click();
  const timeline = alerts.getByTestId('alert-timeline-view');
  await expect(timeline).toContainText(
    /开始核验（一般咨询）|Verification started \(General enquiry\)/,
    { timeout: ROOM_MS },
  );
  await expect(timeline).toContainText(/告警：疑似欺诈|Alert: Suspected fraud/);
  await expect(timeline).toContainText('张伟');
  await expect(timeline).not.toContainText(/agent01|\bverify\.|\bphone\.|fraud-suspected/);
  await timeline.locator('li').last().scrollIntoViewIfNeeded();
  await snap(lp, '05b-alert-fraud-timeline');
  const lead = await recordsApi(recordsB.url, 'lead01');
  await expect
    .poll(async () => {
      const list = await lead<{ alerts: { emergencySteps: { step: string; doneBy: string }[] }[] }>(
        'GET',
        '/api/v1/alerts?kind=fraud-suspected',
      );
      return list.body.alerts[0]?.emergencySteps.map((s) => `${s.step}:${s.doneBy}`);
    })
    .toEqual([
      'business-suspended:null',
      'customer-informed:agent01',
      'reported-to-police:lead01',
      'customer-contacted:lead01',
    ]);
  await ackAndResolve(item, '已报警并联系客户，业务保持暂停 / reported, customer contacted');
  await snap(lp, '06-alert-fraud-resolved');
});

test('three failed basic checks raise an exception alert for the lead', async ({
  desk,
  leadDesk,
  callFrom,
  lines,
  secrets,
}) => {
  const alerts = await room(leadDesk.page, 'alerts');
  const before = await alertSignals(leadDesk.page);
  const { page } = desk;
  const chen = CUSTOMERS.chenJing;
  const phone = await callFrom(chen.mobile);
  await customerCalls(desk, phone, lines.agent.user, [chen]);
  await answer(desk, phone);
  await chooseBusinessType(page, 'enquiry');
  for (let n = 1; n <= 3; n++) {
    const wrong = wrongIdFor(chen, n);
    secrets.set(`wrong ID number #${n}`, wrong);
    await submitBasic(page, chen.mobile, wrong);
  }
  await expect(panel(page)).toHaveAttribute('data-status', 'exception');
  await hangUp(desk, phone);
  const item = alertItem(alerts, 'verification-exception');
  await expect(item).toHaveAttribute('data-status', 'open', { timeout: ROOM_MS });
  await expect(item).toContainText(masked.mobile(chen));
  await expect
    .poll(async () => (await alertSignals(leadDesk.page)).sounds)
    .toBeGreaterThan(before.sounds);
});

test('an agent calling a lead’s route shows up on the lead’s alerts as an over-permission attempt', async ({
  verifyRecords,
  leadDesk,
  snap,
}) => {
  const alerts = await room(leadDesk.page, 'alerts');
  // senior01 through instance A, with their own token: setting a colleague not ready is a lead's.
  const senior = await recordsApi(verifyRecords.url, 'senior01');
  const tried = await senior('POST', '/api/v1/desks/agent01/not-ready', { reason: 'meeting' });
  expect(tried.status).toBe(403);
  const item = alertItem(alerts, 'over-permission');
  await expect(item).toHaveAttribute('data-status', 'open', { timeout: ROOM_MS });
  await expect(item).toContainText('李强');
  await snap(leadDesk.page, '07-alert-over-permission');
});

test('a complaint recorded on a call is answered and closed by the lead', async ({
  desk,
  leadDesk,
  recordsB,
  callFrom,
  lines,
  snap,
}) => {
  const { page } = desk;
  const yang = CUSTOMERS.yangLei;
  const phone = await callFrom(yang.mobile);
  await customerCalls(desk, phone, lines.agent.user, [yang]);
  await answer(desk, phone);
  await panel(page).getByTestId('complaint-open').click();
  await page.getByTestId('complaint-category').selectOption('wait-time');
  await page.getByTestId('complaint-text').fill('等待时间太长 / waited too long');
  await page.getByTestId('complaint-submit').click();
  await expect(page.getByTestId('complaint-filed')).toBeVisible();
  await hangUp(desk, phone);

  const lp = leadDesk.page;
  const complaints = await room(lp, 'complaints');
  const item = complaints.getByTestId('complaint-item').first();
  await expect(item).toHaveAttribute('data-status', 'open', { timeout: ROOM_MS });
  await expect(item).toHaveAttribute('data-overdue', 'false');
  await answerComplaint(item, '已致电客户致歉，并说明高峰时段 / called back and apologised');
  await expect(item).toHaveAttribute('data-status', 'answered', { timeout: ROOM_MS });
  await snap(lp, '08-complaint-answered');
  await item.getByTestId('complaint-close').click();
  const lead = await recordsApi(recordsB.url, 'lead01');
  await expect
    .poll(async () => {
      const closed = await lead<{ complaints: unknown[] }>(
        'GET',
        '/api/v1/complaints?status=closed',
      );
      return closed.body.complaints.length;
    })
    .toBe(1);
});

test('a customer’s locked password is lifted by the lead after the reset procedure', async ({
  desk,
  leadDesk,
  recordsB,
  callFrom,
  lines,
  snap,
}) => {
  const { page } = desk;
  const liu = CUSTOMERS.liuYang;
  const phone = await callFrom(liu.mobile);
  await customerCalls(desk, phone, lines.agent.user, [liu]);
  await answer(desk, phone);
  await chooseBusinessType(page, 'fund-transfer');
  await submitBasic(page, liu.mobile, liu.nationalId);
  await expectStepStatus(page, 'basic', 'passed');
  // Five wrong transaction passwords lock it (Art. 6, LIMITS.passwordFailuresToLock).
  for (let n = 1; n <= 5; n++) await customerKeys(page, phone, `90000${n}`);
  await expect(panel(page)).toHaveAttribute('data-status', 'password-locked');
  await hangUp(desk, phone);

  const lp = leadDesk.page;
  const alerts = await room(lp, 'alerts');
  const item = alertItem(alerts, 'password-locked');
  await expect(item).toHaveAttribute('data-status', 'open', { timeout: ROOM_MS });
  await unlockFromAlert(alerts, item, '客户已按流程在柜台重置密码 / reset at the branch');
  await snap(lp, '09-password-unlocked');
  // Lifted: a second lift finds nothing locked.
  const lead = await recordsApi(recordsB.url, 'lead01');
  const { body } = await lead<{ alerts: { customerId: string }[] }>(
    'GET',
    '/api/v1/alerts?kind=password-locked',
  );
  await expect
    .poll(
      async () =>
        (
          await lead('POST', `/api/v1/customers/${body.alerts[0]!.customerId}/password-lock/lift`, {
            kind: 'transaction',
            reason: 'again',
          })
        ).status,
    )
    .toBe(409);
});
