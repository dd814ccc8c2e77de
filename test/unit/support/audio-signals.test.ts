// The test audio generators themselves: keypad tones where Q.23 puts them, and WAV files a SIP
// lab phone can play (8 kHz mono PCM16).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../support/fakes.js';
import {
  DTMF_KEYS,
  dtmfTones,
  speechLike,
  wavBytes,
  writeWav,
} from '../../support/audio-signals.js';

describe('audio signals', () => {
  const tempDir = useTempDirs();

  it('knows the Q.23 pair of each of the 16 keys', () => {
    expect(Object.keys(DTMF_KEYS).sort().join('')).toBe('#*0123456789ABCD');
    expect(DTMF_KEYS['5']).toEqual([770, 1336]);
    expect(DTMF_KEYS['#']).toEqual([941, 1477]);
    expect(DTMF_KEYS['D']).toEqual([941, 1633]);
  });

  it('lays keys out as tone, gap, tone… with silence around', () => {
    const signal = dtmfTones('12', { seconds: 0.1, gap: 0.05, rate: 8000 });
    expect(signal.length).toBe(2800); // 50 + 100 + 50 + 100 + 50 ms
    expect(signal.subarray(0, 400).every((x) => x === 0)).toBe(true);
    expect(signal.subarray(400, 1200).some((x) => Math.abs(x) > 0.2)).toBe(true);
  });

  it('makes the same voice for the same seed and another for another seed', () => {
    expect(speechLike(1, 8000, 3)).toEqual(speechLike(1, 8000, 3));
    expect(speechLike(1, 8000, 3)).not.toEqual(speechLike(1, 8000, 4));
    expect(speechLike(2.5, 8000).length).toBe(20000);
  });

  it('writes 8 kHz mono PCM16 WAV files', () => {
    const file = path.join(tempDir(), 'keys.wav');
    const samples = new Float32Array([0, 0.5, -0.5, 1, -1, 2]);
    writeWav(file, samples);
    const bytes = readFileSync(file);
    expect(bytes.equals(wavBytes(samples, 8000))).toBe(true);
    expect(bytes.toString('ascii', 0, 4)).toBe('RIFF');
    expect(bytes.readUInt32LE(4)).toBe(36 + 12);
    expect(bytes.toString('ascii', 8, 16)).toBe('WAVEfmt ');
    expect([bytes.readUInt16LE(20), bytes.readUInt16LE(22)]).toEqual([1, 1]);
    expect([bytes.readUInt32LE(24), bytes.readUInt32LE(28)]).toEqual([8000, 16000]);
    expect([bytes.readUInt16LE(32), bytes.readUInt16LE(34)]).toEqual([2, 16]);
    expect(bytes.toString('ascii', 36, 40)).toBe('data');
    expect(bytes.readUInt32LE(40)).toBe(12);
    const pcm = [0, 1, 2, 3, 4, 5].map((i) => bytes.readInt16LE(44 + i * 2));
    // Math.round: −16383.5 → −16383; beyond full scale clips.
    expect(pcm).toEqual([0, 16384, -16383, 32767, -32767, 32767]);
  });
});
