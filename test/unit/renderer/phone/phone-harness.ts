// The engine on a fake sip.js (fake-sip.ts) and fake timers, for the tests of each of its parts
// through the Phone interface: a phone, started and registered, with a call rung in and
// answered. Each test file mocks sip.js itself (vi.mock is per file) and calls useFakeClock().
import { afterEach, beforeEach, expect, vi } from 'vitest';
import { DEFAULT_SHORTCUTS, type PhoneConfig, type PhoneEvent } from '../../../../common/phone.js';
import type { DeviceInfoLike } from '../../../../renderer/phone/devices.js';
import { createPhone } from '../../../../renderer/phone/engine.js';
import type { AudioOutput } from '../../../../renderer/phone/media.js';
import type { DigitTap, DigitTapOptions } from '../../../../renderer/phone/received-digits.js';
import type { Ringer } from '../../../../renderer/phone/ringer.js';
import * as sip from './fake-sip.js';

export const T0 = Date.UTC(2025, 0, 6, 9, 0, 0);

export const baseConfig: PhoneConfig = {
  account: {
    wsUrl: 'ws://127.0.0.1:5066',
    domain: '127.0.0.1',
    user: 'agent01',
    password: 'test-only-secret',
    displayName: 'Agent 01',
  },
  iceServers: [],
  trustedProxies: ['127.0.0.1'],
  dtmfMode: 'info',
  keepAliveSeconds: 30,
  wrapUpSeconds: 30,
  shortcuts: DEFAULT_SHORTCUTS,
  devices: { microphoneId: 'headset-mic', speakerId: 'headset-out', ringerId: 'default' },
};

export const allDevices: DeviceInfoLike[] = [
  { deviceId: 'default', kind: 'audioinput', label: 'Default' },
  { deviceId: 'headset-mic', kind: 'audioinput', label: 'Headset Microphone' },
  { deviceId: 'default', kind: 'audiooutput', label: 'Default' },
  { deviceId: 'headset-out', kind: 'audiooutput', label: 'Headset Earphones' },
];

export const flush = () => vi.advanceTimersByTimeAsync(0);

/** What the engine asked of one peer connection's digit tap (received-digits.ts). */
export interface FakeTap {
  pc: unknown;
  options: DigitTapOptions;
  /** Every listen() call, in order. */
  listens: boolean[];
  closed: boolean;
}

export function setup(config: Partial<PhoneConfig> = {}) {
  const events: PhoneEvent[] = [];
  const logs: string[] = [];
  const online = new EventTarget();
  const deviceListeners = new Set<() => void>();
  let devices = allDevices;
  const audio = {
    srcObject: null as unknown,
    play: vi.fn(() => Promise.resolve()),
    pause: vi.fn(),
    setSinkId: vi.fn((_id: string) => Promise.resolve()),
  };
  const ringer = {
    start: vi.fn(),
    stop: vi.fn(),
    setDevice: vi.fn((_id: string) => Promise.resolve()),
    dispose: vi.fn(),
  };
  const onDevicesChosen = vi.fn();
  const taps: FakeTap[] = [];
  const tapDigits = (pc: RTCPeerConnection, options: DigitTapOptions): DigitTap => {
    const tap: FakeTap = { pc, options, listens: [], closed: false };
    taps.push(tap);
    return {
      encoded: true,
      listen: (on) => void tap.listens.push(on),
      counts: () => Promise.resolve(null),
      close: () => void (tap.closed = true),
    };
  };
  const getUserMedia = vi.fn((_c: MediaStreamConstraints) =>
    Promise.resolve(
      new sip.FakeStream([new sip.FakeTrack('audio', 'fresh mic')]) as unknown as MediaStream,
    ),
  );
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
      tapDigits,
    },
    trainingMedia: {
      audioContext: fakeAudioContext,
      fetch: () => Promise.reject(new Error('none')),
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
    taps,
    state: () => phone.store.getState(),
    ua: () => sip.UserAgent.instances.at(-1)!,
    registerer: () => sip.Registerer.instances.at(-1)!,
    unplug(ids: string[]) {
      devices = devices.filter((d) => !ids.includes(d.deviceId));
      for (const listener of deviceListeners) listener();
    },
    ofType: <K extends PhoneEvent['type']>(type: K) =>
      events.filter((e): e is Extract<PhoneEvent, { type: K }> => e.type === type),
  };
}

export type Harness = ReturnType<typeof setup>;

/** The training customer's audio graph, as far as the engine builds it. */
function fakeAudioContext(): AudioContext {
  const voice = new sip.FakeStream([new sip.FakeTrack('audio', 'training customer')]);
  return {
    resume: () => Promise.resolve(),
    close: () => Promise.resolve(),
    createMediaStreamDestination: () => ({ stream: voice }),
    createConstantSource: () => ({ offset: { value: 1 }, connect() {}, start() {} }),
  } as unknown as AudioContext;
}

export async function registered(config: Partial<PhoneConfig> = {}): Promise<Harness> {
  const h = setup(config);
  await h.phone.start(h.cfg);
  await flush();
  h.registerer().accept();
  await flush();
  expect(h.state().registration.kind).toBe('registered');
  return h;
}

export function ringIn(
  h: Harness,
  from: { displayName: string; uri: string; pai?: string[] } = {
    displayName: 'Customer',
    uri: 'sip:1001@127.0.0.1',
    pai: ['"Zhang Wei" <sip:1001@127.0.0.1>'],
  },
) {
  const invitation = new sip.Invitation(h.ua(), from);
  h.ua().options.delegate.onInvite(invitation);
  return invitation;
}

export async function inCall(config: Partial<PhoneConfig> = {}) {
  const h = await registered(config);
  const invitation = ringIn(h);
  await h.phone.answer();
  await flush();
  expect(h.state().call?.phase).toBe('connected');
  return { ...h, invitation };
}

/** Fake timers from T0 and a fresh fake sip.js for every test of the calling file. */
export function useFakeClock() {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
    sip.resetFakeSip();
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}
