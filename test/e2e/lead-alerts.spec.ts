// The lead's Alerts room (Art. 6, 10, 18): a suspected fraud, an over-permission attempt and a
// password lock raised on the records service reach the room (a new one chimes; the title shows
// the open count); the lead works the emergency checklist and resolves the fraud alert, and lifts
// the lock found by the reserved mobile, masked. The causes are made through the records API as
// agent01's desk would; the room is the lead's browser. Screenshots at 1280×800.
import { CUSTOMERS, expect, test } from './fixtures-verify.js';
import { openRoom } from './lead.js';

test.describe.configure({ timeout: 150_000 });

async function asAgent(url: string, username: string) {
  const { token } = (await (
    await fetch(`${url}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'demo-pass-1' }),
    })
  ).json()) as { token: string };
  return async (method: 'GET' | 'POST', path: string, body?: object) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
}

test('fraud, over-permission and a password lock reach the lead; checklist, resolve, unlock', async ({
  leadDesk,
  verifyRecords,
  snap,
  deskLanguage,
}) => {
  const { page } = leadDesk;
  const agent = await asAgent(verifyRecords.url, 'agent01');
  const idOf = async (mobile: string, name: string) => {
    const found = await agent('GET', `/api/v1/customers?mobile=${mobile}`);
    const list = found.body.customers as { id: string; name: string }[];
    return list.find((c) => c.name === `${Array.from(name)[0]}*`)!.id;
  };
  const open = async (callId: string, callerNumber: string, businessType = 'enquiry') =>
    (await agent('POST', '/api/v1/verifications', { callId, callerNumber, businessType })).body
      .id as string;

  // Before the room loads: an over-permission attempt (an agent asks for the alert list).
  expect((await agent('GET', '/api/v1/alerts')).status).toBe(403);

  const room = await openRoom(page, 'alerts');
  const alerts = room.getByTestId('alert-item');
  // The push stream re-reads the list where main forwards it (records:event); here the lead
  // refreshes. The room loaded at sign-in, before the attempt: the attempt is new, it chimes.
  const refresh = room.getByRole('button', { name: deskLanguage === 'en' ? 'Refresh' : '刷新' });
  await refresh.click();
  await expect(room.locator('[data-testid="alert-item"][data-kind="over-permission"]')).toHaveCount(
    1,
  );
  await expect(page).toHaveTitle(/^\(1\) /);
  await expect(room.getByTestId('alerts-room')).toHaveAttribute('data-chimes', '1');

  // One caller number names three customers: suspended, a fraud alert (Art. 18).
  const caller = '13700000000';
  for (const [i, c] of [CUSTOMERS.liNa, CUSTOMERS.wangFang].entries()) {
    const id = await open(`e2e-fraud-${i}`, caller);
    await agent('POST', `/api/v1/verifications/${id}/basic`, {
      customerId: await idOf(c.mobile, c.name),
      mobile: '13900000009',
      nationalId: c.nationalId,
    });
  }
  const third = await open('e2e-fraud-2', caller);
  const suspended = await agent('POST', `/api/v1/verifications/${third}/basic`, {
    customerId: await idOf(CUSTOMERS.liuYang.mobile, CUSTOMERS.liuYang.name),
    mobile: CUSTOMERS.liuYang.mobile,
    nationalId: CUSTOMERS.liuYang.nationalId,
  });
  expect(suspended.body.status).toBe('suspended');
  await agent('POST', `/api/v1/verifications/${third}/customer-informed`, {});

  await refresh.click();
  const fraud = room.locator('[data-testid="alert-item"][data-kind="fraud-suspected"]');
  await expect(fraud).toHaveAttribute('data-status', 'open');
  await expect(room.getByTestId('alerts-room')).toHaveAttribute('data-chimes', '2');
  await expect(page).toHaveTitle(/^\(2\) /);
  await expect(alerts.first()).toHaveAttribute('data-kind', 'fraud-suspected');
  await snap(page, 'alerts-room');

  // The checklist: suspended by the service, informed by the agent; the lead does the rest.
  await fraud.getByTestId('alert-ack').click();
  await expect(fraud).toHaveAttribute('data-status', 'acknowledged');
  const step = (name: string) => fraud.locator(`[data-testid="fraud-step"][data-step="${name}"]`);
  await expect(step('business-suspended')).toHaveAttribute('data-done', 'true');
  await expect(step('customer-informed')).toHaveAttribute('data-done', 'true');
  await step('reported-to-police').getByTestId('fraud-case-number').fill('京公(朝)立字[2026]88号');
  await step('reported-to-police').getByTestId('fraud-step-record').click();
  await expect(step('reported-to-police')).toHaveAttribute('data-done', 'true');
  await expect(step('reported-to-police')).toContainText('王丽');
  await step('customer-contacted').getByTestId('fraud-step-record').click();
  await expect(step('customer-contacted')).toHaveAttribute('data-done', 'true');
  await fraud.getByTestId('alert-note').fill('已报警并联系客户');
  await fraud.getByTestId('alert-resolve').click();
  await expect(fraud).toHaveAttribute('data-status', 'resolved');

  // The over-permission attempt: seen, named by the agent's name, resolved as a false alarm.
  const over = room.locator('[data-testid="alert-item"][data-kind="over-permission"]');
  await expect(over).toContainText('张伟');
  await over.getByTestId('alert-outcome').selectOption('false-alarm');
  await over.getByTestId('alert-resolve').click();
  await expect(over.getByTestId('alert-problem')).toBeVisible();
  await expect(over).toHaveAttribute('data-status', 'open');
  await over.getByTestId('alert-note').fill('坐席误点菜单，已提醒');
  await over.getByTestId('alert-resolve').click();
  await expect(over).toHaveAttribute('data-status', 'resolved');

  // A password lock (five wrong query passwords), lifted after the reset procedure (Art. 6).
  const lina = CUSTOMERS.liNa;
  const session = await open('e2e-lock', lina.mobile, 'important-query');
  await agent('POST', `/api/v1/verifications/${session}/basic`, {
    customerId: await idOf(lina.mobile, lina.name),
    mobile: lina.mobile,
    nationalId: lina.nationalId,
  });
  for (let i = 0; i < 5; i++)
    await agent('POST', `/api/v1/verifications/${session}/password`, { password: '000000' });
  await refresh.click();
  const lock = room.locator('[data-testid="alert-item"][data-kind="password-locked"]');
  await expect(lock).toHaveAttribute('data-status', 'open');
  await expect(lock.getByTestId('password-unlock')).toBeVisible();
  await room.getByTestId('lock-search-input').fill(lina.mobile);
  await room.getByTestId('lock-search').click();
  const row = room.locator('[data-testid="lock-row"][data-kind="query"]');
  await expect(row).toBeVisible();
  await expect(room.getByTestId('lock-panel')).toContainText('139****0001');
  await row.getByTestId('lock-reason').fill('客户已在柜台完成密码重置');
  await row.getByTestId('lock-lift').click();
  await expect(row).toHaveCount(0);
  await expect(lock).toHaveAttribute('data-status', 'resolved');
  await expect(page).toHaveTitle(/^(?!\(\d+\) )/);
  await snap(page, 'alerts-worked');
});
