// The RTCRtpScriptTransform worker of one peer connection: audio frames pass on unchanged; RFC
// 4733 telephone-event frames are read (one digit per key press) and, while secure entry listens,
// dropped so their tones never play to the agent. It never alters or logs audio, nor logs digits.
// Frame facts (mimeType, 4-byte payload, one rtpTimestamp per press) as measured in Chromium 156.
import { createKeyPresses, type KeyPresses } from '../../../common/rfc4733.js';
import type {
  FrameCounts,
  FromTransformWorker,
  ToTransformWorker,
  TransformOptions,
} from './protocol.js';

type Frame = RTCEncodedAudioFrame | RTCEncodedVideoFrame;

const TELEPHONE_EVENT = 'audio/telephone-event';

let listening = false;
let eventsSeen = false;
const counts: FrameCounts = { audio: 0, events: 0, dropped: 0 };

const post = (message: FromTransformWorker) => self.postMessage(message);

/** The frames of an audio receiver: telephone-events read, and dropped while listening. */
function audioReceiver(): TransformStream<Frame, Frame> {
  // One key-press tracker per RTP stream (SSRC): timestamps of different streams are unrelated.
  const streams = new Map<number, KeyPresses>();
  return new TransformStream({
    transform(frame, controller) {
      const metadata = frame.getMetadata();
      if (metadata.mimeType?.toLowerCase() !== TELEPHONE_EVENT) {
        counts.audio += 1;
        controller.enqueue(frame);
        return;
      }
      counts.events += 1;
      if (!eventsSeen) {
        eventsSeen = true;
        post({ type: 'telephone-events' });
      }
      const ssrc = metadata.synchronizationSource ?? 0;
      let presses = streams.get(ssrc);
      if (!presses) streams.set(ssrc, (presses = createKeyPresses()));
      const digits = presses.accept(metadata.rtpTimestamp ?? frame.timestamp, frame.data);
      if (!listening) {
        controller.enqueue(frame);
        return;
      }
      for (const digit of digits) post({ type: 'digit', digit });
      counts.dropped += 1;
    },
  });
}

function connect(
  options: TransformOptions | undefined,
  readable: ReadableStream<Frame>,
  writable: WritableStream<Frame>,
) {
  const piped =
    options?.role === 'audio-receiver'
      ? readable.pipeThrough(audioReceiver()).pipeTo(writable)
      : readable.pipeTo(writable);
  // The peer connection closing ends the streams; nothing to report.
  piped.catch(() => undefined);
}

self.onrtctransform = (event) => {
  const { transformer } = event;
  connect(
    transformer.options as TransformOptions | undefined,
    transformer.readable as ReadableStream<Frame>,
    transformer.writable as WritableStream<Frame>,
  );
};

self.onmessage = (event: MessageEvent<ToTransformWorker>) => {
  const message = event.data;
  switch (message.type) {
    case 'listening':
      listening = message.on;
      return;
    case 'counts':
      post({ type: 'counts', counts: { ...counts } });
      return;
    case 'streams':
      connect(
        message.options,
        message.readable as ReadableStream<Frame>,
        message.writable as WritableStream<Frame>,
      );
      return;
  }
};

post({ type: 'ready' });
