// The app as the agent behind a real PBX path (Kamailio + rtpengine): a plain SIP desk phone
// (baresip, UDP, G.711) and a SIPp "PSTN gateway" call in; rtpengine offers DTLS-SRTP with a=mid
// but no BUNDLE group, and the desk must take it. The agent also calls a desk phone out the same
// way. The lab itself is proven in pstn-lab.spec.ts; ../shared/docs/sip-lab.md says how it runs.
import {
  CUSTOMER_NUMBER,
  expect,
  PSTN_MISSING,
  test,
  type AgentDesk,
  type DeskPhone,
} from './fixtures-pstn.js';
import { expectCallPhase, expectIdle } from './phone-helpers.js';

test.skip(PSTN_MISSING !== null, PSTN_MISSING ?? '');
test.describe.configure({ timeout: 90_000 });

/** The agent's page receives and sends audio, and the desk phone counts the agent's RTP. */
async function expectAudioBothWays(desk: AgentDesk, phone?: DeskPhone): Promise<void> {
  const received = await desk.bytesReceived();
  const sent = await desk.bytesSent();
  await expect
    .poll(() => desk.bytesReceived(), { message: 'the agent hears the caller' })
    .toBeGreaterThan(received + 1000);
  await expect
    .poll(() => desk.bytesSent(), { message: 'the agent is heard' })
    .toBeGreaterThan(sent + 1000);
  if (phone) {
    const before = await phone.rtpPacketsReceived();
    await expect
      .poll(() => phone.rtpPacketsReceived(), { message: 'RTP from the agent at the phone' })
      .toBeGreaterThan(before + 10);
  }
}

test.describe('a plain SIP phone through rtpengine', () => {
  test('a desk phone calls: caller ID asserted, the offer without BUNDLE answered, audio both ways, clean hang-up', async ({
    desk,
    openDeskPhone,
    rtpengine,
    sipUsers,
  }) => {
    const { page } = desk;
    const phone = await openDeskPhone(sipUsers.customer, { displayName: 'Desk Phone' });
    await phone.dial(sipUsers.agent.user);
    const callerId = page.getByTestId('incoming-call').getByTestId('caller-id');
    await expect(callerId).toHaveAttribute('data-number', CUSTOMER_NUMBER);
    await expect(callerId).toHaveAttribute('data-source', 'pai');

    await page.getByTestId('answer').click();
    await phone.waitForState({ call: 'established' });
    await expectCallPhase(page, 'connected');
    await expectAudioBothWays(desk, phone);
    // The peer connection the desk made for this call: no BUNDLE was offered, none was required.
    const offered = await page.evaluate(() =>
      (window.__e2ePeerConnections ?? [])
        .filter((pc) => pc.connectionState !== 'closed')
        .map((pc) => pc.remoteDescription?.sdp ?? ''),
    );
    expect(offered).toHaveLength(1);
    expect(offered[0]).not.toMatch(/^a=group:BUNDLE/m);
    expect(offered[0]).toMatch(/^a=mid:/m);

    // The caller hangs up: the desk is idle and rtpengine holds no call.
    await phone.hangup();
    await expectIdle(desk);
    await expect.poll(() => rtpengine.calls()).toEqual([]);
    await expect
      .poll(() => desk.journal().find((entry) => entry.type === 'phone.call-ended')?.data)
      .toMatchObject({ direction: 'inbound', outcome: 'answered' });
  });

  test('a gateway call whose offer has no a=mid either is answered, with audio both ways', async ({
    desk,
    sippCall,
  }) => {
    const { page } = desk;
    const call = await sippCall({ mid: null, byeAfterMs: 8_000 });
    await expect(page.getByTestId('incoming-call').getByTestId('caller-id')).toHaveAttribute(
      'data-number',
      CUSTOMER_NUMBER,
    );
    await page.getByTestId('answer').click();
    await expectCallPhase(page, 'connected');
    await expectAudioBothWays(desk);
    const result = await call.done;
    expect(result.exitCode, call.log()).toBe(0);
    await expectIdle(desk);
  });

  test('the agent calls a desk phone out through the same path: audio both ways, agent hangs up', async ({
    desk,
    openDeskPhone,
    rtpengine,
    sipUsers,
  }) => {
    const { page } = desk;
    const phone = await openDeskPhone(sipUsers.customer, { autoAnswer: true });
    await page.getByTestId('dialpad-input').fill(sipUsers.customer.user);
    await page.getByTestId('dial').click();
    await phone.waitForState({ call: 'established' });
    await expectCallPhase(page, 'connected');
    await expectAudioBothWays(desk, phone);
    await page.getByTestId('hangup').click();
    await expectIdle(desk);
    await phone.waitForState({ call: 'idle' });
    await expect.poll(() => rtpengine.calls()).toEqual([]);
  });
});
