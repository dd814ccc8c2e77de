// Test audio for the telephone-network lab's phones: 8 kHz mono WAV files, PCM16 (baresip's
// microphone) or G.711 µ-law (SIPp's rtp_stream). A voice-like pattern (two glides away from the
// DTMF frequencies, syllable-rate loudness), never DTMF tones, so it cannot key a digit by itself.
import { writeFileSync } from 'node:fs';

const RATE = 8000;

/** The pattern's samples, -1..1: two partials gliding 180–420 Hz and 560–760 Hz, 4 Hz syllables. */
function voiceLike(seconds: number): Float64Array {
  const samples = new Float64Array(Math.round(seconds * RATE));
  let phase1 = 0;
  let phase2 = 0;
  for (let i = 0; i < samples.length; i += 1) {
    const t = i / RATE;
    const f1 = 300 + 120 * Math.sin(2 * Math.PI * 0.7 * t);
    const f2 = 660 + 100 * Math.sin(2 * Math.PI * 0.45 * t + 1);
    phase1 += (2 * Math.PI * f1) / RATE;
    phase2 += (2 * Math.PI * f2) / RATE;
    const syllables = 0.55 + 0.45 * Math.sin(2 * Math.PI * 4 * t);
    samples[i] = 0.4 * syllables * (0.7 * Math.sin(phase1) + 0.3 * Math.sin(phase2));
  }
  return samples;
}

/** ITU-T G.711 µ-law of one 16-bit sample. */
export function linearToUlaw(sample: number): number {
  const BIAS = 0x84;
  let value = Math.max(-32635, Math.min(32635, Math.round(sample)));
  const sign = value < 0 ? 0x80 : 0;
  if (value < 0) value = -value;
  value += BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (value & mask) === 0 && exponent > 0; mask >>= 1) exponent -= 1;
  const mantissa = (value >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

function header(dataBytes: number, format: 1 | 7, bitsPerSample: 8 | 16): Buffer {
  const head = Buffer.alloc(44);
  const blockAlign = bitsPerSample / 8;
  head.write('RIFF', 0, 'ascii');
  head.writeUInt32LE(36 + dataBytes, 4);
  head.write('WAVE', 8, 'ascii');
  head.write('fmt ', 12, 'ascii');
  head.writeUInt32LE(16, 16);
  head.writeUInt16LE(format, 20);
  head.writeUInt16LE(1, 22);
  head.writeUInt32LE(RATE, 24);
  head.writeUInt32LE(RATE * blockAlign, 28);
  head.writeUInt16LE(blockAlign, 32);
  head.writeUInt16LE(bitsPerSample, 34);
  head.write('data', 36, 'ascii');
  head.writeUInt32LE(dataBytes, 40);
  return head;
}

/** Writes `seconds` of the voice-like pattern: PCM16 (default) or µ-law (WAV format 7). */
export function writeToneWav(file: string, seconds: number, encoding: 'pcm16' | 'ulaw' = 'pcm16') {
  const samples = voiceLike(seconds);
  if (encoding === 'ulaw') {
    const data = Buffer.alloc(samples.length);
    samples.forEach((s, i) => (data[i] = linearToUlaw(s * 32767)));
    writeFileSync(file, Buffer.concat([header(data.length, 7, 8), data]));
    return;
  }
  const data = Buffer.alloc(samples.length * 2);
  samples.forEach((s, i) => data.writeInt16LE(Math.round(s * 32767), i * 2));
  writeFileSync(file, Buffer.concat([header(data.length, 1, 16), data]));
}
