import { describe, expect, it } from 'vitest';
import { hours, minutes, percent, rate, seconds } from '../../../common/report-format.js';

describe('report figures', () => {
  it('writes a share truncated to one decimal, so below a target never reads as reaching it', () => {
    expect(percent(0.9896)).toBe('98.9');
    expect(percent(0.99)).toBe('99.0');
    expect(percent(0.29)).toBe('29.0');
    expect(percent(1)).toBe('100.0');
    expect(percent(0)).toBe('0.0');
    expect(percent(2 / 3)).toBe('66.6');
  });
  it('writes nothing measured as the caller says (a dash by default), never as 0', () => {
    expect(percent(null)).toBe('—');
    expect(percent(null, '')).toBe('');
    expect(seconds(null, '')).toBe('');
    expect(rate(null, '')).toBe('');
    expect(minutes(null, '')).toBe('');
  });
  it('writes durations and rates with their one rounding', () => {
    expect(seconds(48_400)).toBe('48');
    expect(seconds(48_500)).toBe('49');
    expect(minutes(95_000)).toBe('1.6');
    expect(rate(7.25)).toBe('7.3');
    expect(hours(5_400_000)).toBe('1.5');
  });
});
