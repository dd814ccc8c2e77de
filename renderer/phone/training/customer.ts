// The simulated customer of a training call: a second sip.js user agent on the training exchange
// that calls the desk's training account with real WebRTC media. Its voice is an audio file
// played into a MediaStreamAudioDestinationNode (silence between prompts), its keypad is SIP INFO
// dtmf-relay as a bank's gateway sends it. Only this end is simulated; the agent's is the product.
import {
  Inviter,
  SessionState,
  UserAgent,
  Web,
  type Info,
  type SessionDescriptionHandlerFactory,
} from 'sip.js';
import { isDtmfTone } from '../../../common/dtmf.js';
import { errorText, noop, type EngineTimers } from '../engine-context.js';
import { sipLogConnector, type PhoneLogSink } from '../sip-log.js';
import { audioOnly, endSession, SDP_MODIFIERS, sdhOf } from '../sip-session.js';
import type { TrainingCustomerLeg, TrainingEndedBy, TrainingSetup } from '../types.js';
import { TRAINING_AGENT_URI, TRAINING_DOMAIN, type TrainingExchange } from './exchange.js';

/** A person keys about three digits a second. */
export const KEY_GAP_MS = 350;
const KEY_DURATION_MS = 160;
const ICE_TIMEOUT_MS = 500;

export interface CustomerMedia {
  audioContext(): AudioContext;
  fetch(url: string): Promise<Response>;
}

export const browserCustomerMedia = (): CustomerMedia => ({
  audioContext: () => new AudioContext(),
  fetch: (url) => fetch(url),
});

export interface TrainingCustomerOptions {
  exchange: TrainingExchange;
  setup: TrainingSetup;
  log: PhoneLogSink;
  timers: EngineTimers;
  media: CustomerMedia;
}

export interface TrainingCustomer {
  readonly leg: TrainingCustomerLeg;
  /** Connects and sends the INVITE; resolves once it is on its way to the desk. */
  call(): Promise<void>;
  /** Who will be named as having ended the call, if nobody has yet (a live call's precedence). */
  endingBy(by: TrainingEndedBy): void;
  ended(): boolean;
  /** Ends the call if it is still up and lets the user agent and audio go. */
  stop(): Promise<void>;
}

/** The caller's number as a SIP user part: what a switch would present (no markup, no spaces). */
const sipUser = (number: string) => number.replace(/[^0-9A-Za-z+._-]/g, '').slice(0, 32) || 'anon';

interface RtpStat {
  type?: string;
  kind?: string;
  packetsSent?: number;
  packetsReceived?: number;
}

/** Packets the customer's peer connection sent and received (audio RTP). */
async function rtpPackets(pc: RTCPeerConnection | undefined) {
  let sent = 0;
  let received = 0;
  if (!pc || pc.connectionState === 'closed') return { sent, received };
  const report = await pc.getStats();
  report.forEach((stat: RtpStat) => {
    const s = stat;
    if (s.kind !== undefined && s.kind !== 'audio') return;
    if (s.type === 'outbound-rtp') sent += s.packetsSent ?? 0;
    if (s.type === 'inbound-rtp') received += s.packetsReceived ?? 0;
  });
  return { sent, received };
}

/** How much longer than its length a prompt may take to end before the customer moves on. */
const PLAY_GRACE_MS = 1_500;

