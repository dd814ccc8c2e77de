// The one formatter of the monthly report's figures (screen, CSV, PDF): shares truncated so a
// figure under target never reads as meeting it, fixed decimals, "no data" for nothing, and the
// month in words a spreadsheet does not turn into a date.
import { describe, expect, it } from 'vitest';
import {
  hours,
  minutes,
  monthLabel,
  NO_DATA,
  percent,
  rate,
  seconds,
} from '../../../common/report-format.js';

describe('percent', () => {
  it('writes a share with one decimal, truncated, never rounded up across a target', () => {
    expect(percent(0.9925)).toBe('99.2');
    expect(percent(0.98999)).toBe('98.9');
    expect(percent(0.99)).toBe('99.0');
    expect(percent(1)).toBe('100.0');
    expect(percent(0)).toBe('0.0');
    expect(percent(6 / 7)).toBe('85.7');
  });
  it('keeps values whose binary form falls just short (0.29, 0.57) at their decimal', () => {
    expect(percent(0.29)).toBe('29.0');
    expect(percent(0.57)).toBe('57.0');
    expect(percent(0.1 + 0.2)).toBe('30.0');
  });
  it('writes "no data" for a share over nothing, or what the caller asks', () => {
    expect(percent(null)).toBe(NO_DATA);
    expect(percent(null, '')).toBe('');
    expect(percent(Number.NaN, '')).toBe('');
  });
});

describe('durations and rates', () => {
  it('writes minutes, hours and a rate with one decimal, rounded', () => {
    expect(minutes(95_000)).toBe('1.6');
    expect(minutes(0)).toBe('0.0');
    expect(minutes(null)).toBe(NO_DATA);
    expect(hours(5_400_000)).toBe('1.5');
    expect(hours(null, '')).toBe('');
    expect(rate(7.25)).toBe('7.3');
    expect(rate(12)).toBe('12.0');
    expect(rate(null)).toBe(NO_DATA);
  });
});

describe('seconds', () => {
  it('writes whole seconds, rounded, for time to verify', () => {
    expect(seconds(48_400)).toBe('48');
    expect(seconds(48_500)).toBe('49');
    expect(seconds(null, '')).toBe('');
  });
});

describe('monthLabel', () => {
  it('writes the month in words in either language', () => {
    expect(monthLabel('2026-10', 'zh-CN')).toBe('2026年10月');
    expect(monthLabel('2026-01', 'zh-CN')).toBe('2026年1月');
    expect(monthLabel('2026-10', 'en')).toBe('October 2026');
    expect(monthLabel('2027-12', 'en')).toBe('December 2027');
  });
  it('refuses anything that is not YYYY-MM', () => {
    for (const bad of ['2026-13', '2026-1', '2026-10-01', ''])
      expect(() => monthLabel(bad, 'en')).toThrow(RangeError);
  });
});
