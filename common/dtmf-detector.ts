// A streaming keypad-tone (DTMF) detector over float PCM at any sample rate (8 kHz telephone audio,
// WebAudio's 44.1 or 48 kHz): Goertzel filters over 12.75 ms blocks, one digit per key press.
// It must never report a digit from speech or music: each block must pass every check below.
// The rules are ITU-T Q.23 (frequencies) and Q.24 (levels, twist, timing).

const ROWS = [697, 770, 852, 941] as const;
const COLUMNS = [1209, 1336, 1477, 1633] as const;
const KEYS = ['123A', '456B', '789C', '*0#D'] as const;

/** 102 samples at 8 kHz: bins ~78 Hz apart, so neighbouring row tones stay apart. */
const BLOCK_SECONDS = 0.01275;
const dB = (value: number) => 10 ** (value / 10);

/** The checks a block passes to count as a key's tone; each a power ratio or a level. */
export const DTMF_RULES = {
  /** Each tone's amplitude (full scale 1): about −31 dBm0 on a G.711 line. */
  minAmplitude: 0.02,
  /** Column tone stronger than the row tone by at most 8 dB (Q.24 "normal twist"). */
  normalTwist: dB(8),
  /** Row tone stronger than the column tone by at most 4 dB ("reverse twist"). */
  reverseTwist: dB(4),
  /** The chosen tone of each group at least 8 dB above the others of its group. */
  relativePeak: dB(8),
  /** The two tones carry at least this share of the block's energy (speech spreads wider). */
  toneShare: 0.8,
  /** Second harmonics (speech and instruments have them; keypad tones do not), below the tone
   *  by: rows only 0 dB (a column tone 58 Hz from 2 × 697 leaks into it), columns 15 dB. */
  rowHarmonic: dB(0),
  columnHarmonic: dB(15),
  /** Consecutive blocks with the same key before it counts (≥ 25.5 ms; every 40 ms tone). */
  hitsToBegin: 2,
  /** Blocks without it before the same key can count again (the pause between presses). */
  missesToEnd: 2,
} as const;

export interface DtmfDetector {
  /** Feed the next samples (any length); returns the keys whose presses began in them. */
  process(samples: ArrayLike<number>): string[];
  /** Forget any tone in progress (e.g. the audio was interrupted). */
  reset(): void;
}

interface Goertzel {
  coefficient: number;
  s1: number;
  s2: number;
}

const goertzel = (frequency: number, sampleRate: number): Goertzel => ({
  coefficient: 2 * Math.cos((2 * Math.PI * frequency) / sampleRate),
  s1: 0,
  s2: 0,
});

/** |X(f)|² of the block just fed, and the filter reset. */
function power(filter: Goertzel): number {
  const value =
    filter.s1 * filter.s1 + filter.s2 * filter.s2 - filter.coefficient * filter.s1 * filter.s2;
  filter.s1 = 0;
  filter.s2 = 0;
  return value;
}

const strongest = (powers: number[]) => powers.indexOf(Math.max(...powers));

/** Everything but the chosen tone is `ratio` below it. */
const dominates = (powers: number[], best: number, ratio: number) =>
  powers.every((p, i) => i === best || p * ratio <= powers[best]!);

/**
 * The key whose tone fills a block, or null. `powers` are Goertzel |X|² over `n` samples of the
 * rows, columns and their second harmonics; `energy` the block's AC energy (Σx² − (Σx)²/n).
 */
export function keyOfBlock(
  rows: number[],
  columns: number[],
  rowHarmonics: number[],
  columnHarmonics: number[],
  energy: number,
  n: number,
): string | null {
  const rules = DTMF_RULES;
  const r = strongest(rows);
  const c = strongest(columns);
  const row = rows[r]!;
  const column = columns[c]!;
  // A sinusoid of amplitude A gives |X|² ≈ (A·n/2)²; it carries A²·n/2 = 2|X|²/n of energy.
  const minPower = (rules.minAmplitude * n) ** 2 / 4;
  if (row < minPower || column < minPower) return null;
  if (column > row * rules.normalTwist || row > column * rules.reverseTwist) return null;
  if (!dominates(rows, r, rules.relativePeak) || !dominates(columns, c, rules.relativePeak))
    return null;
  if (rowHarmonics[r]! * rules.rowHarmonic > row) return null;
  if (columnHarmonics[c]! * rules.columnHarmonic > column) return null;
  if ((2 * (row + column)) / n < rules.toneShare * energy) return null;
  return KEYS[r]![c]!;
}

/** A detector for audio at `sampleRate` Hz (8000 or more). */
export function createDtmfDetector(sampleRate: number): DtmfDetector {
  if (!Number.isFinite(sampleRate) || sampleRate < 8000)
    throw new RangeError(`DTMF detection needs at least 8 kHz, not ${sampleRate}`);
  const n = Math.round(sampleRate * BLOCK_SECONDS);
  const rows = ROWS.map((f) => goertzel(f, sampleRate));
  const columns = COLUMNS.map((f) => goertzel(f, sampleRate));
  const rowHarmonics = ROWS.map((f) => goertzel(2 * f, sampleRate));
  const columnHarmonics = COLUMNS.map((f) => goertzel(2 * f, sampleRate));
  const filters = [...rows, ...columns, ...rowHarmonics, ...columnHarmonics];
  let count = 0;
  let sum = 0;
  let squares = 0;
  // The key of the previous block, the key now down (already reported), blocks without it.
  let previous: string | null = null;
  let down: string | null = null;
  let hits = 0;
  let misses = 0;

  function endOfBlock(): string | null {
    const key = keyOfBlock(
      rows.map(power),
      columns.map(power),
      rowHarmonics.map(power),
      columnHarmonics.map(power),
      squares - (sum * sum) / n,
      n,
    );
    count = 0;
    sum = 0;
    squares = 0;
    hits = key !== null && key === previous ? hits + 1 : key === null ? 0 : 1;
    previous = key;
    if (down !== null) {
      misses = key === down ? 0 : misses + 1;
      if (misses >= DTMF_RULES.missesToEnd) down = null;
    }
    if (key === null || key === down || hits < DTMF_RULES.hitsToBegin) return null;
    down = key;
    misses = 0;
    return key;
  }

  return {
    process(samples) {
      const keys: string[] = [];
      for (let i = 0; i < samples.length; i++) {
        const x = samples[i]!;
        for (const filter of filters) {
          const s = x + filter.coefficient * filter.s1 - filter.s2;
          filter.s2 = filter.s1;
          filter.s1 = s;
        }
        sum += x;
        squares += x * x;
        if (++count === n) {
          const key = endOfBlock();
          if (key !== null) keys.push(key);
        }
      }
      return keys;
    },
    reset() {
      for (const filter of filters) power(filter);
      count = 0;
      sum = 0;
      squares = 0;
      previous = null;
      down = null;
      hits = 0;
      misses = 0;
    },
  };
}