export function createTrainingCustomer(options: TrainingCustomerOptions): TrainingCustomer {
  const { exchange, setup, log, timers, media } = options;
  const audio = media.audioContext();
  void audio.resume().catch(noop);
  const voice = audio.createMediaStreamDestination();
  // Chromium pulls a stream destination only while something feeds it: a constant zero does, so
  // the customer's track carries silence (and RTP flows) between prompts.
  const silence = audio.createConstantSource();
  silence.offset.value = 0;
  silence.connect(voice);
  silence.start();
  const playing = new Set<AudioBufferSourceNode>();
  const listeners: ((by: TrainingEndedBy) => void)[] = [];
  let endedBy: TrainingEndedBy | null = null;
  let pendingBy: TrainingEndedBy | null = null;

  const uri = UserAgent.makeURI(`sip:${sipUser(setup.callerNumber)}@${TRAINING_DOMAIN}`);
  const target = UserAgent.makeURI(TRAINING_AGENT_URI);
  if (!uri || !target) throw new Error('bad training caller');
  const factory: SessionDescriptionHandlerFactory = Web.defaultSessionDescriptionHandlerFactory(
    () => Promise.resolve(voice.stream),
  );
  const ua = new UserAgent({
    uri,
    displayName: setup.displayName,
    transportConstructor: exchange.Transport,
    logBuiltinEnabled: false,
    logConfiguration: false,
    logLevel: 'warn',
    logConnector: sipLogConnector(log),
    userAgentString: 'AgentDesk-training-customer',
    sessionDescriptionHandlerFactory: factory,
    sessionDescriptionHandlerFactoryOptions: {
      iceGatheringTimeout: ICE_TIMEOUT_MS,
      peerConnectionConfiguration: { iceServers: [] },
    },
  });
  const inviter = new Inviter(ua, target, {
    sessionDescriptionHandlerOptions: audioOnly(),
    sessionDescriptionHandlerModifiers: SDP_MODIFIERS,
    sessionDescriptionHandlerModifiersReInvite: SDP_MODIFIERS,
  });
  inviter.delegate = { onInfo: (info: Info) => void info.accept().catch(noop) };

  function finished() {
    if (endedBy) return;
    endedBy = pendingBy ?? 'agent';
    for (const source of playing) source.stop();
    playing.clear();
    void ua.stop().catch(noop);
    void audio.close().catch(noop);
    const by = endedBy;
    for (const cb of listeners.splice(0)) cb(by);
  }
  inviter.stateChange.addListener((state) => {
    if (state === SessionState.Terminated) finished();
  });

  const established = () => {
    if (inviter.state !== SessionState.Established) throw new Error('training call not connected');
  };
  const pause = (ms: number) => new Promise<void>((resolve) => timers.setTimeout(resolve, ms));

  const leg: TrainingCustomerLeg = {
    async say(url) {
      if (endedBy) return;
      const response = await media.fetch(url);
      if (!response.ok) throw new Error(`prompt audio ${response.status}`);
      const buffer = await audio.decodeAudioData(await response.arrayBuffer());
      if (endedBy) return;
      const source = audio.createBufferSource();
      source.buffer = buffer;
      source.connect(voice);
      await new Promise<void>((resolve) => {
        let done = false;
        const finish = () => {
          if (done) return;
          done = true;
          playing.delete(source);
          source.disconnect();
          resolve();
        };
        source.onended = finish;
        // A context the browser keeps suspended never ends a source: the customer must not
        // fall silent for the rest of the call, so the prompt's own length bounds the wait.
        timers.setTimeout(finish, buffer.duration * 1000 + PLAY_GRACE_MS);
        playing.add(source);
        source.start();
      });
    },
    async key(digits) {
      const tones = digits.toUpperCase();
      if (tones === '' || ![...tones].every(isDtmfTone)) throw new Error('bad digits');
      for (const [index, tone] of [...tones].entries()) {
        if (index > 0) await pause(KEY_GAP_MS);
        established();
        const content = `Signal=${tone}\r\nDuration=${KEY_DURATION_MS}`;
        const body = {
          contentDisposition: 'render',
          contentType: 'application/dtmf-relay',
          content,
        };
        await inviter.info({ requestOptions: { body } });
      }
    },
    async hangup() {
      if (endedBy) return;
      pendingBy ??= 'customer';
      await endSession(inviter).catch((error: unknown) => {
        log('warn', `training customer hang-up: ${errorText(error)}`);
        finished();
      });
    },
    onEnded(cb) {
      const by = endedBy;
      if (by) void Promise.resolve().then(() => cb(by));
      else listeners.push(cb);
    },
    stats: () => rtpPackets(sdhOf(inviter)?.peerConnection),
  };

  return {
    leg,
    async call() {
      await ua.start();
      await inviter.invite();
    },
    endingBy(by) {
      pendingBy ??= by;
    },
    ended: () => endedBy !== null,
    async stop() {
      if (!endedBy) {
        await endSession(inviter).catch(noop);
        // Unanswered or dead: whatever sip.js does next, this customer is gone.
        finished();
      }
    },
  };
}
