// Keypad digits inside one peer connection's media: RFC 4733 telephone-events read by the
// transform worker on its audio receivers, and in-band tones heard by the tone-detector worklet
// (only while secure entry listens, and never once telephone-events were seen). It must never log
// a digit, nor leave media without a transform on a connection made with encodedInsertableStreams.
// Browser facts (Chromium 156): sip-lab.md pitfall 8; the workers are ./workers/.
import { isDtmfTone } from '../../common/dtmf.js';
import {
  TONE_DETECTOR_FILE,
  TONE_DETECTOR_PROCESSOR,
  TRANSFORM_WORKER_FILE,
  type FrameCounts,
  type FromToneDetector,
  type FromTransformWorker,
  type ToTransformWorker,
  type TransformOptions,
} from './workers/protocol.js';

export type DigitSource = 'rfc4733' | 'tones';

export interface DigitTapOptions {
  /** This leg's key presses; without it nothing is read (frames still pass on). */
  onDigit?(digit: string, source: DigitSource): void;
  /** The first telephone-event arrived: in-band detection is over for this connection. */
  onTelephoneEvents?(): void;
  /** Never given a digit. */
  log?(message: string): void;
  /** Where the worker files are; default the page's own folder (document.baseURI). */
  baseUrl?: string;
}

export interface DigitTap {
  /** Transforms are on this connection's senders and receivers (encodedInsertableStreams). */
  readonly encoded: boolean;
  /** Secure entry listens: report digits, drop telephone-events, run the tone detector. */
  listen(on: boolean): void;
  /** What the transform worker has seen; null without one. */
  counts(): Promise<FrameCounts | null>;
  close(): void;
}

type Endpoint = (RTCRtpSender | RTCRtpReceiver) & {
  /** Chromium's encoded streams before RTCRtpScriptTransform (the same flag enables both). */
  createEncodedStreams?(): { readable: ReadableStream<unknown>; writable: WritableStream<unknown> };
};

const COUNTS_TIMEOUT_MS = 2_000;

/** Was this connection created with `encodedInsertableStreams: true` (Chromium's flag)? */
export function usesEncodedStreams(pc: RTCPeerConnection): boolean {
  const config = pc.getConfiguration?.() as { encodedInsertableStreams?: boolean } | undefined;
  return config?.encodedInsertableStreams === true;
}

/**
 * The worker for `pc`'s transforms, started on first need; messages to and from it. `onLoadError`:
 * the script never ran (not served, refused): its transforms will never pass a frame on.
 */
function transformWorker(
  url: URL,
  onMessage: (message: FromTransformWorker) => void,
  onLoadError: () => void,
) {
  let worker: Worker | null = null;
  let ready = false;
  return {
    started: () => worker !== null,
    get(): Worker {
      if (worker) return worker;
      worker = new Worker(url, { name: 'telephone-events' });
      worker.onmessage = (event: MessageEvent<FromTransformWorker>) => {
        if (event.data.type === 'ready') ready = true;
        else onMessage(event.data);
      };
      worker.onerror = (event) => {
        event.preventDefault();
        if (!ready) onLoadError();
      };
      return worker;
    },
    send(message: ToTransformWorker, transfer: Transferable[] = []) {
      worker?.postMessage(message, transfer);
    },
    terminate() {
      worker?.terminate();
      worker = null;
    },
  };
}

