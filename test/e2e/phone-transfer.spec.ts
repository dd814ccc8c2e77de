// The softphone mid-call: hold and resume by re-INVITE, blind transfer (REFER) and
// attended transfer (consultation call, then REFER with Replaces) to a colleague — a third sip.js
// user agent — through Kamailio. The peers' view of the SDP and of who they talk to is the proof.
import { expect, KAMAILIO_MISSING, test } from './fixtures-phone.js';
import {
  answeredCall,
  CUSTOMER_NAME,
  expectAudioBothWays,
  expectCallPhase,
  expectIdle,
  waitPeerCall,
} from './phone-helpers.js';

test.skip(KAMAILIO_MISSING !== null, KAMAILIO_MISSING ?? '');

test.describe('softphone: hold and transfer', () => {
  test('hold and resume: the customer sees sendonly/inactive, then sendrecv, and audio flows again', async ({
    desk,
    openPeer,
    sipUsers,
  }) => {
    const { page } = desk;
    const customer = await openPeer(sipUsers.customer, { displayName: CUSTOMER_NAME });
    await answeredCall(desk, customer, sipUsers.agent.user);
    await expectAudioBothWays(desk, customer);
    await expect.poll(async () => (await customer.state()).remoteDirection).toBe('sendrecv');

    await page.getByTestId('hold').click();
    await expectCallPhase(page, 'held');
    await expect(page.getByTestId('hold')).toHaveAttribute('aria-pressed', 'true');
    await expect
      .poll(async () => (await customer.state()).remoteDirection)
      .toMatch(/^(sendonly|inactive)$/);

    await page.getByTestId('hold').click();
    await expectCallPhase(page, 'connected');
    await expect(page.getByTestId('hold')).toHaveAttribute('aria-pressed', 'false');
    await expect.poll(async () => (await customer.state()).remoteDirection).toBe('sendrecv');
    await expectAudioBothWays(desk, customer);

    await expect
      .poll(() =>
        desk
          .journal()
          .filter((e) => e.type === 'phone.call-held')
          .map((e) => e.data.held),
      )
      .toEqual([true, false]);
    await page.getByTestId('hangup').click();
    await waitPeerCall(customer, 'idle');
  });

  test('blind transfer: the customer ends up talking to the colleague, the agent is free', async ({
    desk,
    openPeer,
    sipUsers,
  }) => {
    const { page } = desk;
    const customer = await openPeer(sipUsers.customer, { displayName: CUSTOMER_NAME });
    const colleague = await openPeer(sipUsers.target, {
      displayName: 'Test Colleague',
      autoAnswer: true,
    });
    await answeredCall(desk, customer, sipUsers.agent.user);

    await page.getByTestId('transfer').click();
    await page.getByTestId('transfer-target').fill(sipUsers.target.user);
    await page.getByTestId('transfer-blind').click();

    await waitPeerCall(colleague, 'established');
    await expect.poll(async () => (await customer.state()).remote?.referred).toBe(true);
    await waitPeerCall(customer, 'established');
    // The colleague sees the customer (the proxy's PAI), not the agent.
    expect((await colleague.state()).remote).toMatchObject({
      paiUser: sipUsers.customer.user,
      paiDisplayName: CUSTOMER_NAME,
    });
    await expectIdle(desk);
    await expectTalking(customer, colleague);

    await expect
      .poll(() => desk.journal().find((e) => e.type === 'phone.call-transferred')?.data)
      .toMatchObject({ kind: 'blind' });
    await expect
      .poll(() => desk.journal().find((e) => e.type === 'phone.call-ended')?.data.outcome)
      .toBe('transferred');
    await colleague.hangup();
    await waitPeerCall(customer, 'idle');
  });

  test('attended transfer: consult the colleague while the customer holds, then join them (Replaces)', async ({
    desk,
    openPeer,
    sipUsers,
  }) => {
    const { page } = desk;
    const customer = await openPeer(sipUsers.customer, { displayName: CUSTOMER_NAME });
    const colleague = await openPeer(sipUsers.target, {
      displayName: 'Test Colleague',
      autoAnswer: true,
    });
    await answeredCall(desk, customer, sipUsers.agent.user);

    await page.getByTestId('transfer').click();
    await page.getByTestId('transfer-target').fill(sipUsers.target.user);
    await page.getByTestId('transfer-consult').click();

    // The consultation call is up; the customer is on hold meanwhile.
    await waitPeerCall(colleague, 'established');
    await expect(page.getByTestId('consult-state')).toHaveAttribute('data-phase', 'connected');
    await expect
      .poll(async () => (await customer.state()).remoteDirection)
      .toMatch(/^(sendonly|inactive)$/);
    expect((await colleague.state()).remote).toMatchObject({ paiUser: sipUsers.agent.user });
    // The agent talks to the colleague.
    await expect.poll(() => colleague.bytesReceived()).toBeGreaterThan(1000);

    await page.getByTestId('transfer-complete').click();
    await expect.poll(async () => (await colleague.state()).remote?.replaces).toBe(true);
    await waitPeerCall(customer, 'established');
    await waitPeerCall(colleague, 'established');
    expect((await colleague.state()).remote).toMatchObject({ paiUser: sipUsers.customer.user });
    await expectIdle(desk);
    await expectTalking(customer, colleague);

    await expect
      .poll(() => desk.journal().find((e) => e.type === 'phone.call-transferred')?.data)
      .toMatchObject({ kind: 'attended' });
    await customer.hangup();
    await waitPeerCall(colleague, 'idle');
  });

  test('a consultation call can be cancelled: the customer comes back off hold', async ({
    desk,
    openPeer,
    sipUsers,
  }) => {
    const { page } = desk;
    const customer = await openPeer(sipUsers.customer, { displayName: CUSTOMER_NAME });
    const colleague = await openPeer(sipUsers.target, {
      displayName: 'Test Colleague',
      autoAnswer: true,
    });
    await answeredCall(desk, customer, sipUsers.agent.user);

    await page.getByTestId('transfer').click();
    await page.getByTestId('transfer-target').fill(sipUsers.target.user);
    await page.getByTestId('transfer-consult').click();
    await waitPeerCall(colleague, 'established');
    await expect(page.getByTestId('consult-state')).toHaveAttribute('data-phase', 'connected');

    await page.getByTestId('consult-cancel').click();
    await waitPeerCall(colleague, 'idle');
    await expect(page.getByTestId('consult-state')).toHaveCount(0);
    await expect.poll(async () => (await customer.state()).remoteDirection).toBe('sendrecv');
    await expectCallPhase(page, 'connected');
    await expectAudioBothWays(desk, customer);
    await page.getByTestId('hangup').click();
    await waitPeerCall(customer, 'idle');
  });
});

/** Two peers hear each other. */
async function expectTalking(...peers: Parameters<typeof waitPeerCall>[0][]): Promise<void> {
  for (const peer of peers) {
    const before = await peer.bytesReceived();
    await expect
      .poll(() => peer.bytesReceived(), { message: `${peer.account.user} receives audio` })
      .toBeGreaterThan(before + 1000);
  }
}
