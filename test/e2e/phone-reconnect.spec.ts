// Reconnection that never gives up: Kamailio is killed (SIGKILL, as in a crash) and
// started again on the same port. The agent's phone shows that the line is down, comes back and
// registers again with no click; a call in progress keeps — or gets back — its audio in both
// directions ("reconnects but no audio" must not happen), and its dialog still works.
import { expect, expectRegistered, KAMAILIO_MISSING, sipStatus, test } from './fixtures-phone.js';
import {
  answeredCall,
  CUSTOMER_NAME,
  expectAudioBothWays,
  expectCallPhase,
  expectIdle,
  ringAgent,
  waitPeerCall,
} from './phone-helpers.js';

test.skip(KAMAILIO_MISSING !== null, KAMAILIO_MISSING ?? '');

/** Retries start within 300 ms (full jitter) and spread out with the outage; many fit in this. */
const BACK_WITHIN_MS = 30_000;

test.describe('softphone: proxy lost and back', () => {
  test('idle: the status shows the loss, then registered again with no click; calls ring again', async ({
    desk,
    kamailio,
    openPeer,
    sipUsers,
  }) => {
    test.setTimeout(90_000);
    const { page } = desk;
    const customer = await openPeer(sipUsers.customer, { displayName: CUSTOMER_NAME });

    const connectivity = page.getByTestId('connectivity');
    await expect(connectivity).toHaveAttribute('data-state', 'online');
    await kamailio.kill();
    await expect(sipStatus(page)).toHaveAttribute('data-state', /^(connecting|failed)$/);
    // The status bar says it too: the phone line is down, the records service is not.
    await expect(connectivity).toHaveAttribute('data-state', 'degraded');
    await expect(connectivity).toHaveAttribute('data-sip', 'down');
    await expect(connectivity).toHaveAttribute('data-records', 'up');
    await kamailio.restart();
    await expectRegistered(page, BACK_WITHIN_MS);
    await expect(connectivity).toHaveAttribute('data-state', 'online');
    await expect.poll(async () => (await customer.state()).registered).toBe(true);

    await ringAgent(desk, customer, sipUsers.agent.user);
    await page.getByTestId('answer').click();
    await waitPeerCall(customer, 'established');
    await expectAudioBothWays(desk, customer);
    await customer.hangup();
    await expectIdle(desk);

    const registrations = desk
      .journal()
      .filter((e) => e.type === 'phone.registration')
      .map((e) => e.data.status);
    expect(registrations.filter((s) => s === 'registered').length).toBeGreaterThanOrEqual(2);
  });

  test('mid-call: killed and restarted — the agent re-registers by itself and audio flows again both ways', async ({
    desk,
    kamailio,
    openPeer,
    sipUsers,
  }) => {
    test.setTimeout(120_000);
    const { page } = desk;
    const customer = await openPeer(sipUsers.customer, { displayName: CUSTOMER_NAME });
    await answeredCall(desk, customer, sipUsers.agent.user);
    await expectAudioBothWays(desk, customer);

    await kamailio.kill();
    await expect(sipStatus(page)).not.toHaveAttribute('data-state', 'registered');
    await expect.poll(async () => (await customer.state()).connected).toBe(false);
    // The call is not dropped because the signalling path is gone.
    await expect(page.getByTestId('hangup')).toBeVisible();

    await kamailio.restart();
    await expectRegistered(page, BACK_WITHIN_MS);
    await expect
      .poll(async () => (await customer.state()).registered, { timeout: BACK_WITHIN_MS })
      .toBe(true);
    // Media restored (re-INVITE with ICE restart) and the call back to connected.
    await expectCallPhase(page, 'connected', BACK_WITHIN_MS);
    await expectAudioBothWays(desk, customer);
    await waitPeerCall(customer, 'established');

    // The dialog works through the new proxy process: hold, resume, DTMF, hang-up.
    await page.getByTestId('hold').click();
    await expect
      .poll(async () => (await customer.state()).remoteDirection)
      .toMatch(/^(sendonly|inactive)$/);
    await page.getByTestId('hold').click();
    await expect.poll(async () => (await customer.state()).remoteDirection).toBe('sendrecv');
    await expectAudioBothWays(desk, customer);
    await page.getByTestId('hangup').click();
    await waitPeerCall(customer, 'idle');
    await expectIdle(desk);
    expect(desk.journal().map((e) => e.type)).toContain('phone.call-media-restored');
  });

  test('killed twice in a row during a call: still comes back, still talks', async ({
    desk,
    kamailio,
    openPeer,
    sipUsers,
  }) => {
    test.setTimeout(150_000);
    const { page } = desk;
    const customer = await openPeer(sipUsers.customer, { displayName: CUSTOMER_NAME });
    await answeredCall(desk, customer, sipUsers.agent.user);
    for (let i = 0; i < 2; i++) {
      await kamailio.kill();
      await expect(sipStatus(page)).not.toHaveAttribute('data-state', 'registered');
      await kamailio.restart();
      await expectRegistered(page, BACK_WITHIN_MS);
      await expectCallPhase(page, 'connected', BACK_WITHIN_MS);
      await expectAudioBothWays(desk, customer);
    }
    await customer.hangup();
    await expectIdle(desk);
  });
});

test.describe('softphone: refused by the proxy', () => {
  test.use({ deskSipPassword: 'not-the-password' });

  test('a wrong SIP password: the status says registration failed, with the reason', async ({
    desk,
  }) => {
    const status = sipStatus(desk.page);
    await expect(status).toHaveAttribute('data-state', 'failed', { timeout: 15_000 });
    await expect(status).toContainText('401');
    await expect(desk.page.getByTestId('dial')).toBeDisabled();
    expect(desk.dataDirText()).not.toContain('not-the-password');
    expect(desk.web.output()).not.toContain('not-the-password');
  });
});
