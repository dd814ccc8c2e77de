// Test audio made from formulas, never recorded: keypad tones (ITU-T Q.23 pairs), a talking
// voice (pitch pulses through vowel formants, consonant noise, pauses), hold music, noise, and an
// 8 kHz mono PCM16 WAV writer for SIP lab phones. Seeded: a signal is the same on every run.
// Synthetic data only; nothing here may be a real person's voice.
import { writeFileSync } from 'node:fs';

export const TELEPHONE_RATE = 8000;

/** Q.23: the row (low) and column (high) frequency of each key. */
export const DTMF_KEYS: Readonly<Record<string, readonly [number, number]>> = Object.fromEntries(
  ['123A', '456B', '789C', '*0#D'].flatMap((row, r) =>
    [...row].map((key, c) => [key, [[697, 770, 852, 941][r]!, [1209, 1336, 1477, 1633][c]!]]),
  ),
);

/** A seeded uniform [0, 1) generator (mulberry32). */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const concat = (...parts: Float32Array[]): Float32Array => {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};

export const silence = (seconds: number, rate = TELEPHONE_RATE) =>
  new Float32Array(Math.round(seconds * rate));

/** Sum of signals of any lengths (the result is as long as the longest). */
export function mix(...parts: Float32Array[]): Float32Array {
  const out = new Float32Array(Math.max(0, ...parts.map((p) => p.length)));
  for (const part of parts) for (let i = 0; i < part.length; i++) out[i]! += part[i]!;
  return out;
}

/** Sine partials [frequency, amplitude] for `seconds`. */
export function tones(partials: [number, number][], seconds: number, rate = TELEPHONE_RATE) {
  const out = new Float32Array(Math.round(seconds * rate));
  for (const [frequency, amplitude] of partials) {
    const phase = (frequency * 2 * Math.PI) / rate;
    for (let i = 0; i < out.length; i++) out[i]! += amplitude * Math.sin(phase * i);
  }
  return out;
}

/** Gaussian-ish white noise (sum of uniforms) with this RMS. */
export function noise(seconds: number, rms: number, rate = TELEPHONE_RATE, seed = 1) {
  const random = seeded(seed);
  const out = new Float32Array(Math.round(seconds * rate));
  for (let i = 0; i < out.length; i++)
    out[i] = (random() + random() + random() + random() - 2) * rms * Math.sqrt(3);
  return out;
}

export interface DtmfToneOptions {
  seconds?: number;
  /** Amplitude of each of the two tones (full scale 1). */
  amplitude?: number;
  /** Column tone's level relative to the row tone, dB (positive: normal twist). */
  twistDb?: number;
  /** Both frequencies off by this many percent. */
  offsetPercent?: number;
  rate?: number;
}

/** One key's dual tone. */
export function dtmfTone(key: string, options: DtmfToneOptions = {}): Float32Array {
  const pair = DTMF_KEYS[key.toUpperCase()];
  if (!pair) throw new Error(`not a keypad key: ${key}`);
  const { seconds = 0.1, amplitude = 0.25, twistDb = 0, offsetPercent = 0 } = options;
  const scale = 1 + offsetPercent / 100;
  return tones(
    [
      [pair[0] * scale, amplitude],
      [pair[1] * scale, amplitude * 10 ** (twistDb / 20)],
    ],
    seconds,
    options.rate,
  );
}

/** Keys as a phone keys them: `tone` seconds each, `gap` seconds apart, silence around. */
export function dtmfTones(
  keys: string,
  options: DtmfToneOptions & { gap?: number } = {},
): Float32Array {
  const rate = options.rate ?? TELEPHONE_RATE;
  const gap = silence(options.gap ?? 0.1, rate);
  return concat(gap, ...[...keys].flatMap((key) => [dtmfTone(key, options), gap]));
}

/** A two-pole resonator (a formant) run over `input` in place of a copy. */
function resonate(input: Float32Array, frequency: number, bandwidth: number, rate: number) {
  const r = Math.exp((-Math.PI * bandwidth) / rate);
  const a1 = 2 * r * Math.cos((2 * Math.PI * frequency) / rate);
  const a2 = -r * r;
  const gain = 1 - r;
  const out = new Float32Array(input.length);
  let y1 = 0;
  let y2 = 0;
  for (let i = 0; i < input.length; i++) {
    const y = gain * input[i]! + a1 * y1 + a2 * y2;
    out[i] = y;
    y2 = y1;
    y1 = y;
  }
  return out;
}

/** Vowel formants (F1, F2, F3 in Hz) of an adult voice. */
export const VOWELS = {
  a: [730, 1090, 2440],
  e: [530, 1840, 2480],
  i: [270, 2290, 3010],
  o: [570, 840, 2410],
  u: [300, 870, 2240],
} as const satisfies Record<string, readonly [number, number, number]>;

export interface VowelOptions {
  /** Pitch at the start and at the end (a glide when they differ), Hz. */
  pitch: [number, number];
  formants: readonly [number, number, number];
  seconds: number;
  /** Peak amplitude after normalising. */
  amplitude?: number;
  rate?: number;
  seed?: number;
}

/** A voiced sound: a glottal pulse train (with jitter) through three formants. */
export function vowel(options: VowelOptions): Float32Array {
  const { pitch, formants, seconds, amplitude = 0.3, rate = TELEPHONE_RATE, seed = 7 } = options;
  const random = seeded(seed);
  const n = Math.round(seconds * rate);
  const source = new Float32Array(n);
  let phase = 0;
  for (let i = 0; i < n; i++) {
    const f0 = pitch[0] + ((pitch[1] - pitch[0]) * i) / n;
    phase += (f0 * (1 + (random() - 0.5) * 0.02)) / rate;
    if (phase >= 1) {
      phase -= 1;
      source[i] = 1;
    }
  }
  const bandwidths = [80, 100, 150];
  const voiced = mix(...formants.map((f, k) => resonate(source, f, bandwidths[k]!, rate)));
  // Glottal pulse (−12 dB/octave) and lip radiation (+6): −6 dB/octave above ~200 Hz.
  const a = Math.exp((-2 * Math.PI * 200) / rate);
  for (let i = 1; i < voiced.length; i++) voiced[i] = (1 - a) * voiced[i]! + a * voiced[i - 1]!;
  return shape(voiced, amplitude, 0.02 * rate);
}

