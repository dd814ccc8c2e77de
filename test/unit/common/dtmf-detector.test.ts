// The keypad-tone detector on generated audio: every key once per press at telephone and WebAudio
// rates, levels, twist and noise; and no digit from a voice, vowels, music, noise or silence.
import { describe, expect, it } from 'vitest';
import { createDtmfDetector } from '../../../common/dtmf-detector.js';
import {
  VOWELS,
  concat,
  dtmfTone,
  dtmfTones,
  holdMusic,
  mix,
  noise,
  silence,
  sineChords,
  speechLike,
  vowel,
} from '../../support/audio-signals.js';

const ALL_KEYS = '123A456B789C*0#D';
const RATES = [8000, 44100, 48000];

/** Feed `signal` in WebAudio's 128-sample render quanta (or `chunk`); every key reported. */
function detect(signal: Float32Array, rate: number, chunk = 128): string {
  const detector = createDtmfDetector(rate);
  const keys: string[] = [];
  for (let i = 0; i < signal.length; i += chunk)
    keys.push(...detector.process(signal.subarray(i, i + chunk)));
  return keys.join('');
}

describe('createDtmfDetector: keys are detected once each', () => {
  it.each(RATES)('all 16 keys at loud, middle and quiet levels at %i Hz', (rate) => {
    for (const amplitude of [0.5, 0.1, 0.03])
      expect(detect(dtmfTones(ALL_KEYS, { amplitude, rate }), rate), `amplitude ${amplitude}`).toBe(
        ALL_KEYS,
      );
  });

  it.each(RATES)('40 ms tones with 40 ms pauses (Q.24 minimum) at %i Hz', (rate) => {
    const signal = dtmfTones(ALL_KEYS, { seconds: 0.04, gap: 0.04, amplitude: 0.2, rate });
    expect(detect(signal, rate)).toBe(ALL_KEYS);
  });

  it('accepts normal twist up to 6 dB and reverse twist up to 3 dB', () => {
    for (const twistDb of [6, 3, -3])
      expect(detect(dtmfTones(ALL_KEYS, { twistDb, amplitude: 0.15 }), 8000), `${twistDb} dB`).toBe(
        ALL_KEYS,
      );
  });

  it('accepts frequencies 1.5 % off (Q.24 tolerance)', () => {
    for (const offsetPercent of [-1.5, 1.5])
      expect(detect(dtmfTones(ALL_KEYS, { offsetPercent }), 8000)).toBe(ALL_KEYS);
  });

  it.each(RATES)('detects every key in modest white noise (15 dB SNR) at %i Hz', (rate) => {
    const tones = dtmfTones(ALL_KEYS, { amplitude: 0.2, rate });
    // Each tone's power is 0.02 (two tones 0.04); noise power 0.04 / 10^1.5.
    const signal = mix(tones, noise(tones.length / rate, Math.sqrt(0.04 / 10 ** 1.5), rate, 3));
    expect(detect(signal, rate)).toBe(ALL_KEYS);
  });

  it('reports a long press once, and the same key again only after a pause', () => {
    expect(detect(concat(dtmfTone('5', { seconds: 2 }), silence(0.1)), 8000)).toBe('5');
    expect(detect(dtmfTones('5555', { seconds: 0.08, gap: 0.05 }), 8000)).toBe('5555');
    // Two keys back to back without a pause are two presses.
    expect(detect(concat(silence(0.1), dtmfTone('1'), dtmfTone('2'), silence(0.1)), 8000)).toBe(
      '12',
    );
  });

  it('gives the same answer whatever the chunk sizes', () => {
    const signal = dtmfTones('90#*', { rate: 44100 });
    for (const chunk of [1, 37, 128, 1000, signal.length])
      expect(detect(signal, 44100, chunk), `chunk ${chunk}`).toBe('90#*');
  });

  it('finds keys typed after the caller stops talking', () => {
    const signal = concat(speechLike(3, 8000, 4), silence(0.2), dtmfTones('4711'));
    expect(detect(signal, 8000)).toBe('4711');
  });

  it('forgets a tone in progress on reset', () => {
    const detector = createDtmfDetector(8000);
    const tone = dtmfTone('8', { seconds: 0.2 });
    expect(detector.process(tone)).toEqual(['8']);
    detector.reset();
    expect(detector.process(tone)).toEqual(['8']);
  });

  it('refuses sample rates below 8 kHz', () => {
    expect(() => createDtmfDetector(4000)).toThrow(RangeError);
    expect(() => createDtmfDetector(Number.NaN)).toThrow(RangeError);
  });
});

