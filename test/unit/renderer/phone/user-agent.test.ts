// The UserAgent the engine builds (user-agent.ts): safe sip.js options, the rollback sip.js lacks,
// ICE servers from configuration only, a peer connection fitted to each offer.
import { describe, expect, it, vi } from 'vitest';
import * as sip from './fake-sip.js';
import { setup, useFakeClock, type Harness } from './phone-harness.js';

vi.mock('sip.js', async () => await import('./fake-sip.js'));

useFakeClock();

describe('the UserAgent the engine configures', () => {
  it('configures sip.js safely: no public STUN, no sip.js log output, no traced SIP', async () => {
    const h = setup();
    await h.phone.start(h.cfg);
    const options = h.ua().options;
    expect(handlerOptions(h)).toMatchObject({
      peerConnectionConfiguration: { iceServers: [] },
      iceGatheringTimeout: 500,
    });
    expect(options['transportOptions']).toMatchObject({
      server: 'ws://127.0.0.1:5066',
      traceSip: false,
    });
    expect(options).toMatchObject({
      logBuiltinEnabled: false,
      logConfiguration: false,
      authorizationUsername: 'agent01',
    });
  });

  it('gives sip.js session description handlers the rollback they lack', async () => {
    const h = setup();
    await h.phone.start(h.cfg);
    const factory = h.ua().options['sessionDescriptionHandlerFactory'] as (
      session: unknown,
      options: unknown,
    ) => {
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
    const h = setup({
      iceServers: [{ urls: 'turn:turn.bank.example:3478', username: 'u', credential: 'c' }],
    });
    await h.phone.start(h.cfg);
    const options = handlerOptions(h);
    expect(options.peerConnectionConfiguration.iceServers).toEqual([
      { urls: 'turn:turn.bank.example:3478', username: 'u', credential: 'c' },
    ]);
    expect(options.iceGatheringTimeout).toBe(2000);
  });
});

/** A PBX's offer through rtpengine: a=mid, no BUNDLE group; RTCP multiplexed or not. */
const pbxOffer = (rtcp: string) =>
  [
    'v=0',
    'o=- 1 1 IN IP4 127.0.0.1',
    's=-',
    't=0 0',
    'm=audio 30000 UDP/TLS/RTP/SAVPF 0 101',
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=mid:0',
    rtcp,
    '',
  ].join('\r\n');

type HandlerOptions = {
  peerConnectionConfiguration: RTCConfiguration & Record<string, unknown>;
  iceGatheringTimeout: number;
};

/** The options the session description handler for `session` is built with. */
function handlerOptions(h: Harness, session: unknown = {}): HandlerOptions {
  const factory = h.ua().options['sessionDescriptionHandlerFactory'] as (
    session: unknown,
    options: unknown,
  ) => { options: HandlerOptions };
  return factory(session, {}).options;
}

describe('a peer connection fitted to the offer', () => {
  const invitation = (h: Harness, offer: string) =>
    new sip.Invitation(h.ua(), { displayName: '', uri: 'sip:gw@127.0.0.1' }, offer);

  it('bundles without requiring a BUNDLE group and sees received telephone-events', async () => {
    const h = setup();
    await h.phone.start(h.cfg);
    for (const session of [{}, invitation(h, pbxOffer('a=rtcp-mux'))]) {
      expect(handlerOptions(h, session).peerConnectionConfiguration).toMatchObject({
        bundlePolicy: 'balanced',
        rtcpMuxPolicy: 'require',
        encodedInsertableStreams: true,
      });
    }
  });

  it('negotiates RTCP multiplexing only for an offer that does not multiplex', async () => {
    const h = setup();
    await h.phone.start(h.cfg);
    const options = handlerOptions(h, invitation(h, pbxOffer('a=rtcp:30001')));
    expect(options.peerConnectionConfiguration).toMatchObject({
      bundlePolicy: 'balanced',
      rtcpMuxPolicy: 'negotiate',
    });
  });

  it('falls back to requiring it where the browser no longer knows `negotiate`', async () => {
    const h = setup();
    await h.phone.start(h.cfg);
    sip.fakeBrowser.knowsRtcpMuxNegotiate = false;
    try {
      const options = handlerOptions(h, invitation(h, pbxOffer('')));
      expect(options.peerConnectionConfiguration.rtcpMuxPolicy).toBe('require');
    } finally {
      sip.fakeBrowser.knowsRtcpMuxNegotiate = true;
    }
  });
});