/** Normalise to `peak` with a raised-cosine fade of `fade` samples at each end. */
function shape(signal: Float32Array, peak: number, fade: number): Float32Array {
  let max = 0;
  for (const v of signal) max = Math.max(max, Math.abs(v));
  const out = new Float32Array(signal.length);
  for (let i = 0; i < signal.length; i++) {
    const edge = Math.min(i, signal.length - 1 - i);
    const gain = edge >= fade ? 1 : 0.5 - 0.5 * Math.cos((Math.PI * edge) / fade);
    out[i] = max === 0 ? 0 : (signal[i]! / max) * peak * gain;
  }
  return out;
}

/** A consonant: noise shaped by one broad resonance (s, sh, f, t…). */
function fricative(seconds: number, centre: number, rate: number, seed: number) {
  return shape(resonate(noise(seconds, 1, rate, seed), centre, 1200, rate), 0.08, 0.005 * rate);
}

/**
 * A talking voice: syllables of consonant + vowel with a wandering pitch (men's and women's
 * ranges), diphthong-like glides between vowels, and short pauses, for `seconds`.
 */
export function speechLike(seconds: number, rate = TELEPHONE_RATE, seed = 11): Float32Array {
  const random = seeded(seed);
  const names = Object.keys(VOWELS) as (keyof typeof VOWELS)[];
  const parts: Float32Array[] = [];
  let length = 0;
  let pitch = 90 + random() * 150;
  while (length < seconds * rate) {
    const next = Math.min(300, Math.max(80, pitch * (0.8 + random() * 0.45)));
    if (random() < 0.5)
      parts.push(fricative(0.03 + random() * 0.08, 2000 + random() * 1800, rate, parts.length));
    const formants = VOWELS[names[Math.floor(random() * names.length)]!];
    parts.push(
      vowel({
        pitch: [pitch, next],
        formants,
        seconds: 0.08 + random() * 0.3,
        amplitude: 0.1 + random() * 0.4,
        rate,
        seed: parts.length + seed,
      }),
    );
    if (random() < 0.3) parts.push(silence(0.03 + random() * 0.2, rate));
    pitch = next;
    length = parts.reduce((n, p) => n + p.length, 0);
  }
  return concat(...parts).slice(0, Math.round(seconds * rate));
}

/** Equal-tempered note frequency (A4 = 440 Hz = MIDI 69). */
export const note = (midi: number) => 440 * 2 ** ((midi - 69) / 12);

/** One instrument note: harmonics 1/k strong (organ/string-like), attack and decay. */
export function instrumentNote(midi: number, seconds: number, amplitude: number, rate: number) {
  const f = note(midi);
  const partials: [number, number][] = [];
  for (let k = 1; k * f < rate / 2 - 100 && k <= 8; k++) partials.push([k * f, amplitude / k]);
  const out = tones(partials, seconds, rate);
  const attack = 0.02 * rate;
  for (let i = 0; i < out.length; i++)
    out[i]! *= Math.min(1, i / attack) * Math.exp((-1.5 * i) / out.length);
  return out;
}

/** Sine chords (an electronic pad): every note a pure tone, as hold-music synths do. */
export function sineChords(chords: number[][], seconds: number, rate = TELEPHONE_RATE) {
  return concat(
    ...chords.map((chord) =>
      tones(
        chord.map((midi) => [note(midi), 0.6 / chord.length]),
        seconds,
        rate,
      ),
    ),
  );
}

/**
 * Hold music: a I–vi–IV–V progression in several keys (chords with harmonics), a bass line and
 * a melody over the notes nearest the keypad frequencies, for `seconds`.
 */
export function holdMusic(seconds: number, rate = TELEPHONE_RATE, seed = 5): Float32Array {
  const random = seeded(seed);
  const beat = 0.25;
  const parts: Float32Array[] = [];
  let total = 0;
  for (let root = 60; total < seconds * rate; root = 60 + ((root - 60 + 5) % 12)) {
    for (const degree of [0, 9, 5, 7]) {
      const chord = [root + degree, root + degree + (degree === 9 ? 3 : 4), root + degree + 7];
      const bar = mix(
        ...chord.map((midi) => instrumentNote(midi, beat * 4, 0.12, rate)),
        instrumentNote(root + degree - 24, beat * 4, 0.2, rate),
        concat(
          ...Array.from({ length: 4 }, () =>
            instrumentNote(77 + Math.floor(random() * 14), beat, 0.15, rate),
          ),
        ),
      );
      parts.push(bar);
      total += bar.length;
    }
  }
  return concat(...parts).slice(0, Math.round(seconds * rate));
}

/** PCM16 little-endian mono WAV bytes. */
export function wavBytes(samples: Float32Array, rate = TELEPHONE_RATE): Buffer {
  const data = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++)
    data.writeInt16LE(Math.round(Math.max(-1, Math.min(1, samples[i]!)) * 32767), i * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** Write `samples` as an 8 kHz (or `rate`) mono PCM16 WAV file (e.g. for SIPp or baresip). */
export function writeWav(path: string, samples: Float32Array, rate = TELEPHONE_RATE): void {
  writeFileSync(path, wavBytes(samples, rate));
}
