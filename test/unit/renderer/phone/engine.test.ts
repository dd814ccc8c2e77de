// The engine against a fake sip.js (fake-sip.ts) on fake timers: registration status, reconnection
// that never gives up, stuck Registerers, the OPTIONS keep-alive, calls surviving a reconnect,
// agent state, caller ID, secure entry, transfers and device fallback. Real SIP/WebRTC is tested
// end to end through Kamailio (test/e2e/phone*.spec.ts).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SHORTCUTS, type PhoneConfig, type PhoneEvent } from '../../../../common/phone.js';
import type { DeviceInfoLike } from '../../../../renderer/phone/devices.js';
import type { AudioOutput } from '../../../../renderer/phone/media.js';
import type { Ringer } from '../../../../renderer/phone/ringer.js';
import * as sip from './fake-sip.js';

vi.mock('sip.js', async () => await import('./fake-sip.js'));

const { createPhone } = await import('../../../../renderer/phone/engine.js');

const T0 = Date.UTC(2025, 0, 6, 9, 0, 0);

const baseConfig: PhoneConfig = {
  account: { wsUrl: 'ws://127.0.0.1:5066', domain: '127.0.0.1', user: 'agent01', password: 'test-only-secret', displayName: 'Agent 01' },
  iceServers: [],
  trustedProxies: ['127.0.0.1'],
  dtmfMode: 'info',
  keepAliveSeconds: 30,
  wrapUpSeconds: 30,
  shortcuts: DEFAULT_SHORTCUTS,
  devices: { microphoneId: 'headset-mic', speakerId: 'headset-out', ringerId: 'default' },
};

const allDevices: DeviceInfoLike[] = [
  { deviceId: 'default', kind: 'audioinput', label: 'Default' },
  { deviceId: 'headset-mic', kind: 'audioinput', label: 'Headset Microphone' },
  { deviceId: 'default', kind: 'audiooutput', label: 'Default' },
  { deviceId: 'headset-out', kind: 'audiooutput', label: 'Headset Earphones' },
];

const flush = () => vi.advanceTimersByTimeAsync(0);

function setup(config: Partial<PhoneConfig> = {}) {
  const events: PhoneEvent[] = [];
  const logs: string[] = [];
  const online = new EventTarget();
  const deviceListeners = new Set<() => void>();
  let devices = allDevices;
  const audio = { srcObject: null as unknown, play: vi.fn(() => Promise.resolve()), pause: vi.fn(), setSinkId: vi.fn((_id: string) => Promise.resolve()) };
  const ringer = { start: vi.fn(), stop: vi.fn(), setDevice: vi.fn((_id: string) => Promise.resolve()), dispose: vi.fn() };
  const onDevicesChosen = vi.fn();
  const getUserMedia = vi.fn((_c: MediaStreamConstraints) => Promise.resolve(new sip.FakeStream([new sip.FakeTrack('audio', 'fresh mic')]) as unknown as MediaStream));
  const phone = createPhone({
    report: (event) => events.push(event),
    now: () => Date.now(),
    random: () => 0.5,
    uuid: () => crypto.randomUUID(),
    onlineEvents: online,
    log: (_level, message) => logs.push(message),
    onDevicesChosen,
    media: {
      getUserMedia,
      enumerateDevices: () => Promise.resolve(devices),
      onDeviceChange: (listener) => {
        deviceListeners.add(listener);
        return () => deviceListeners.delete(listener);
      },
      createAudioOutput: () => audio as unknown as AudioOutput,
      createRinger: () => ringer as Ringer,
    },
  });
  const cfg = { ...baseConfig, ...config };
  return {
    phone,
    cfg,
    events,
    logs,
    online,
    audio,
    ringer,
    onDevicesChosen,
    getUserMedia,
    state: () => phone.store.getState(),
    ua: () => sip.UserAgent.instances.at(-1)!,
    registerer: () => sip.Registerer.instances.at(-1)!,
    unplug(ids: string[]) {
      devices = devices.filter((d) => !ids.includes(d.deviceId));
      for (const listener of deviceListeners) listener();
    },
    ofType: <K extends PhoneEvent['type']>(type: K) => events.filter((e): e is Extract<PhoneEvent, { type: K }> => e.type === type),
  };
}

