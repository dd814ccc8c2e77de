// One window sounds a new alert when the console has a window of its own beside the desk: a fake
// Web Locks manager with the API's queueing (one holder per name, the next in line on release).
import { describe, expect, it } from 'vitest';
import {
  alarmWindowElection,
  type LockManagerLike,
} from '../../../../renderer/lead/alerts/alarm.js';

function fakeLocks() {
  const queue: { run: () => Promise<void>; window: number }[] = [];
  let holder: number | null = null;
  const next = () => {
    const first = queue.shift();
    if (!first) return;
    holder = first.window;
    void first.run();
  };
  return {
    close(window: number) {
      if (holder !== window) return;
      holder = null;
      next();
    },
    windowLocks(window: number): LockManagerLike {
      return {
        request(_name, callback) {
          queue.push({ run: callback, window });
          if (holder === null) next();
          return new Promise(() => {});
        },
      };
    },
  };
}

describe('alarm window election', () => {
  it('the first window sounds; the next takes over when it closes', () => {
    const locks = fakeLocks();
    const desk = alarmWindowElection(locks.windowLocks(1));
    const console = alarmWindowElection(locks.windowLocks(2));
    expect([desk(), console()]).toEqual([true, false]);
    locks.close(1);
    expect(console()).toBe(true);
  });

  it('every window sounds where there is no Web Locks API', () => {
    expect(alarmWindowElection(undefined)()).toBe(true);
  });
});
