// The verification lab itself (fixtures-verify.ts), checked before any scenario relies on it: the
// records service with its SMS outbox, the agent's and the lead's desks signed in with their tiers,
// and a customer calling from a seeded reserved mobile reaching the agent with that number as the
// proxy-asserted caller ID — which is what the panel looks the customer up by.
import {
  CUSTOMERS,
  expect,
  findSecret,
  KAMAILIO_MISSING,
  scanForSecrets,
  test,
} from './fixtures-verify.js';
import { waitPeerCall } from './phone-helpers.js';

test('the secrets scan finds a secret standing alone, in any case, and not inside a longer number', () => {
  const liu = CUSTOMERS.liuYang;
  expect(
    findSecret(`<input value="${liu.nationalId.toLowerCase()}">`, liu.nationalId),
  ).toBeGreaterThan(0);
  expect(findSecret(`<b>${liu.transactionPassword}</b>`, liu.transactionPassword)).toBe(3);
  expect(findSecret(`at=17${liu.transactionPassword}01`, liu.transactionPassword)).toBe(-1);
  const hits = scanForSecrets(
    [{ name: 'log', text: `stated ${liu.nationalId} here` }],
    [{ label: 'ID', value: liu.nationalId }],
  );
  expect(hits).toHaveLength(1);
  expect(hits[0]!.context).not.toContain(liu.nationalId);
});

test.describe('with the lab running', () => {
  test.skip(KAMAILIO_MISSING !== null, KAMAILIO_MISSING ?? '');

  test('a customer calls from a reserved mobile: the agent sees it as the trusted caller ID; the lead has a desk too', async ({
    desk,
    leadDesk,
    callFrom,
    lines,
    passcodes,
    verifyRecords,
  }) => {
    expect(verifyRecords.output()).toContain('SMS gateway configured');
    expect(passcodes.lines()).toEqual([]);
    await expect(desk.page.getByTestId('agent-name')).toBeVisible();
    await expect(leadDesk.page.getByTestId('agent-name')).toBeVisible();

    const wang = CUSTOMERS.wangFang;
    const customer = await callFrom(wang.mobile);
    await customer.call(lines.agent.user);
    await expect(desk.page.getByTestId('incoming-call')).toBeVisible();
    const callerId = desk.page.getByTestId('caller-id').first();
    await expect(callerId).toHaveAttribute('data-number', wang.mobile);
    await expect(callerId).toHaveAttribute('data-source', 'pai');
    await customer.hangup();
    await waitPeerCall(customer, 'idle');
  });
});
