// The secure-entry consumer (Art. 6, 7): digits stay in its closure; only a count leaves it until
// `#` hands them over once, already wiped from the buffer.
import { describe, expect, it } from 'vitest';
import { createKeypadBuffer } from '../../../../renderer/verification/keypad-buffer.js';

function buffer(options: { maxDigits?: number; autoSubmitAt?: number } = {}) {
  const counts: number[] = [];
  const submitted: string[] = [];
  const keypad = createKeypadBuffer({
    maxDigits: options.maxDigits ?? 32,
    ...(options.autoSubmitAt !== undefined ? { autoSubmitAt: options.autoSubmitAt } : {}),
    onCount: (count) => counts.push(count),
    onSubmit: (digits) => submitted.push(digits),
  });
  const keys = (text: string) => [...text].forEach((key) => keypad.onDigit(key));
  return { keypad, counts, submitted, keys };
}

describe('keypad buffer', () => {
  it('reports only how many digits it holds, and hands them over on #', () => {
    const t = buffer();
    t.keys('7391');
    expect(t.counts).toEqual([1, 2, 3, 4]);
    expect(t.submitted).toEqual([]);
    t.keys('#');
    expect(t.submitted).toEqual(['7391']);
    expect(t.counts.at(-1)).toBe(0);
  });

  it('is empty after a submit: a second # sends nothing, the next entry starts afresh', () => {
    const t = buffer();
    t.keys('12#');
    t.keys('#');
    t.keys('9#');
    expect(t.submitted).toEqual(['12', '9']);
  });

  it('clears on *, and # with nothing held sends nothing', () => {
    const t = buffer();
    t.keys('55*');
    expect(t.counts).toEqual([1, 2, 0]);
    t.keys('#');
    expect(t.submitted).toEqual([]);
    t.keys('8#');
    expect(t.submitted).toEqual(['8']);
  });

  it('submits by itself at the passcode length, and drops keys beyond the maximum', () => {
    const otp = buffer({ maxDigits: 6, autoSubmitAt: 6 });
    otp.keys('12345678');
    expect(otp.submitted).toEqual(['123456']);
    expect(otp.counts).toEqual([1, 2, 3, 4, 5, 6, 0, 1, 2]);
    const capped = buffer({ maxDigits: 3 });
    capped.keys('98765#');
    expect(capped.submitted).toEqual(['987']);
  });

  it('ignores anything but 0-9, * and #', () => {
    const t = buffer();
    for (const key of ['A', 'D', '', '12', 'x']) t.keypad.onDigit(key);
    expect(t.counts).toEqual([]);
  });

  it('ignores keys while paused (a submission in flight) and for good once disposed', () => {
    const t = buffer();
    t.keypad.setPaused(true);
    t.keys('12#');
    t.keypad.setPaused(false);
    t.keys('3');
    t.keypad.dispose();
    t.keys('4#');
    expect(t.counts).toEqual([1]);
    expect(t.submitted).toEqual([]);
  });

  it('keeps the digits out of anything a caller can read back', () => {
    const t = buffer();
    t.keys('739184');
    expect(JSON.stringify(t.keypad)).not.toContain('7391');
    expect(Object.values(t.keypad).filter((v) => typeof v !== 'function')).toEqual([]);
  });
});
