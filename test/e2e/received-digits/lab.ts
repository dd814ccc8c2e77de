// A loopback call inside one page for the received-digits spec: the far end (a plain peer
// connection, like a SIP phone behind a media gateway) sends audio and keypad digits; the agent's
// side is created with encodedInsertableStreams and read by the product's own tapDigits().
import {
  tapDigits,
  type DigitSource,
  type DigitTap,
} from '../../../renderer/phone/received-digits.js';

export type Codec = 'pcmu' | 'opus';

export interface LabStats {
  bytesReceived: number;
  totalSamplesReceived: number;
  totalAudioEnergy: number;
}

const DTMF_PAIRS: Record<string, [number, number]> = Object.fromEntries(
  ['123A', '456B', '789C', '*0#D'].flatMap((row, r) =>
    [...row].map((key, c) => [key, [[697, 770, 852, 941][r]!, [1209, 1336, 1477, 1633][c]!]]),
  ),
);

let phone: RTCPeerConnection | null = null;
let agent: RTCPeerConnection | null = null;
let tap: DigitTap | null = null;
let audio: AudioContext | null = null;
let voice: MediaStreamAudioDestinationNode | null = null;
let player: HTMLAudioElement | null = null;
let earpiece: HTMLAudioElement | null = null;
const received: { digit: string; source: DigitSource }[] = [];
let telephoneEvents = false;

/** Offer only `codec` and its telephone-event rate (pitfall 9: never both rates). */
function preferCodecs(transceiver: RTCRtpTransceiver, codec: Codec) {
  const codecs = RTCRtpSender.getCapabilities('audio')?.codecs ?? [];
  const mime = codec === 'pcmu' ? 'audio/PCMU' : 'audio/opus';
  const rate = codec === 'pcmu' ? 8000 : 48000;
  transceiver.setCodecPreferences([
    codecs.find((c) => c.mimeType === mime)!,
    codecs.find((c) => c.mimeType === 'audio/telephone-event' && c.clockRate === rate)!,
  ]);
}

async function connect(codec: Codec, encoded: boolean, baseUrl: string | undefined) {
  audio = new AudioContext();
  voice = audio.createMediaStreamDestination();
  // A destination with nothing connected sends nothing: keep a silent source playing into it.
  const hum = new ConstantSourceNode(audio, { offset: 0 });
  hum.connect(voice);
  hum.start();
  phone = new RTCPeerConnection();
  agent = new RTCPeerConnection({ encodedInsertableStreams: encoded } as RTCConfiguration);
  phone.onicecandidate = (e) => void (e.candidate && agent?.addIceCandidate(e.candidate));
  agent.onicecandidate = (e) => void (e.candidate && phone?.addIceCandidate(e.candidate));
  phone.addTrack(voice.stream.getAudioTracks()[0]!, voice.stream);
  preferCodecs(phone.getTransceivers()[0]!, codec);
  const remote = new MediaStream();
  agent.ontrack = (event) => remote.addTrack(event.track);
  // The phone plays the agent's audio (so its decoder runs and counts samples).
  phone.ontrack = (event) => {
    earpiece = new Audio();
    earpiece.srcObject = new MediaStream([event.track]);
    void earpiece.play();
  };
  tap = tapDigits(agent, {
    onDigit: (digit, source) => received.push({ digit, source }),
    onTelephoneEvents: () => (telephoneEvents = true),
    log: (message) => console.warn(message),
    ...(baseUrl ? { baseUrl: new URL(baseUrl, location.href).href } : {}),
  });
  const offer = await phone.createOffer();
  await phone.setLocalDescription(offer);
  await agent.setRemoteDescription(offer);
  // The agent answers with audio too, as the softphone does.
  const mic = audio.createMediaStreamDestination();
  hum.connect(mic);
  agent.addTrack(mic.stream.getAudioTracks()[0]!, mic.stream);
  const answer = await agent.createAnswer();
  await agent.setLocalDescription(answer);
  await phone.setRemoteDescription(answer);
  // The app plays the far end's audio through an Audio element; so does this page.
  player = new Audio();
  player.srcObject = remote;
  await player.play();
  return answer.sdp ?? '';
}

/** What `pc` (the agent's by default) has received and played of the far end's audio. */
async function inbound(pc = agent!): Promise<LabStats> {
  const stats = await pc.getStats();
  for (const report of stats.values())
    if (report.type === 'inbound-rtp' && report.kind === 'audio')
      return {
        bytesReceived: report.bytesReceived ?? 0,
        totalSamplesReceived: report.totalSamplesReceived ?? 0,
        totalAudioEnergy: report.totalAudioEnergy ?? 0,
      };
  return { bytesReceived: 0, totalSamplesReceived: 0, totalAudioEnergy: 0 };
}

/** In-band keypad tones from oscillators into the phone's voice, `tone` s each, `gap` s apart. */
function playTones(keys: string, tone = 0.1, gap = 0.1, amplitude = 0.25) {
  const context = audio!;
  let at = context.currentTime + 0.05;
  for (const key of keys) {
    for (const frequency of DTMF_PAIRS[key]!) {
      const oscillator = new OscillatorNode(context, { frequency });
      const gain = new GainNode(context, { gain: amplitude });
      oscillator.connect(gain).connect(voice!);
      oscillator.start(at);
      oscillator.stop(at + tone);
    }
    at += tone + gap;
  }
  return new Promise((resolve) => setTimeout(resolve, (at - context.currentTime) * 1000 + 50));
}

/** Samples (e.g. a synthetic voice) into the phone's voice; resolves when they have played. */
function playSamples(samples: number[], sampleRate: number) {
  const context = audio!;
  const buffer = new AudioBuffer({ length: samples.length, sampleRate, numberOfChannels: 1 });
  buffer.copyToChannel(Float32Array.from(samples), 0);
  const source = new AudioBufferSourceNode(context, { buffer });
  source.connect(voice!);
  source.start();
  return new Promise((resolve) => (source.onended = resolve));
}

const lab = {
  connect: (codec: Codec, options: { encoded?: boolean; baseUrl?: string } = {}) =>
    connect(codec, options.encoded ?? true, options.baseUrl),
  listen: (on: boolean) => tap!.listen(on),
  encoded: () => tap?.encoded ?? false,
  insertDtmf: (tones: string, duration = 100, gap = 70) =>
    phone!.getSenders()[0]!.dtmf!.insertDTMF(tones, duration, gap),
  playTones,
  playSamples,
  digits: () => received.map((d) => `${d.digit}:${d.source}`),
  telephoneEvents: () => telephoneEvents,
  counts: () => tap!.counts(),
  inbound: () => inbound(),
  phoneInbound: () => inbound(phone!),
  wait: (ms: number) => new Promise((resolve) => setTimeout(resolve, ms)),
  close() {
    tap?.close();
    phone?.close();
    agent?.close();
    void audio?.close();
  },
};

declare global {
  interface Window {
    lab: typeof lab;
  }
}
window.lab = lab;
document.body.dataset.ready = 'true';
