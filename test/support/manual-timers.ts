// A clock the test moves by hand for code that takes injectable timers (main/core's push stream,
// presence heartbeat, queue-event retry): nothing fires until `advance`, real I/O still runs.
import type { Timers } from '../../main/core/records-events/stream.js';

export function manualTimers() {
  let now = 0;
  let seq = 0;
  const pending = new Map<number, { at: number; fn: () => void }>();
  const timers: Timers = {
    setTimeout(fn, ms) {
      seq += 1;
      pending.set(seq, { at: now + ms, fn });
      return seq;
    },
    clearTimeout: (handle) => void pending.delete(handle as number),
  };
  /** Fires, in order, every timer due within `ms`, letting promises settle between them. */
  const advance = async (ms: number) => {
    const until = now + ms;
    for (;;) {
      await settle();
      const next = [...pending.entries()].sort((a, b) => a[1].at - b[1].at)[0];
      if (!next || next[1].at > until) break;
      pending.delete(next[0]);
      now = next[1].at;
      next[1].fn();
    }
    now = until;
    await settle();
  };
  return { timers, advance, pending: () => pending.size };
}

export const settle = async () => {
  for (let i = 0; i < 20; i += 1) await new Promise((r) => setImmediate(r));
};
