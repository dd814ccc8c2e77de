// The AudioWorklet processor that listens to the caller's received audio for keypad tones (where a
// gateway sends keys in-band) and posts each detected key press to the page. It must never alter
// or pass on the audio (it has no output) and never log; the page runs it only while secure entry
// listens. The detection rules are common/dtmf-detector.ts's (ITU-T Q.23/Q.24).
import { createDtmfDetector, type DtmfDetector } from '../../../common/dtmf-detector.js';
import { TONE_DETECTOR_PROCESSOR, type FromToneDetector } from './protocol.js';

class ToneDetectorProcessor extends AudioWorkletProcessor {
  private readonly detector: DtmfDetector = createDtmfDetector(sampleRate);
  private mono = new Float32Array(128);

  process(inputs: Float32Array[][]): boolean {
    const channels = inputs[0];
    if (!channels || channels.length === 0) return true;
    let samples = channels[0]!;
    if (channels.length > 1) {
      // Opus may decode to two identical channels; a real stereo source is averaged.
      if (this.mono.length !== samples.length) this.mono = new Float32Array(samples.length);
      this.mono.fill(0);
      for (const channel of channels)
        for (let i = 0; i < channel.length; i++) this.mono[i]! += channel[i]! / channels.length;
      samples = this.mono;
    }
    for (const digit of this.detector.process(samples))
      this.port.postMessage({ type: 'digit', digit } satisfies FromToneDetector);
    return true;
  }
}

registerProcessor(TONE_DETECTOR_PROCESSOR, ToneDetectorProcessor);
