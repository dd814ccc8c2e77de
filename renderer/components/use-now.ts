// renderer/components/: reusable pieces with no domain — no store, no host call, no rule of the
// regulation of their own. A clock for timers on screen; it ticks only while asked to.
import { useEffect, useState } from 'react';

/**
 * The time, refreshed every `intervalMs` while `active` (call timer, wrap-up and retry countdowns).
 */
export function useNow(active: boolean, intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    let live = true;
    const tick = () => live && setNow(Date.now());
    // The time may be stale from before the clock was asked for: refresh it at once, then tick.
    queueMicrotask(tick);
    const id = setInterval(tick, intervalMs);
    return () => {
      live = false;
      clearInterval(id);
    };
  }, [active, intervalMs]);
  return now;
}
