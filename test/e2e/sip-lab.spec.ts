// The SIP lab itself, before any app code: two or three bare sip.js peers in Chromium register
// with the project's Kamailio (digest auth over ws:// on loopback) and call each other. If this
// fails, the phone specs cannot tell the app's faults from the lab's. See
// ../shared/docs/sip-lab.md.
import { expect, KAMAILIO_MISSING, test, type PeerHandle } from './fixtures-sip.js';

test.skip(KAMAILIO_MISSING !== null, KAMAILIO_MISSING ?? '');

const CALLER_NAME = 'Test Caller 测试';

/** bytesReceived keeps growing on both sides: audio really flows both ways. */
async function expectAudioBothWays(a: PeerHandle, b: PeerHandle): Promise<void> {
  for (const peer of [a, b]) {
    const before = await peer.bytesReceived();
    await expect
      .poll(() => peer.bytesReceived(), { message: `${peer.account.user} receives audio` })
      .toBeGreaterThan(before + 1000);
    expect(await peer.bytesSent()).toBeGreaterThan(0);
  }
}

async function established(...peers: PeerHandle[]): Promise<void> {
  for (const peer of peers)
    await expect
      .poll(async () => (await peer.state()).call, { message: `${peer.account.user} established` })
      .toBe('established');
}

async function idle(...peers: PeerHandle[]): Promise<void> {
  for (const peer of peers)
    await expect
      .poll(async () => (await peer.state()).call, { message: `${peer.account.user} idle` })
      .toBe('idle');
}