describe('createDtmfDetector: nothing else is a key', () => {
  it('rejects too much twist, too short tones and too quiet tones', () => {
    for (const twistDb of [10, -6])
      expect(detect(dtmfTones(ALL_KEYS, { twistDb, amplitude: 0.15 }), 8000)).toBe('');
    expect(detect(dtmfTones(ALL_KEYS, { seconds: 0.02, gap: 0.05 }), 8000)).toBe('');
    expect(detect(dtmfTones(ALL_KEYS, { amplitude: 0.01 }), 8000)).toBe('');
    expect(detect(dtmfTones(ALL_KEYS, { offsetPercent: 3.5 }), 8000)).toBe('');
  });

  it.each([8000, 48000])('a talking voice (several speakers) at %i Hz', (rate) => {
    for (let seed = 1; seed <= 6; seed++) {
      const voice = speechLike(8, rate, seed);
      // A loud voice, not a whisper the level check alone would refuse.
      const rms = Math.sqrt(voice.reduce((sum, x) => sum + x * x, 0) / voice.length);
      expect(rms).toBeGreaterThan(0.05);
      expect(detect(voice, rate), `speaker ${seed}`).toBe('');
    }
  });

  it('sustained vowels at every pitch from 70 to 320 Hz, and pitch glides', () => {
    for (const [name, formants] of Object.entries(VOWELS)) {
      for (let pitch = 70; pitch <= 320; pitch += 2)
        expect(detect(vowel({ pitch: [pitch, pitch], formants, seconds: 0.3 }), 8000)).toBe('');
      expect(detect(vowel({ pitch: [80, 300], formants, seconds: 1.5 }), 8000), name).toBe('');
      expect(detect(vowel({ pitch: [260, 90], formants, seconds: 1.5 }), 48000), name).toBe('');
    }
  });

  it('vowels whose formants sit on keypad frequencies', () => {
    for (const [low, high] of [
      [697, 1209],
      [770, 1336],
      [852, 1477],
      [941, 1633],
    ] as const)
      for (let pitch = 70; pitch <= 480; pitch += 3) {
        const sound = vowel({ pitch: [pitch, pitch], formants: [low, high, 2500], seconds: 0.3 });
        expect(detect(sound, 8000), `${low}/${high} Hz at ${pitch} Hz`).toBe('');
      }
  });

  it.each([8000, 48000])('hold music and sine-pad chords at %i Hz', (rate) => {
    for (let seed = 1; seed <= 3; seed++) expect(detect(holdMusic(15, rate, seed), rate)).toBe('');
    const chords: number[][] = [];
    for (let low = 72; low < 92; low++)
      for (let high = low + 3; high < low + 10; high++)
        chords.push([low, high, high + 4], [low, high, low + 12]);
    expect(detect(sineChords(chords, 0.3, rate), rate)).toBe('');
  });

  it('noise and silence', () => {
    for (const rms of [0.3, 0.05, 0.005]) expect(detect(noise(10, rms, 8000, 9), 8000)).toBe('');
    expect(detect(noise(5, 0.1, 48000, 2), 48000)).toBe('');
    expect(detect(silence(5), 8000)).toBe('');
  });
});
