// The training line in a page of its own: the product's phone engine (renderer/phone/engine.ts)
// started with no SIP account, exactly as a fresh install starts it, then a simulated customer
// calling it over the in-page exchange with real WebRTC media. The agent's peer connection is
// found among the page's connections by its encoded-streams flag (only the agent's side sets it).
import { DEFAULT_SHORTCUTS, type PhoneConfig, type PhoneEvent } from '../../../common/phone.js';
import { createPhone } from '../../../renderer/phone/engine.js';
import type {
  TrainingCustomerLeg,
  TrainingEndedBy,
  TrainingSetup,
} from '../../../renderer/phone/types.js';

const connections: RTCPeerConnection[] = [];
const Native = window.RTCPeerConnection;
window.RTCPeerConnection = class extends Native {
  constructor(configuration?: RTCConfiguration) {
    super(configuration);
    connections.push(this);
  }
} as typeof RTCPeerConnection;

const events: PhoneEvent[] = [];
const digits: string[] = [];
const ended: TrainingEndedBy[] = [];
let leg: TrainingCustomerLeg | null = null;

const phone = createPhone({
  report: (event) => events.push(event),
  now: Date.now,
  random: Math.random,
});
const config = (account: PhoneConfig['account']): PhoneConfig => ({
  account,
  iceServers: [],
  trustedProxies: account ? [account.domain] : [],
  dtmfMode: 'info',
  keepAliveSeconds: 30,
  wrapUpSeconds: 30,
  shortcuts: DEFAULT_SHORTCUTS,
  devices: { microphoneId: 'default', speakerId: 'default', ringerId: 'default' },
});
await phone.start(config(null));

function agentConnection(): RTCPeerConnection | undefined {
  return connections.find(
    (pc) =>
      pc.connectionState !== 'closed' &&
      (pc.getConfiguration() as { encodedInsertableStreams?: boolean }).encodedInsertableStreams,
  );
}

const lab = {
  /** The live line too, on a SIP account (the test's Kamailio). */
  goLive: (account: NonNullable<PhoneConfig['account']>) => phone.start(config(account)),
  async start(setup: TrainingSetup) {
    leg = await phone.startTraining(setup);
    leg.onEnded((by) => ended.push(by));
  },
  async startFails(setup: TrainingSetup): Promise<string> {
    return phone.startTraining(setup).then(
      () => 'started',
      (error: Error) => error.message,
    );
  },
  state: () =>
    JSON.parse(JSON.stringify(phone.store.getState())) as ReturnType<typeof phone.store.getState>,
  answer: () => phone.answer(),
  hangup: () => phone.hangup(),
  listen() {
    phone.attachSecureEntry({ onDigit: (digit) => digits.push(digit) });
  },
  key: (tones: string) => leg!.key(tones),
  say: (url: string) => leg!.say(url),
  customerHangup: () => leg!.hangup(),
  customerStats: () => leg!.stats(),
  async agentStats() {
    const pc = agentConnection();
    const out = { sent: 0, received: 0, energy: 0 };
    if (!pc) return out;
    (await pc.getStats()).forEach((s: Record<string, number | string>) => {
      if (s.type === 'outbound-rtp') out.sent += Number(s.packetsSent ?? 0);
      if (s.type === 'inbound-rtp') {
        out.received += Number(s.packetsReceived ?? 0);
        out.energy += Number(s.totalAudioEnergy ?? 0);
      }
    });
    return out;
  },
  stopTraining: () => phone.stopTraining(),
  digits: () => [...digits],
  ended: () => [...ended],
  events: () => JSON.parse(JSON.stringify(events)) as PhoneEvent[],
};

declare global {
  interface Window {
    trainingLab: typeof lab;
  }
}
window.trainingLab = lab;
document.body.dataset.ready = 'true';