test.describe('SIP lab: Kamailio + bare sip.js peers', () => {
  test('peers register with digest auth, call with proxy-asserted caller ID, talk, send INFO DTMF, hold and hang up', async ({
    openPeer,
    sipUsers,
  }) => {
    const caller = await openPeer(sipUsers.customer, { displayName: CALLER_NAME });
    const callee = await openPeer(sipUsers.agent, { displayName: 'Test Agent' });

    // Digest: each REGISTER was challenged (re-sent with Authorization) before its 200.
    for (const peer of [caller, callee]) {
      const [registration] = await peer.registrations();
      expect(registration?.withAuth, `${peer.account.user} answered a 401`).toBeDefined();
      expect(registration?.ok).toBeGreaterThanOrEqual(registration!.withAuth!);
      expect((await peer.state()).registered).toBe(true);
      // OPTIONS to the proxy itself: the keep-alive a client uses to catch a dead connection.
      expect(await peer.ping()).toBe(200);
    }

    // The caller tries to assert someone else's identity; the proxy drops it and asserts the truth.
    await caller.call(sipUsers.agent.user, {
      extraHeaders: ['P-Asserted-Identity: "Bank Security" <sip:9999@127.0.0.1>'],
    });
    await expect.poll(async () => (await callee.state()).call).toBe('incoming');
    const { remote } = await callee.state();
    expect(remote).toMatchObject({
      user: sipUsers.customer.user,
      displayName: CALLER_NAME,
      paiUser: sipUsers.customer.user,
      paiDisplayName: CALLER_NAME,
      paiCount: 1,
    });
    expect(remote?.pai).toContain(`sip:${sipUsers.customer.user}@127.0.0.1`);
    const callerMarks = await caller.marks();
    expect(callerMarks.inviteSentWithAuth, 'the INVITE answered a 407').toBeDefined();
    await expect.poll(async () => (await caller.state()).call).toBe('ringing');

    await callee.answer();
    await established(caller, callee);
    await expectAudioBothWays(caller, callee);
    await expect.poll(async () => (await caller.marks()).firstAudio).toBeDefined();

    // The bench's marks, in the order they happen (epoch ms, comparable across the two pages).
    const c = await caller.marks();
    const e = await callee.marks();
    for (const order of [
      [
        c.inviteCalled,
        c.inviteSent,
        c.inviteSentWithAuth,
        c.ringing,
        e.acceptCalled,
        c.answered,
        c.firstAudio,
      ],
      [c.inviteSentWithAuth, e.inviteReceived, e.acceptCalled],
    ]) {
      expect(
        order.every((t) => typeof t === 'number'),
        JSON.stringify({ c, e }),
      ).toBe(true);
      expect([...order].sort((x, y) => x! - y!)).toEqual(order);
    }

    // SIP INFO DTMF both ways, both content types.
    await caller.sendInfoDtmf('12#', 'application/dtmf-relay');
    await expect.poll(async () => (await callee.state()).dtmfReceived).toBe('12#');
    await callee.sendInfoDtmf('9*', 'application/dtmf');
    await expect.poll(async () => (await caller.state()).dtmfReceived).toBe('9*');

    // Hold and resume: re-INVITEs along the record-routed path.
    await caller.hold(true);
    await expect
      .poll(async () => (await callee.state()).remoteDirection)
      .toMatch(/sendonly|inactive/);
    await caller.hold(false);
    await expect.poll(async () => (await callee.state()).remoteDirection).toBe('sendrecv');
    await expectAudioBothWays(caller, callee);

    await callee.hangup();
    await idle(caller, callee);
    expect((await caller.state()).ended).toBe(1);
  });

  test('the proxy refuses a wrong password and calls to unregistered or unknown users', async ({
    kamailio,
    openPeer,
    sipUsers,
  }) => {
    const intruder = await openPeer(sipUsers.customer, { start: false });
    const wrong = {
      wsUrl: kamailio.wsUrl,
      domain: kamailio.domain,
      user: sipUsers.customer.user,
      password: `${sipUsers.customer.password}x`,
    };
    await expect(intruder.start(wrong)).rejects.toThrow(/REGISTER failed: 401/);

    const caller = await openPeer(sipUsers.spare);
    await caller.call(sipUsers.target.user);
    await expect.poll(async () => (await caller.state()).lastEnd).toMatch(/^480/);
    await idle(caller);
    await caller.call('7777');
    await expect.poll(async () => (await caller.state()).lastEnd).toMatch(/^404/);
  });

  test('blind and attended transfer (REFER, INVITE with Replaces) through the proxy', async ({
    openPeer,
    sipUsers,
  }) => {
    const customer = await openPeer(sipUsers.customer, { displayName: CALLER_NAME });
    const agent = await openPeer(sipUsers.agent, { displayName: 'Test Agent', autoAnswer: true });
    const colleague = await openPeer(sipUsers.target, {
      displayName: 'Test Colleague',
      autoAnswer: true,
    });

    // Blind: the agent refers the customer to the colleague.
    await customer.call(sipUsers.agent.user);
    await established(customer, agent);
    await agent.blindTransfer(sipUsers.target.user);
    await idle(agent);
    await established(customer, colleague);
    expect((await colleague.state()).remote).toMatchObject({
      paiUser: sipUsers.customer.user,
      paiDisplayName: CALLER_NAME,
    });
    expect((await customer.state()).remote?.referred).toBe(true);
    await expectAudioBothWays(customer, colleague);
    await colleague.hangup();
    await idle(customer, colleague);

    // Attended: the agent holds the customer, consults the colleague, then joins them.
    await customer.call(sipUsers.agent.user);
    await established(customer, agent);
    await agent.hold(true);
    await agent.call(sipUsers.target.user);
    await established(agent, colleague);
    expect((await agent.state()).held).toBe(true);
    await agent.attendedTransfer();
    await idle(agent);
    await established(customer, colleague);
    expect((await colleague.state()).remote).toMatchObject({
      replaces: true,
      paiUser: sipUsers.customer.user,
    });
    await expectAudioBothWays(customer, colleague);
    await customer.hangup();
    await idle(customer, colleague);
  });

  test('Kamailio restarted: peers reconnect and re-register by themselves; a call in progress keeps its dialog', async ({
    kamailio,
    openPeer,
    sipUsers,
  }) => {
    const caller = await openPeer(sipUsers.customer, { displayName: CALLER_NAME });
    const callee = await openPeer(sipUsers.agent, { autoAnswer: true });

    // Idle restart: registrations are gone with the old process; the peers come back.
    await kamailio.restart();
    for (const peer of [caller, callee]) {
      await expect
        .poll(async () => (await peer.state()).registered, {
          message: `${peer.account.user} re-registered`,
        })
        .toBe(true);
      expect((await peer.registrations()).length).toBeGreaterThanOrEqual(2);
    }
    await caller.call(sipUsers.agent.user);
    await established(caller, callee);
    await expectAudioBothWays(caller, callee);

    // Killed mid-call: media is peer to peer and goes on; after the restart the in-dialog
    // requests find the callee on its new connection.
    await kamailio.kill();
    await expect.poll(async () => (await callee.state()).connected).toBe(false);
    await kamailio.restart();
    for (const peer of [caller, callee])
      await expect.poll(async () => (await peer.state()).registered).toBe(true);
    await caller.hold(true);
    await expect
      .poll(async () => (await callee.state()).remoteDirection)
      .toMatch(/sendonly|inactive/);
    await caller.hold(false);
    await caller.sendInfoDtmf('5');
    await expect.poll(async () => (await callee.state()).dtmfReceived).toBe('5');
    await expectAudioBothWays(caller, callee);
    await caller.hangup();
    await idle(caller, callee);
  });
});
