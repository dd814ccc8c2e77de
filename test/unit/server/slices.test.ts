// CPU work over a batch in slices: other work (a check's I/O, a timer) runs between two slices,
// and the result is the plain map's, in order.
import { describe, expect, it } from 'vitest';
import { mapInSlices, SLICE, sliceEnds } from '../../../server/slices.js';

describe('mapInSlices', () => {
  it('answers what map answers, in order', async () => {
    const items = Array.from({ length: 3 * SLICE + 5 }, (_, i) => i);
    expect(await mapInSlices(items, (x, i) => x * 2 + i)).toEqual(items.map((x, i) => x * 2 + i));
    expect(await mapInSlices([], (x: number) => x)).toEqual([]);
  });

  it('lets work that arrived meanwhile run between two slices, not after the whole batch', async () => {
    const items = Array.from({ length: 1000 }, (_, i) => i);
    let at = -1;
    let current = 0;
    setImmediate(() => (at = current));
    await mapInSlices(items, (_x, i) => (current = i));
    // It ran once the first slice was done, long before the last item.
    expect(at).toBe(SLICE - 1);
  });

  it('a slice ends every SLICE items, never before the first', () => {
    expect(sliceEnds(0)).toBe(false);
    expect(sliceEnds(SLICE - 1)).toBe(false);
    expect(sliceEnds(SLICE)).toBe(true);
    expect(sliceEnds(2 * SLICE)).toBe(true);
  });
});
