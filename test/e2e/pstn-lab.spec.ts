// The telephone-network lab itself, before any app code: a plain SIP desk phone (baresip) and a
// SIPp "PSTN gateway" reach a bare sip.js peer (the agent) over UDP through Kamailio, rtpengine
// bridging their RTP to DTLS-SRTP; and the peer calls the desk phone out. If this fails, the
// app's specs through the lab cannot tell its faults from the lab's. See ../shared/docs/sip-lab.md.
import {
  CUSTOMER_NUMBER,
  expect,
  PSTN_MISSING,
  test,
  type DeskPhone,
  type PeerHandle,
} from './fixtures-pstn.js';

test.skip(PSTN_MISSING !== null, PSTN_MISSING ?? '');

/** The peer's bytes grow both ways and the desk phone counts RTP from the far end. */
async function expectAudioBothWays(peer: PeerHandle, phone?: DeskPhone): Promise<void> {
  const received = await peer.bytesReceived();
  await expect
    .poll(() => peer.bytesReceived(), { message: 'the agent hears the caller' })
    .toBeGreaterThan(received + 1000);
  const sent = await peer.bytesSent();
  await expect
    .poll(() => peer.bytesSent(), { message: 'the agent sends audio' })
    .toBeGreaterThan(sent + 1000);
  if (phone) {
    const before = await phone.rtpPacketsReceived();
    await expect
      .poll(() => phone.rtpPacketsReceived(), { message: 'the desk phone hears the agent' })
      .toBeGreaterThan(before + 10);
  }
}

/** What rtpengine offers a WebRTC agent: ICE, DTLS-SRTP, rtcp-mux, a=mid, and no BUNDLE group. */
function expectWebRtcOffer(sdp: string | null, mid: 'present' | 'absent' = 'present'): void {
  expect(sdp, 'the INVITE carried an SDP offer').toBeTruthy();
  // rtpengine 10.5 writes the legacy profile name RTP/SAVPF (DTLS-SRTP all the same).
  expect(sdp).toMatch(/^m=audio \d+ (UDP\/TLS\/)?RTP\/SAVPF /m);
  expect(sdp).toMatch(/^a=fingerprint:/m);
  expect(sdp).toMatch(/^a=ice-ufrag:/m);
  expect(sdp).toMatch(/^a=rtcp-mux\r?$/m);
  expect(sdp).toMatch(/^a=rtpmap:\d+ telephone-event\/8000\r?$/m);
  expect(sdp).not.toMatch(/^a=group:BUNDLE/m);
  if (mid === 'present') expect(sdp).toMatch(/^a=mid:\S+$/m);
  else expect(sdp).not.toMatch(/^a=mid:/m);
}

async function peerCall(peer: PeerHandle, call: string): Promise<void> {
  await expect.poll(async () => (await peer.state()).call, { message: `agent ${call}` }).toBe(call);
}

