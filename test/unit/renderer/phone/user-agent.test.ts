// The UserAgent the engine builds (user-agent.ts): safe sip.js options, the rollback sip.js lacks,
// ICE servers from configuration only.
import { describe, expect, it, vi } from 'vitest';
import type * as sip from './fake-sip.js';
import { setup, useFakeClock } from './phone-harness.js';

vi.mock('sip.js', async () => await import('./fake-sip.js'));

useFakeClock();

describe('the UserAgent the engine configures', () => {
  it('configures sip.js safely: no public STUN, no sip.js log output, no traced SIP', async () => {
    const h = setup();
    await h.phone.start(h.cfg);
    const options = h.ua().options;
    expect(options['sessionDescriptionHandlerFactoryOptions']).toMatchObject({
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
    const factory = h.ua().options['sessionDescriptionHandlerFactoryOptions'] as {
      peerConnectionConfiguration: RTCConfiguration;
      iceGatheringTimeout: number;
    };
    expect(factory.peerConnectionConfiguration.iceServers).toEqual([
      { urls: 'turn:turn.bank.example:3478', username: 'u', credential: 'c' },
    ]);
    expect(factory.iceGatheringTimeout).toBe(2000);
  });
});
