// Agent state: an agent who is not ready (or in after-call work) does not ring —
// the call is declined with 486, counted on screen and journaled; back to ready, calls ring again.
import {
  expect,
  KAMAILIO_MISSING,
  test,
  type AgentDesk,
  type PeerHandle,
} from './fixtures-phone.js';
import {
  answeredCall,
  CUSTOMER_NAME,
  expectIdle,
  ringAgent,
  waitPeerCall,
} from './phone-helpers.js';

test.skip(KAMAILIO_MISSING !== null, KAMAILIO_MISSING ?? '');

/** The customer's call is turned away with 486 and the agent's screen never rings. */
async function expectDeclined(
  desk: AgentDesk,
  customer: PeerHandle,
  agentUser: string,
): Promise<void> {
  const before = (await customer.state()).calls;
  await customer.call(agentUser);
  await expect.poll(async () => (await customer.state()).lastEnd).toMatch(/^486/);
  await waitPeerCall(customer, 'idle');
  expect((await customer.state()).calls).toBe(before + 1);
  await expect(desk.page.getByTestId('incoming-call')).toHaveCount(0);
}

test.describe('softphone: agent state', () => {
  test('not ready: incoming calls are declined with 486 and counted; ready again, they ring', async ({
    desk,
    openPeer,
    sipUsers,
  }) => {
    const { page } = desk;
    const customer = await openPeer(sipUsers.customer, { displayName: CUSTOMER_NAME });
    const agentState = page.getByTestId('agent-state');
    await expect(agentState).toHaveAttribute('data-state', 'ready');

    await agentState.selectOption('not-ready:meeting');
    await expect(agentState).toHaveAttribute('data-state', 'not-ready');
    await expectDeclined(desk, customer, sipUsers.agent.user);
    await expect(page.getByTestId('declined-count')).toContainText('1');
    await expectDeclined(desk, customer, sipUsers.agent.user);
    await expect(page.getByTestId('declined-count')).toContainText('2');

    await agentState.selectOption('ready');
    await expect(agentState).toHaveAttribute('data-state', 'ready');
    await ringAgent(desk, customer, sipUsers.agent.user);
    await page.getByTestId('reject').click();
    await waitPeerCall(customer, 'idle');

    await expect
      .poll(() => desk.journal().filter((e) => e.type === 'phone.call-declined-not-ready').length)
      .toBe(2);
    const states = desk
      .journal()
      .filter((e) => e.type === 'phone.agent-state')
      .map((e) => [e.data.state, e.data.reason]);
    expect(states).toEqual(
      expect.arrayContaining([
        ['not-ready', 'meeting'],
        ['ready', null],
      ]),
    );
    const declined = desk
      .journal()
      .filter((e) => e.type === 'phone.call-ended' && e.data.outcome === 'declined-not-ready');
    expect(declined).toHaveLength(2);
  });

  test('on a break calls are declined too', async ({ desk, openPeer, sipUsers }) => {
    const customer = await openPeer(sipUsers.customer, { displayName: CUSTOMER_NAME });
    await desk.page.getByTestId('agent-state').selectOption('break');
    await expect(desk.page.getByTestId('agent-state')).toHaveAttribute('data-state', 'break');
    await expectDeclined(desk, customer, sipUsers.agent.user);
    await expect(desk.page.getByTestId('declined-count')).toContainText('1');
  });
});

test.describe('softphone: after-call work', () => {
  test.use({ deskSettings: { microphoneExplained: true, wrapUpSeconds: 3 } });

  test('an answered call is followed by wrap-up, which declines calls and ends by itself', async ({
    desk,
    openPeer,
    sipUsers,
  }) => {
    const { page } = desk;
    const customer = await openPeer(sipUsers.customer, { displayName: CUSTOMER_NAME });
    await answeredCall(desk, customer, sipUsers.agent.user);
    await expect(page.getByTestId('agent-state')).toBeDisabled(); // not changeable on a call
    await customer.hangup();
    await expectIdle(desk);

    await expect(page.getByTestId('agent-state')).toHaveAttribute('data-state', 'wrap-up');
    await expect(page.getByTestId('agent-wrap-up')).toBeVisible();
    await expectDeclined(desk, customer, sipUsers.agent.user);

    await expect(page.getByTestId('agent-state')).toHaveAttribute('data-state', 'ready', {
      timeout: 10_000,
    });
    await ringAgent(desk, customer, sipUsers.agent.user);
    await page.getByTestId('reject').click();
    await waitPeerCall(customer, 'idle');
  });
});
