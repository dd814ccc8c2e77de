// The re-registration bench's histogram (scripts/bench-reregister.mjs): one line per 250 ms bucket
// from 0 to the slowest desk, empty buckets included, bars scaled to the fullest bucket.
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain ESM script without types
import { histogram } from '../../../scripts/bench-reregister.mjs';

describe('bench-reregister histogram', () => {
  it('counts every desk in its bucket, keeps empty buckets, scales the bars', () => {
    const lines: string[] = histogram([0, 100, 249, 260, 900], 250, 10);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^ +0\.00–0\.25 s {2}█{10} +3$/);
    expect(lines[1]).toMatch(/^ +0\.25–0\.50 s {2}█{3} {7} +1$/);
    expect(lines[2]).toMatch(/^ +0\.50–0\.75 s {2} {10} +0$/);
    expect(lines[3]).toMatch(/^ +0\.75–1\.00 s {2}█{3} {7} +1$/);
  });

  it('shows desks registered before "listening" was seen in a bucket below zero', () => {
    const lines: string[] = histogram([-5, 10], 250, 4);
    expect(lines.map((l) => l.trim().split(/\s+/)[0])).toEqual(['-0.25–0.00', '0.00–0.25']);
  });

  it('is empty without desks', () => {
    expect(histogram([])).toEqual([]);
  });
});
