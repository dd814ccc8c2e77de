// Every call's peer connection is made with `encodedInsertableStreams: true` (so a receiver's
// transform can see RFC 4733 telephone-events); Chromium then sends and plays nothing on a sender
// or receiver whose encoded frames nobody moves. This gives each one a pass-through, unless a
// receiver transform (received-digits.ts) takes it. It never touches a frame's bytes.

type EncodedStreams = { readable: ReadableStream<unknown>; writable: WritableStream<unknown> };
type Endpoint = (RTCRtpSender | RTCRtpReceiver) & { createEncodedStreams?(): EncodedStreams };

const handled = new WeakSet<object>();

/** Moves `endpoint`'s encoded frames on unchanged; once per sender or receiver. */
export function passThrough(endpoint: RTCRtpSender | RTCRtpReceiver): void {
  if (handled.has(endpoint)) return;
  handled.add(endpoint);
  const streams = (endpoint as Endpoint).createEncodedStreams?.();
  if (streams) void streams.readable.pipeTo(streams.writable).catch(() => undefined);
}

/**
 * Keeps media flowing on `pc`: every sender sip.js adds and every receiver that gets a track.
 * `takeReceiver` may claim a receiver for its own transform (true); the rest pass through.
 */
export function keepMediaFlowing(
  pc: RTCPeerConnection,
  takeReceiver: (receiver: RTCRtpReceiver) => boolean = () => false,
): void {
  const addTrack = pc.addTrack.bind(pc);
  pc.addTrack = (track, ...streams) => {
    const sender = addTrack(track, ...streams);
    passThrough(sender);
    return sender;
  };
  pc.addEventListener('track', ({ receiver }) => {
    if (handled.has(receiver)) return;
    if (takeReceiver(receiver)) handled.add(receiver);
    else passThrough(receiver);
  });
}