type Harness = ReturnType<typeof setup>;

async function registered(config: Partial<PhoneConfig> = {}): Promise<Harness> {
  const h = setup(config);
  await h.phone.start(h.cfg);
  await flush();
  h.registerer().accept();
  await flush();
  expect(h.state().registration.kind).toBe('registered');
  return h;
}

function ringIn(h: Harness, from: { displayName: string; uri: string; pai?: string[] } = { displayName: 'Customer', uri: 'sip:1001@127.0.0.1', pai: ['"Zhang Wei" <sip:1001@127.0.0.1>'] }) {
  const invitation = new sip.Invitation(h.ua(), from);
  h.ua().options.delegate.onInvite(invitation);
  return invitation;
}

async function inCall(config: Partial<PhoneConfig> = {}) {
  const h = await registered(config);
  const invitation = ringIn(h);
  await h.phone.answer();
  await flush();
  expect(h.state().call?.phase).toBe('connected');
  return { ...h, invitation };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
  sip.resetFakeSip();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('start and registration', () => {
  it('configures sip.js safely: no public STUN, no sip.js log output, no traced SIP', async () => {
    const h = setup();
    await h.phone.start(h.cfg);
    const options = h.ua().options;
    expect(options['sessionDescriptionHandlerFactoryOptions']).toMatchObject({ peerConnectionConfiguration: { iceServers: [] }, iceGatheringTimeout: 500 });
    expect(options['transportOptions']).toMatchObject({ server: 'ws://127.0.0.1:5066', traceSip: false });
    expect(options).toMatchObject({ logBuiltinEnabled: false, logConfiguration: false, authorizationUsername: 'agent01' });
  });

  it('gives sip.js session description handlers the rollback they lack', async () => {
    const h = setup();
    await h.phone.start(h.cfg);
    const factory = h.ua().options['sessionDescriptionHandlerFactory'] as (session: unknown, options: unknown) => {
      peerConnection: sip.FakePeerConnection;
      rollbackDescription(): Promise<void>;
    };
    const sdh = factory({}, {});
    await sdh.rollbackDescription();
    expect(sdh.peerConnection.localDescriptions).toEqual([]);
    sdh.peerConnection.signalingState = 'have-local-offer';
    await sdh.rollbackDescription();
    expect(sdh.peerConnection.localDescriptions).toEqual([{ type: 'rollback' }]);
  });

  it('takes ICE servers only from configuration', async () => {
    const h = setup({ iceServers: [{ urls: 'turn:turn.bank.example:3478', username: 'u', credential: 'c' }] });
    await h.phone.start(h.cfg);
    const factory = h.ua().options['sessionDescriptionHandlerFactoryOptions'] as { peerConnectionConfiguration: RTCConfiguration; iceGatheringTimeout: number };
    expect(factory.peerConnectionConfiguration.iceServers).toEqual([{ urls: 'turn:turn.bank.example:3478', username: 'u', credential: 'c' }]);
    expect(factory.iceGatheringTimeout).toBe(2000);
  });

  it('shows connecting, then registered, and reports both', async () => {
    const h = setup();
    await h.phone.start(h.cfg);
    expect(h.state().registration).toEqual({ kind: 'connecting', attempt: 1 });
    await flush();
    expect(h.state().transport).toBe('connected');
    expect(h.registerer().requests).toBe(1);
    h.registerer().accept();
    expect(h.state().registration).toEqual({ kind: 'registered', since: T0 });
    expect(h.ofType('registration').map((e) => e.status)).toEqual(['connecting', 'registered']);
  });

  it('stays idle without an account', async () => {
    const h = setup({ account: null });
    await h.phone.start(h.cfg);
    expect(h.state().registration).toEqual({ kind: 'idle' });
    expect(sip.UserAgent.instances).toHaveLength(0);
  });

  it('retries a first connection that fails', async () => {
    const h = setup();
    sip.UserAgent.firstConnect = 'fail';
    await h.phone.start(h.cfg);
    await flush();
    expect(h.state().transport).toBe('disconnected');
    expect(h.state().registration).toEqual({ kind: 'connecting', attempt: 1, nextRetryAt: T0 + 500 });
    h.ua().nextConnect = 'ok';
    await vi.advanceTimersByTimeAsync(500);
    expect(h.state().transport).toBe('connected');
  });

  it('a refused REGISTER is shown as failed with the reason, and retried', async () => {
    const h = setup();
    await h.phone.start(h.cfg);
    await flush();
    h.registerer().reject(403, 'Forbidden');
    await flush();
    expect(h.state().registration).toEqual({ kind: 'failed', reason: '403 Forbidden', nextRetryAt: T0 + 500 });
    expect(h.ofType('registration').at(-1)).toEqual({ type: 'registration', status: 'failed', reason: '403 Forbidden' });
    await vi.advanceTimersByTimeAsync(500);
    expect(h.registerer().requests).toBe(2);
    h.registerer().accept();
    expect(h.state().registration.kind).toBe('registered');
  });
});

describe('reconnection that never gives up', () => {
  it('backs off with jitter while the proxy is away, rescheduling failed reconnects itself', async () => {
    const h = await registered();
    const ua = h.ua();
    ua.nextConnect = 'fail';
    ua.drop(new Error('WebSocket closed'));
    expect(h.state().transport).toBe('disconnected');
    expect(h.state().registration).toEqual({ kind: 'connecting', attempt: 1, nextRetryAt: T0 + 500 });
    const waits: number[] = [];
    for (let i = 0; i < 12; i += 1) {
      const status = h.state().registration;
      if (status.kind !== 'connecting' || status.nextRetryAt === undefined) throw new Error('not waiting');
      waits.push(status.nextRetryAt - Date.now());
      await vi.advanceTimersByTimeAsync(status.nextRetryAt - Date.now());
    }
    expect(waits).toEqual([500, 1000, 2000, 4000, 8000, 15000, 15000, 15000, 15000, 15000, 15000, 15000]);
    expect(ua.connectCalls).toBe(1 + 12);
    // The proxy comes back: the next try connects and re-registers on the same (stale) Registerer.
    ua.nextConnect = 'ok';
    await vi.advanceTimersByTimeAsync(15_000);
    expect(h.state().transport).toBe('connected');
    expect(h.registerer().requests).toBe(2);
    h.registerer().accept(); // already "Registered" in sip.js's eyes: no stateChange
    expect(h.state().registration).toEqual({ kind: 'registered', since: Date.now() });
    // backoff reset: the next loss starts from the first window
    ua.drop(new Error('again'));
    expect(h.state().registration).toMatchObject({ attempt: 1, nextRetryAt: Date.now() + 500 });
  });

  it('replaces a Registerer stuck on a REGISTER lost with the old connection (pitfall 6)', async () => {
    const h = setup();
    await h.phone.start(h.cfg);
    await flush();
    const stuck = h.registerer();
    expect(stuck.waiting).toBe(true);
    h.ua().drop(new Error('lost'));
    await vi.advanceTimersByTimeAsync(500);
    expect(sip.Registerer.instances).toHaveLength(2);
    expect(stuck.disposed).toBe(true);
    h.registerer().accept();
    expect(h.state().registration.kind).toBe('registered');
  });

  it('replaces a Registerer whose own refresh is pending (register() → RequestPendingError)', async () => {
    const h = await registered();
    const first = h.registerer();
    first.refresh();
    h.ua().drop();
    await vi.advanceTimersByTimeAsync(500);
    expect(sip.Registerer.instances).toHaveLength(2);
    expect(first.disposed).toBe(true);
    h.registerer().accept();
    expect(h.state().registration.kind).toBe('registered');
  });

  it('OPTIONS keep-alive: a proxy that stops answering is a dead connection', async () => {
    const h = await registered();
    const ua = h.ua();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(ua.optionsRequests.map((r) => [r.method, r.ruri.toString()])).toEqual([['OPTIONS', 'sip:127.0.0.1']]);
    ua.answerOptions(200);
    await vi.advanceTimersByTimeAsync(30_000 + 9_999);
    expect(ua.disconnects).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(ua.disconnects).toBe(1);
    expect(h.state().registration).toMatchObject({ kind: 'connecting' });
    await vi.advanceTimersByTimeAsync(500);
    expect(h.state().transport).toBe('connected');
  });

  it('OPTIONS answered 408/503 means reconnect', async () => {
    const h = await registered();
    await vi.advanceTimersByTimeAsync(30_000);
    h.ua().answerOptions(503);
    await flush();
    expect(h.ua().disconnects).toBe(1);
  });

  it('`online` and nudge() skip the backoff', async () => {
    const h = await registered();
    const ua = h.ua();
    ua.nextConnect = 'fail';
    ua.drop();
    for (let i = 0; i < 8; i += 1) await vi.runOnlyPendingTimersAsync();
    const calls = ua.connectCalls;
    ua.nextConnect = 'ok';
    h.online.dispatchEvent(new Event('online'));
    await flush();
    expect(ua.connectCalls).toBe(calls + 1);
    expect(h.state().transport).toBe('connected');
    h.registerer().accept();
    // Connected: resume probes the connection and re-registers at once.
    h.phone.nudge('resume');
    await flush();
    expect(ua.optionsRequests).toHaveLength(1);
    expect(h.registerer().requests).toBe(3);
  });
});

describe('incoming calls', () => {
  it('rings with caller ID from a trusted proxy’s P-Asserted-Identity', async () => {
    const h = await registered();
    ringIn(h);
    const call = h.state().call!;
    expect(call).toMatchObject({ direction: 'inbound', phase: 'ringing', remote: { number: '1001', displayName: 'Zhang Wei', source: 'pai' } });
    expect(h.ringer.start).toHaveBeenCalled();
    expect(h.ofType('call-started')).toEqual([
      { type: 'call-started', callId: call.id, direction: 'inbound', number: '1001', name: 'Zhang Wei', callerIdSource: 'pai' },
    ]);
  });

  it('uses From when the proxy is not trusted', async () => {
    const h = await registered({ trustedProxies: ['proxy.bank.example'] });
    ringIn(h, { displayName: 'Caller <b>', uri: 'sip:2002@127.0.0.1', pai: ['"Bank" <sip:9999@127.0.0.1>'] });
    expect(h.state().call!.remote).toEqual({ number: '2002', displayName: 'Caller b', source: 'from' });
  });

  it('declines with 486 when the agent is not ready, counts it and records it', async () => {
    const h = await registered();
    h.phone.setAgentState('not-ready', 'meeting');
    const invitation = ringIn(h);
    expect(invitation.rejectedWith).toBe(486);
    expect(h.state().call).toBeNull();
    expect(h.state().agent).toMatchObject({ state: 'not-ready', reason: 'meeting', declinedWhileNotReady: 1 });
    expect(h.ofType('call-declined-not-ready')).toEqual([{ type: 'call-declined-not-ready', number: '1001' }]);
    expect(h.ofType('call-ended')[0]!.record).toMatchObject({ direction: 'inbound', outcome: 'declined-not-ready', durationSeconds: 0 });
    expect(h.state().history[0]).toMatchObject({ outcome: 'declined-not-ready' });
    expect(h.ringer.start).not.toHaveBeenCalled();
  });

  it('answers; a second caller meanwhile gets 486', async () => {
    const h = await inCall();
    expect(h.ofType('call-answered')).toHaveLength(1);
    expect(h.ringer.stop).toHaveBeenCalled();
    expect(h.audio.play).toHaveBeenCalled();
    const second = ringIn(h, { displayName: 'Other', uri: 'sip:3003@127.0.0.1' });
    expect(second.rejectedWith).toBe(486);
    expect(h.state().call?.phase).toBe('connected');
    expect(h.state().history[0]).toMatchObject({ number: '3003', outcome: 'missed' });
  });

  it('a caller who gives up is a missed call; a rejected one is rejected', async () => {
    const h = await registered();
    const first = ringIn(h);
    first.cancelled();
    expect(h.state().history[0]).toMatchObject({ outcome: 'missed' });
    const second = ringIn(h);
    await h.phone.reject();
    expect(second.rejectedWith).toBe(486);
    expect(h.state().history[0]).toMatchObject({ outcome: 'rejected' });
    expect(h.state().call).toBeNull();
  });

  it('after the call: wrap-up, then ready again when the timer ends', async () => {
    const h = await inCall();
    await vi.advanceTimersByTimeAsync(65_000);
    await h.phone.hangup();
    expect(h.invitation.byes).toBe(1);
    const record = h.ofType('call-ended')[0]!.record;
    expect(record).toMatchObject({ outcome: 'answered', durationSeconds: 65, number: '1001', name: 'Zhang Wei' });
    expect(h.state().agent).toMatchObject({ state: 'wrap-up', wrapUpEndsAt: Date.now() + 30_000 });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(h.state().agent.state).toBe('ready');
    expect(h.ofType('agent-state').map((e) => e.state)).toEqual(['wrap-up', 'ready']);
  });
});

describe('secure entry (DTMF over SIP INFO)', () => {
  it('gives the digits to the consumer only: not to state, events or logs', async () => {
    const h = await inCall();
    const digits: string[] = [];
    const release = h.phone.attachSecureEntry({ onDigit: (d) => digits.push(d) });
    const statuses = ['7', '3', '9', '1', '5', '8'].map((d, i) =>
      i % 2 === 0 ? h.invitation.receiveInfo('application/dtmf-relay', `Signal=${d}\r\nDuration=160`) : h.invitation.receiveInfo('application/dtmf', d),
    );
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
    expect(digits.join('')).toBe('739158');
    expect(h.state().secureEntry).toEqual({ active: true, digitCount: 6 });
    const everything = JSON.stringify([h.state(), h.events, h.logs]);
    expect(everything).not.toContain('739158');
    expect(everything).not.toMatch(/Signal/);
    release();
    expect(h.state().secureEntry).toBeNull();
  });

  it('answers 415 to other INFO bodies, 200 to empty ones, and drops digits nobody asked for', async () => {
    const h = await inCall();
    expect(h.invitation.receiveInfo('application/media_control+xml', '<x/>')).toBe(415);
    expect(h.invitation.receiveInfo(undefined, '')).toBe(200);
    expect(h.invitation.receiveInfo('application/dtmf', '4')).toBe(200);
    expect(h.state().secureEntry).toBeNull();
  });

  it('releases the consumer when the call ends', async () => {
    const h = await inCall();
    const onDigit = vi.fn();
    h.phone.attachSecureEntry({ onDigit });
    await h.phone.hangup();
    expect(h.state().secureEntry).toBeNull();
  });
});

describe('in call', () => {
  it('holds and resumes by re-INVITE, silencing both directions while held', async () => {
    const h = await inCall();
    const hold = h.phone.hold(true);
    await flush();
    expect(h.invitation.reInvites.at(-1)!.sessionDescriptionHandlerOptions).toEqual({ hold: true });
    h.invitation.answerReInvite(200);
    await hold;
    const pc = h.invitation.sessionDescriptionHandler!.peerConnection;
    expect(h.state().call?.phase).toBe('held');
    expect(pc.senders[0]!.track!.enabled).toBe(false);
    expect(pc.receivers[0]!.track.enabled).toBe(false);
    const resume = h.phone.hold(false);
    await flush();
    h.invitation.answerReInvite(200);
    await resume;
    expect(h.state().call?.phase).toBe('connected');
    expect(pc.senders[0]!.track!.enabled).toBe(true);
    expect(h.ofType('call-held').map((e) => e.held)).toEqual([true, false]);
  });

  it('waits for the ACK before a re-INVITE (no INVITE while one is in progress)', async () => {
    const h = await inCall();
    h.invitation.dialog!.sessionState = 'AckWait';
    const hold = h.phone.hold(true);
    await vi.advanceTimersByTimeAsync(200);
    expect(h.invitation.reInvites).toHaveLength(0);
    h.invitation.dialog!.sessionState = 'Confirmed';
    await vi.advanceTimersByTimeAsync(50);
    expect(h.invitation.reInvites).toHaveLength(1);
    h.invitation.answerReInvite(200);
    await hold;
    expect(h.state().call?.phase).toBe('held');
  });

  it('a refused hold leaves the call connected, with an error', async () => {
    const h = await inCall();
    const hold = h.phone.hold(true);
    await flush();
    h.invitation.answerReInvite(491);
    await hold;
    expect(h.state().call?.phase).toBe('connected');
    expect(h.state().lastError).toEqual({ key: 'hold-failed' });
    // the far end's next re-INVITE is answered as not held
    expect(h.invitation.sessionDescriptionHandlerOptionsReInvite).toEqual({ hold: false });
  });

  it('mutes with track.enabled', async () => {
    const h = await inCall();
    h.phone.mute(true);
    expect(h.invitation.sessionDescriptionHandler!.peerConnection.senders[0]!.track!.enabled).toBe(false);
    expect(h.state().call?.muted).toBe(true);
  });

  it('sends DTMF by SIP INFO or RFC 4733, as configured, and refuses non-DTMF', async () => {
    const h = await inCall();
    await h.phone.sendDtmf('5#');
    expect(h.invitation.infos.map((i) => i.requestOptions!.body)).toEqual([
      { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: 'Signal=5\r\nDuration=160' },
      { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: 'Signal=#\r\nDuration=160' },
    ]);
    await h.phone.sendDtmf('x');
    expect(h.state().lastError).toEqual({ key: 'bad-dtmf' });
    const r = await inCall({ dtmfMode: 'rfc4733' });
    await r.phone.sendDtmf('12');
    expect(r.invitation.sessionDescriptionHandler!.dtmfSent).toEqual(['12']);
  });

  it('samples quality, warns once per episode and keeps the summary with the call record', async () => {
    const h = await inCall();
    const pc = h.invitation.sessionDescriptionHandler!.peerConnection;
    let lost = 0;
    let received = 0;
    for (let i = 0; i < 5; i += 1) {
      lost += 10;
      received += 90;
      pc.stats = [
        { id: 'T', type: 'transport', selectedCandidatePairId: 'P' },
        { id: 'P', type: 'candidate-pair', currentRoundTripTime: 0.05 },
        { id: 'I', type: 'inbound-rtp', kind: 'audio', jitter: 0.01, packetsLost: lost, packetsReceived: received },
      ];
      await vi.advanceTimersByTimeAsync(2_000);
    }
    const call = h.state().call!;
    expect(call.quality).toHaveLength(5);
    expect(call.quality[0]).toMatchObject({ rttMs: 50, jitterMs: 10, lossPct: 10 });
    expect(call.qualityWarning).toBe(true);
    expect(h.ofType('quality-warning')).toEqual([{ type: 'quality-warning', callId: call.id, reasons: ['loss', 'mos'] }]);
    await h.phone.hangup();
    expect(h.ofType('call-ended')[0]!.record.quality).toMatchObject({ samples: 5, rttMsAvg: 50, lossPctAvg: 10, warnings: 1 });
  });
});

describe('live calls survive a reconnect', () => {
  it('re-INVITEs with an ICE restart after re-registering, and reports media restored', async () => {
    const h = await inCall();
    h.ua().drop(new Error('proxy restarted'));
    expect(h.state().call?.phase).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(500);
    expect(h.invitation.reInvites).toHaveLength(0); // not before registering
    h.registerer().accept();
    await flush();
    const reInvite = h.invitation.reInvites.at(-1)!;
    expect(reInvite.sessionDescriptionHandlerOptions).toEqual({ hold: false, offerOptions: { iceRestart: true } });
    h.invitation.answerReInvite(200);
    expect(h.state().call?.phase).toBe('connected');
    expect(h.ofType('call-media-restored')).toEqual([{ type: 'call-media-restored', callId: h.state().call!.id }]);
    // later answers must not wait for an ICE restart that is not happening
    expect(h.invitation.sessionDescriptionHandlerOptionsReInvite).toEqual({ hold: false });
  });

  it('keeps a held call held, and retries a refused restore', async () => {
    const h = await inCall();
    const hold = h.phone.hold(true);
    await flush();
    h.invitation.answerReInvite(200);
    await hold;
    h.ua().drop();
    await vi.advanceTimersByTimeAsync(500);
    h.registerer().accept();
    await flush();
    expect(h.invitation.reInvites.at(-1)!.sessionDescriptionHandlerOptions).toEqual({ hold: true, offerOptions: { iceRestart: true } });
    h.invitation.answerReInvite(480);
    const count = h.invitation.reInvites.length;
    await vi.advanceTimersByTimeAsync(500);
    expect(h.invitation.reInvites.length).toBe(count + 1);
    h.invitation.answerReInvite(200);
    expect(h.state().call?.phase).toBe('held');
  });

  it('hanging up while disconnected still ends the call', async () => {
    const h = await inCall();
    h.ua().nextConnect = 'hang';
    h.ua().drop();
    await h.phone.hangup();
    expect(h.state().call).toBeNull();
    expect(h.ofType('call-ended')).toHaveLength(1);
  });
});

describe('outgoing calls', () => {
  it('dials a number on the account domain: dialing → alerting → connected', async () => {
    const h = await registered();
    await h.phone.dial('138-0000 0000');
    const inviter = sip.Inviter.instances.at(-1)!;
    expect(inviter.target.toString()).toBe('sip:13800000000@127.0.0.1');
    expect(h.state().call).toMatchObject({ direction: 'outbound', phase: 'dialing', remote: { number: '13800000000' } });
    inviter.ringing();
    expect(h.state().call?.phase).toBe('alerting');
    inviter.answered();
    expect(h.state().call?.phase).toBe('connected');
    expect(h.ofType('call-started')[0]).toMatchObject({ direction: 'outbound', number: '13800000000', callerIdSource: 'from' });
  });

  it('reports a refused call with its status, and a cancelled one as cancelled', async () => {
    const h = await registered();
    await h.phone.dial('1002');
    sip.Inviter.instances.at(-1)!.refused(486);
    expect(h.state().lastError).toEqual({ key: 'call-failed', params: { status: '486' } });
    expect(h.state().history[0]).toMatchObject({ outcome: 'failed', direction: 'outbound' });
    await h.phone.dial('1002');
    await h.phone.hangup();
    expect(sip.Inviter.instances.at(-1)!.cancelled).toBe(true);
    expect(h.state().history[0]).toMatchObject({ outcome: 'cancelled' });
  });

  it('refuses what is not a number, and a second call', async () => {
    const h = await registered();
    await h.phone.dial('javascript:alert(1)');
    expect(h.state().lastError).toEqual({ key: 'bad-target' });
    await h.phone.dial('1002');
    await h.phone.dial('1003');
    expect(h.state().lastError).toEqual({ key: 'busy' });
    expect(sip.Inviter.instances).toHaveLength(1);
  });
});

describe('transfers', () => {
  it('blind: REFER, then hang up once the far end reports 200', async () => {
    const h = await inCall();
    const done = h.phone.blindTransfer('1003');
    await flush();
    expect(h.state().call?.phase).toBe('transferring');
    const refer = h.invitation.refers[0]!;
    expect(String(refer.target)).toBe('sip:1003@127.0.0.1');
    refer.options.onNotify!({ request: { body: 'SIP/2.0 100 Trying' }, accept: () => Promise.resolve() });
    refer.options.onNotify!({ request: { body: 'SIP/2.0 200 OK' }, accept: () => Promise.resolve() });
    await done;
    expect(h.invitation.byes).toBe(1);
    expect(h.ofType('call-transferred')).toEqual([{ type: 'call-transferred', callId: expect.any(String), kind: 'blind', target: '1003' }]);
    expect(h.state().history[0]).toMatchObject({ outcome: 'transferred' });
  });

  it('blind: a failed transfer returns to the call', async () => {
    const h = await inCall();
    const done = h.phone.blindTransfer('1003');
    await flush();
    h.invitation.refers[0]!.options.onNotify!({ request: { body: 'SIP/2.0 486 Busy Here' }, accept: () => Promise.resolve() });
    await done;
    expect(h.state().call?.phase).toBe('connected');
    expect(h.state().lastError).toEqual({ key: 'transfer-failed', params: { status: '486' } });
  });

  it('attended: hold, consult, then REFER with Replaces naming the consult call', async () => {
    const h = await inCall();
    const consulting = h.phone.startConsult('1003');
    await flush();
    h.invitation.answerReInvite(200); // hold
    await consulting;
    const consult = sip.Inviter.instances.at(-1)!;
    expect(h.state().call).toMatchObject({ phase: 'held', consult: { number: '1003', phase: 'dialing' } });
    consult.answered();
    expect(h.state().call?.consult?.phase).toBe('connected');
    const done = h.phone.completeAttendedTransfer();
    await flush();
    const refer = h.invitation.refers[0]!;
    expect(refer.target).toBe(consult);
    refer.options.onNotify!({ request: { body: 'SIP/2.0 200 OK' }, accept: () => Promise.resolve() });
    await done;
    expect(h.invitation.byes).toBe(1);
    expect(consult.byes).toBe(1);
    expect(h.ofType('call-transferred')[0]).toMatchObject({ kind: 'attended', target: '1003' });
    expect(h.state().call).toBeNull();
  });

  it('attended: cancelling the consultation goes back to the customer', async () => {
    const h = await inCall();
    const consulting = h.phone.startConsult('1003');
    await flush();
    h.invitation.answerReInvite(200);
    await consulting;
    const cancel = h.phone.cancelConsult();
    await flush();
    expect(sip.Inviter.instances.at(-1)!.cancelled).toBe(true);
    h.invitation.answerReInvite(200); // resume
    await cancel;
    expect(h.state().call).toMatchObject({ phase: 'connected', consult: null });
  });
});

describe('audio devices', () => {
  it('applies the chosen speaker and ringer, and hands choices to main to persist', async () => {
    const h = await registered();
    await h.phone.selectDevice('speaker', 'headset-out');
    expect(h.audio.setSinkId).toHaveBeenLastCalledWith('headset-out');
    await h.phone.selectDevice('ringer', 'default');
    expect(h.ringer.setDevice).toHaveBeenLastCalledWith('default');
    expect(h.onDevicesChosen).toHaveBeenLastCalledWith({ microphoneId: 'headset-mic', speakerId: 'headset-out', ringerId: 'default' });
    expect(h.state().devices).toMatchObject({ speakerId: 'headset-out', ringerId: 'default' });
  });

  it('switches the microphone mid-call with replaceTrack (no re-INVITE)', async () => {
    const h = await inCall();
    h.phone.mute(true);
    await h.phone.selectDevice('microphone', 'default');
    const sender = h.invitation.sessionDescriptionHandler!.peerConnection.senders[0]!;
    expect(sender.replaced).toHaveLength(1);
    expect(sender.track!.label).toBe('fresh mic');
    expect(sender.track!.enabled).toBe(false); // still muted
    expect(h.invitation.reInvites).toHaveLength(0);
  });

  it('falls back to the default when the headset is pulled mid-call, with a notice and an event', async () => {
    const h = await inCall();
    h.unplug(['headset-mic', 'headset-out']);
    await flush();
    expect(h.state().devices).toMatchObject({ microphoneId: 'default', speakerId: 'default', notice: { kind: 'speaker-fallback', label: 'Headset Earphones' } });
    expect(h.ofType('device-fallback').map((e) => e.kind)).toEqual(['microphone', 'speaker']);
    expect(h.invitation.sessionDescriptionHandler!.peerConnection.senders[0]!.replaced).toHaveLength(1);
    expect(h.getUserMedia).toHaveBeenLastCalledWith(expect.objectContaining({ audio: expect.not.objectContaining({ deviceId: expect.anything() }) }));
    expect(h.audio.setSinkId).toHaveBeenLastCalledWith('');
    expect(h.onDevicesChosen).not.toHaveBeenCalled();
    h.phone.store.dispatch({ type: 'notice-dismissed' });
    expect(h.state().devices.notice).toBeNull();
  });
});

describe('the UI store', () => {
  it('accepts only dismissals from the UI', async () => {
    const h = await registered();
    await h.phone.dial('nonsense!');
    const before = h.state();
    h.phone.store.dispatch({ type: 'registration', status: { kind: 'idle' } });
    h.phone.store.dispatch('error-dismissed');
    expect(h.state()).toBe(before);
    h.phone.store.dispatch({ type: 'error-dismissed' });
    expect(h.state().lastError).toBeNull();
  });
});

describe('stop', () => {
  it('ends calls, stops sip.js and shows idle; nothing retries afterwards', async () => {
    const h = await inCall();
    await h.phone.stop();
    expect(h.ua().stopped).toBe(true);
    expect(h.state()).toMatchObject({ registration: { kind: 'idle' }, transport: 'disconnected', call: null });
    expect(h.ofType('call-ended')).toHaveLength(1);
    const connects = h.ua().connectCalls;
    await vi.advanceTimersByTimeAsync(120_000);
    expect(h.ua().connectCalls).toBe(connects);
  });
});
