// CPU work over a journal batch (hashing, MACs, the chain walk: about 1,000 entries) done in
// slices, with a turn of the event loop between them: a batch takes a few milliseconds at a time,
// so a basic check arriving on a call during a centre-wide drain is answered between two slices,
// not after the whole batch (issue 17: checks keep priority over ingest).
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Items handled between two turns of the event loop (a few ms of hashing at most). */
export const SLICE = 128;

/** `i` is the first item of a new slice: the caller yields before handling it. */
export const sliceEnds = (i: number): boolean => i > 0 && i % SLICE === 0;

/** Lets the event loop serve what has arrived (I/O, timers) before the caller goes on. */
export const yieldTurn = (): Promise<void> => nextTurn();

/** `items.map(fn)`, yielding to the event loop between slices. */
export async function mapInSlices<T, U>(
  items: readonly T[],
  fn: (item: T, index: number) => U,
): Promise<U[]> {
  const out: U[] = [];
  for (let i = 0; i < items.length; i++) {
    if (sliceEnds(i)) await yieldTurn();
    out.push(fn(items[i]!, i));
  }
  return out;
}
