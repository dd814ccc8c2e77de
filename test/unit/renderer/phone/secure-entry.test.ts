import { describe, expect, it, vi } from 'vitest';
import {
  createSecureEntry,
  type SecureEntryProgress,
} from '../../../../renderer/phone/secure-entry.js';

const setup = () => {
  const progress: (SecureEntryProgress | null)[] = [];
  const entry = createSecureEntry((p) => progress.push(p));
  return { entry, progress };
};

describe('secure entry', () => {
  it('hands digits to the consumer and reports only how many arrived', () => {
    const { entry, progress } = setup();
    const digits: string[] = [];
    const release = entry.attach({ onDigit: (d) => digits.push(d) });
    for (const d of ['4', '9', '1', '7']) expect(entry.deliver(d)).toBe(true);
    expect(digits.join('')).toBe('4917');
    expect(progress).toEqual([
      { active: true, digitCount: 0 },
      { active: true, digitCount: 1 },
      { active: true, digitCount: 2 },
      { active: true, digitCount: 3 },
      { active: true, digitCount: 4 },
    ]);
    expect(JSON.stringify(progress)).not.toMatch(/[4917]"/);
    release();
    expect(progress.at(-1)).toBeNull();
  });

  it('drops digits when nobody is attached', () => {
    const { entry, progress } = setup();
    expect(entry.deliver('5')).toBe(false);
    expect(progress).toEqual([]);
  });

  it('gives a new consumer a fresh count; an old release does not detach the new one', () => {
    const { entry, progress } = setup();
    const first = vi.fn();
    const second = vi.fn();
    const releaseFirst = entry.attach({ onDigit: first });
    entry.deliver('1');
    entry.attach({ onDigit: second });
    releaseFirst();
    entry.deliver('2');
    expect(first).toHaveBeenCalledExactlyOnceWith('1');
    expect(second).toHaveBeenCalledExactlyOnceWith('2');
    expect(progress.at(-1)).toEqual({ active: true, digitCount: 1 });
    entry.releaseAll();
    expect(progress.at(-1)).toBeNull();
    expect(entry.deliver('3')).toBe(false);
  });

  it('survives a consumer that throws, without the digit in any error', () => {
    const { entry, progress } = setup();
    entry.attach({
      onDigit: () => {
        throw new Error('consumer bug');
      },
    });
    expect(() => entry.deliver('8')).not.toThrow();
    expect(progress.at(-1)).toEqual({ active: true, digitCount: 1 });
  });

  it('a consumer may release itself from onDigit', () => {
    const { entry, progress } = setup();
    let release: () => void = () => {};
    release = entry.attach({ onDigit: () => release() });
    entry.deliver('#');
    expect(progress.at(-1)).toBeNull();
  });
});