/** Start reading keypad digits in `pc`'s media; close() at the end of the call. */
export function tapDigits(pc: RTCPeerConnection, options: DigitTapOptions = {}): DigitTap {
  const log = options.log ?? (() => {});
  const base = options.baseUrl ?? (typeof document === 'undefined' ? '' : document.baseURI);
  const encoded = usesEncodedStreams(pc);
  const tapped: Endpoint[] = [];
  const waiting: ((counts: FrameCounts | null) => void)[] = [];
  let listening = false;
  let eventsSeen = false;
  let closed = false;
  let workerFailed = false;

  const tones = toneDetector(pc, new URL(TONE_DETECTOR_FILE, base), log, (digit) => {
    if (!closed && listening && !eventsSeen) options.onDigit?.(digit, 'tones');
  });
  const worker = transformWorker(
    new URL(TRANSFORM_WORKER_FILE, base),
    (message) => {
      if (closed) return;
      if (message.type === 'telephone-events') {
        eventsSeen = true;
        tones.stop();
        options.onTelephoneEvents?.();
      } else if (message.type === 'digit') {
        if (listening && isDtmfTone(message.digit)) options.onDigit?.(message.digit, 'rfc4733');
      } else if (message.type === 'counts') {
        for (const resolve of waiting.splice(0)) resolve(message.counts);
      }
    },
    passAllInPage,
  );

  /** Frames of `endpoint` straight through on this thread: media flows, nothing is read. */
  function passInPage(endpoint: Endpoint) {
    try {
      const { readable, writable } = endpoint.createEncodedStreams!();
      readable.pipeTo(writable).catch(() => undefined);
    } catch (error) {
      log(`media not passed on: ${String(error).slice(0, 120)}`);
    }
  }

  /**
   * The worker never loaded: without this the call would be silent both ways. Telephone-events
   * then play as tones, which the tone detector still hears while secure entry listens.
   */
  function passAllInPage() {
    if (closed || workerFailed) return;
    workerFailed = true;
    log('telephone-events worker did not load: media passed on in the page');
    for (const endpoint of tapped) passInPage(endpoint);
  }

  function attach(endpoint: Endpoint, role: TransformOptions['role']) {
    if (tapped.includes(endpoint)) return;
    if (endpoint.transform) return; // someone else's transform already passes its frames on
    tapped.push(endpoint);
    if (workerFailed) return passInPage(endpoint);
    const transformOptions: TransformOptions = { role };
    const fresh = !worker.started();
    const target = worker.get();
    if (fresh) worker.send({ type: 'listening', on: listening });
    if (typeof RTCRtpScriptTransform === 'function') {
      endpoint.transform = new RTCRtpScriptTransform(target, transformOptions);
    } else if (typeof endpoint.createEncodedStreams === 'function') {
      const { readable, writable } = endpoint.createEncodedStreams();
      worker.send({ type: 'streams', options: transformOptions, readable, writable }, [
        readable as unknown as Transferable,
        writable as unknown as Transferable,
      ]);
    } else {
      log('no encoded transform API: media of this call cannot flow');
    }
  }

  /** Every sender and receiver, as they appear (addTrack, remote descriptions). */
  function attachAll() {
    if (closed || !encoded) return;
    try {
      for (const sender of pc.getSenders()) attach(sender, 'pass');
      for (const receiver of pc.getReceivers()) {
        const reads = options.onDigit !== undefined && receiver.track?.kind === 'audio';
        attach(receiver, reads ? 'audio-receiver' : 'pass');
      }
    } catch (error) {
      log(`encoded transform not attached: ${String(error).slice(0, 120)}`);
    }
  }

  pc.addEventListener('track', attachAll);
  pc.addEventListener('signalingstatechange', attachAll);
  attachAll();

  return {
    encoded,
    listen(on) {
      if (closed || listening === on) return;
      listening = on;
      worker.send({ type: 'listening', on });
      if (on && options.onDigit && !eventsSeen) tones.start();
      else tones.stop();
    },
    counts() {
      if (closed || !worker.started()) return Promise.resolve(null);
      return new Promise((resolve) => {
        waiting.push(resolve);
        worker.send({ type: 'counts' });
        setTimeout(() => resolve(null), COUNTS_TIMEOUT_MS);
      });
    },
    close() {
      if (closed) return;
      closed = true;
      listening = false;
      tones.stop();
      pc.removeEventListener('track', attachAll);
      pc.removeEventListener('signalingstatechange', attachAll);
      tapped.length = 0;
      for (const resolve of waiting.splice(0)) resolve(null);
      worker.terminate();
    },
  };
}

/** An AudioContext that opens no output device (Chromium's sinkId 'none'), where supported. */
function silentContext(): AudioContext {
  try {
    return new AudioContext({ sinkId: { type: 'none' } } as AudioContextOptions);
  } catch {
    return new AudioContext();
  }
}

/**
 * The in-band fallback: an AudioContext feeding the connection's received audio to the
 * tone-detector worklet (no output: nothing is played). Started and stopped with listening.
 */
function toneDetector(
  pc: RTCPeerConnection,
  url: URL,
  log: (message: string) => void,
  onDigit: (digit: string) => void,
) {
  let generation = 0;
  let running: AudioContext | null = null;

  async function run(context: AudioContext, mine: number, track: MediaStreamTrack) {
    await context.audioWorklet.addModule(url);
    if (generation !== mine) return;
    const source = context.createMediaStreamSource(new MediaStream([track]));
    const node = new AudioWorkletNode(context, TONE_DETECTOR_PROCESSOR, {
      numberOfInputs: 1,
      numberOfOutputs: 0,
    });
    node.port.onmessage = (event: MessageEvent<FromToneDetector>) => {
      const digit = event.data.digit;
      if (generation === mine && event.data.type === 'digit' && isDtmfTone(digit)) onDigit(digit);
    };
    source.connect(node);
    if (context.state === 'suspended') await context.resume();
  }

  function stop() {
    generation += 1;
    const context = running;
    running = null;
    if (context) void context.close().catch(() => undefined);
  }

  function start() {
    if (running || typeof AudioContext !== 'function' || typeof AudioWorkletNode !== 'function')
      return;
    const track = pc
      .getReceivers()
      .map((receiver) => receiver.track)
      .find((t) => t?.kind === 'audio' && t.readyState === 'live');
    if (!track) return;
    const mine = ++generation;
    const context = silentContext();
    running = context;
    run(context, mine, track).catch((error: unknown) => {
      log(`tone detector not started: ${String(error).slice(0, 120)}`);
      if (generation === mine) stop();
    });
  }

  return { start, stop };
}