test.describe('telephone-network lab: plain SIP phones → Kamailio + rtpengine → WebRTC', () => {
  test('a desk phone calls the agent: caller ID asserted, audio both ways, clean hang-up', async ({
    openPeer,
    openDeskPhone,
    rtpengine,
    sipUsers,
  }) => {
    const agent = await openPeer(sipUsers.agent, { displayName: 'Test Agent' });
    const phone = await openDeskPhone(sipUsers.customer, { displayName: 'Desk Phone' });

    await phone.dial(sipUsers.agent.user);
    await peerCall(agent, 'incoming');
    expect((await agent.state()).remote).toMatchObject({
      paiUser: CUSTOMER_NUMBER,
      paiDisplayName: 'Desk Phone',
      paiCount: 1,
    });
    const { invite } = await agent.remoteSdp();
    expectWebRtcOffer(invite);
    expect(await rtpengine.calls()).toHaveLength(1);

    await agent.answer();
    await peerCall(agent, 'established');
    await phone.waitForState({ call: 'established' });
    await expectAudioBothWays(agent, phone);
    // The keypad goes out as RFC 4733 telephone-events (the phone negotiated telephone-event).
    await phone.sendDigits('12', { gapMs: 100 });
    expect(phone.log()).toMatch(/send DTMF digit: '1'/);

    await phone.hangup();
    await peerCall(agent, 'idle');
    await phone.waitForState({ call: 'idle' });
    await expect
      .poll(() => rtpengine.calls(), { message: 'rtpengine deleted the call' })
      .toEqual([]);
  });

  test('the PSTN gateway calls the agent: the caller’s number asserted, INFO keypad, BYE', async ({
    openPeer,
    rtpengine,
    sippCall,
    sipUsers,
  }) => {
    const agent = await openPeer(sipUsers.agent, { autoAnswer: true });
    const call = await sippCall({ fromName: 'Customer', digits: '4711#', digitsOnTrigger: true });

    await peerCall(agent, 'established');
    expect((await agent.state()).remote).toMatchObject({
      user: CUSTOMER_NUMBER,
      paiUser: CUSTOMER_NUMBER,
      paiDisplayName: 'Customer',
      paiCount: 1,
    });
    expectWebRtcOffer((await agent.remoteSdp()).invite);
    const received = await agent.bytesReceived();
    await expect.poll(() => agent.bytesReceived()).toBeGreaterThan(received + 1000);

    await call.triggerDigits();
    await expect.poll(async () => (await agent.state()).dtmfReceived).toBe('4711#');
    const infos = (await agent.events()).filter((event) => event.type === 'info-received');
    expect(infos.map((event) => event.detail?.contentType)).toEqual(
      Array(5).fill('application/dtmf-relay'),
    );

    await agent.hangup();
    expect(await call.done).toMatchObject({ exitCode: 0, stats: { successful: 1, failed: 0 } });
    await expect.poll(() => rtpengine.calls()).toEqual([]);
  });

  test('an offer with no a=mid at all still reaches the agent, who answers it', async ({
    openPeer,
    sippCall,
    sipUsers,
  }) => {
    const agent = await openPeer(sipUsers.agent, { autoAnswer: true });
    const call = await sippCall({ mid: null, byeAfterMs: 1500 });
    await peerCall(agent, 'established');
    expectWebRtcOffer((await agent.remoteSdp()).invite, 'absent');
    const received = await agent.bytesReceived();
    await expect.poll(() => agent.bytesReceived()).toBeGreaterThan(received + 1000);
    expect(await call.done).toMatchObject({ exitCode: 0 });
    await peerCall(agent, 'idle');
  });

  test('a desk phone’s keypad goes out as RFC 4733 telephone-events, not SIP INFO', async ({
    openDeskPhone,
    sipUsers,
  }) => {
    // Phone to phone: plain RTP end to end, so the far phone decodes the events itself.
    const caller = await openDeskPhone(sipUsers.customer);
    const callee = await openDeskPhone(sipUsers.target, { autoAnswer: true });
    await caller.dial(sipUsers.target.user);
    await caller.waitForState({ call: 'established' });
    await callee.waitForState({ call: 'established' });
    await caller.sendDigits('2580#');
    await expect
      .poll(() =>
        callee
          .events()
          .filter((event) => event.type === 'CALL_DTMF_START')
          .map((event) => event.param)
          .join(''),
      )
      .toBe('2580#');
    // baresip logs "received event" for RFC 4733 only (SIP INFO would be "received DTMF").
    await expect
      .poll(() => callee.log().match(/received event: '.' \(end=1\)/g)?.length ?? 0)
      .toBeGreaterThanOrEqual(5);
    expect(callee.log()).not.toMatch(/call: received DTMF/);
    await caller.hangup();
    await callee.waitForState({ call: 'idle' });
  });

  test('the agent calls a desk phone out: it answers by itself, audio both ways, clean hang-up', async ({
    openPeer,
    openDeskPhone,
    rtpengine,
    sipUsers,
  }) => {
    const agent = await openPeer(sipUsers.agent);
    const phone = await openDeskPhone(sipUsers.customer, { autoAnswer: true });

    await agent.call(sipUsers.customer.user);
    await peerCall(agent, 'established');
    await phone.waitForState({ call: 'established' });
    // rtpengine's answer toward the agent: WebRTC again, with the agent's own mid and no BUNDLE.
    expectWebRtcOffer((await agent.remoteSdp()).remoteDescription);
    await expectAudioBothWays(agent, phone);
    expect((await phone.rtpStats()).txPackets).toBeGreaterThan(0);

    // Hold and resume: re-INVITEs from the WebRTC side, rewritten by rtpengine both ways.
    await agent.hold(true);
    await expect
      .poll(async () => (await agent.state()).remoteDirection)
      .toMatch(/recvonly|inactive/);
    await agent.hold(false);
    await expect.poll(async () => (await agent.state()).remoteDirection).toBe('sendrecv');
    expectWebRtcOffer((await agent.remoteSdp()).remoteDescription);
    await expectAudioBothWays(agent, phone);

    await agent.hangup();
    await phone.waitForState({ call: 'idle' });
    await peerCall(agent, 'idle');
    await expect.poll(() => rtpengine.calls()).toEqual([]);
  });
});
