// The retry scheduler and the OPTIONS keep-alive, on fake timers: retries never stop, a failed try
// reschedules itself (sip.js stays silent when reconnect() fails), and a half-open connection is
// noticed by the keep-alive.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createKeepAlive,
  createRetryScheduler,
  RECONNECT_WINDOW,
  reconnectDelay,
} from '../../../../renderer/phone/reconnect.js';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(1_000_000);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('reconnectDelay', () => {
  it('is full jitter over the first window at the start of an outage', () => {
    expect(reconnectDelay(0, () => 0)).toBe(0);
    expect(reconnectDelay(0, () => 0.999999)).toBe(RECONNECT_WINDOW.firstMs - 1);
    expect(reconnectDelay(600, () => 0.5)).toBe(150);
  });

  it('grows with the outage (a third of it) and stops at 30 s', () => {
    expect(reconnectDelay(3_000, () => 0.5)).toBe(500);
    expect(reconnectDelay(30_000, () => 0.999999)).toBe(9_999);
    expect(reconnectDelay(90_000, () => 0.5)).toBe(15_000);
    expect(reconnectDelay(3_600_000, () => 0.999999)).toBeLessThan(30_000);
  });

  it('spreads desks that lost the proxy together over the whole window', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const delays = Array.from({ length: 2_000 }, () => reconnectDelay(30_000, random));
    const buckets = [0, 0, 0, 0];
    for (const d of delays) buckets[Math.floor(d / 2_500)]! += 1;
    for (const n of buckets) expect(n).toBeGreaterThan(400);
  });

  it('never waits a negative, infinite or over-cap time, whatever it is given', () => {
    expect(reconnectDelay(-5_000, () => 0.5)).toBe(150);
    expect(reconnectDelay(Number.NaN, () => 0.5)).toBe(150);
    expect(reconnectDelay(Number.POSITIVE_INFINITY, () => 0.5)).toBe(150);
    expect(reconnectDelay(3_000, () => 1)).toBeLessThan(1_000);
    expect(reconnectDelay(3_000, () => -1)).toBe(0);
    expect(reconnectDelay(3_000, () => Number.NaN)).toBe(0);
  });
});

describe('createRetryScheduler', () => {
  const setup = (attempt: () => Promise<void>, random = () => 0.5) => {
    const scheduled: [number, number][] = [];
    const failed: number[] = [];
    const scheduler = createRetryScheduler({
      now: () => Date.now(),
      random,
      attempt,
      onScheduled: (n, at) => scheduled.push([n, at]),
      onFailed: (n) => failed.push(n),
    });
    return { scheduler, scheduled, failed };
  };

  it('retries forever: short waits at first, then a third of the outage so far, capped at 30 s', async () => {
    const attempt = vi.fn(() => Promise.reject(new Error('refused')));
    const { scheduler, scheduled, failed } = setup(attempt);
    scheduler.schedule();
    for (let i = 0; i < 40; i += 1) await vi.runOnlyPendingTimersAsync();
    expect(attempt).toHaveBeenCalledTimes(40);
    expect(failed.slice(0, 12)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(scheduled.slice(0, 7).map(([n]) => n)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // random 0.5: half of min(30 s, max(300 ms, outage so far / 3))
    const waits = scheduled.map(([, at], i) => at - (i === 0 ? 1_000_000 : scheduled[i - 1]![1]));
    expect(waits.slice(0, 16)).toEqual([
      150, 150, 150, 150, 150, 150, 150, 175, 204, 238, 277, 324, 378, 441, 514, 600,
    ]);
    expect(waits.slice(36, 41)).toEqual([15_000, 15_000, 15_000, 15_000, 15_000]);
    expect(scheduler.pending).toBe(true);
  });

  it('stops retrying once a try succeeds, and starts from the first window after a reset', async () => {
    let ok = false;
    const attempt = vi.fn(() => (ok ? Promise.resolve() : Promise.reject(new Error('no'))));
    const { scheduler, scheduled } = setup(attempt);
    scheduler.schedule();
    await vi.runOnlyPendingTimersAsync();
    await vi.runOnlyPendingTimersAsync();
    ok = true;
    await vi.runOnlyPendingTimersAsync();
    expect(attempt).toHaveBeenCalledTimes(3);
    expect(scheduler.pending).toBe(false);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(attempt).toHaveBeenCalledTimes(3);
    expect(scheduler.failures).toBe(2);
    scheduler.reset();
    await vi.advanceTimersByTimeAsync(60_000);
    scheduler.schedule();
    expect(scheduled.at(-1)).toEqual([1, Date.now() + 150]);
  });

  it('plans one try at a time', async () => {
    const attempt = vi.fn(() => new Promise<void>(() => {}));
    const { scheduler, scheduled } = setup(attempt);
    scheduler.schedule();
    scheduler.schedule();
    expect(scheduled).toHaveLength(1);
    await vi.runOnlyPendingTimersAsync();
    expect(scheduler.running).toBe(true);
    scheduler.schedule();
    expect(scheduler.pending).toBe(false);
    expect(attempt).toHaveBeenCalledTimes(1);
  });

  it('now() skips the wait and resets the backoff (online, OS resume)', async () => {
    const attempt = vi.fn(() => Promise.reject(new Error('no')));
    const { scheduler, scheduled } = setup(attempt);
    scheduler.schedule();
    for (let i = 0; i < 5; i += 1) await vi.runOnlyPendingTimersAsync();
    expect(scheduler.failures).toBe(5);
    scheduler.now();
    expect(attempt).toHaveBeenCalledTimes(6);
    await vi.advanceTimersByTimeAsync(0);
    // failed again: the next wait starts from the first window again
    expect(scheduled.at(-1)![0]).toBe(2);
    expect(scheduled.at(-1)![1] - Date.now()).toBe(150);
  });

  it('a synchronous throw counts as a failed try', async () => {
    const attempt = vi.fn((): Promise<void> => {
      throw new Error('boom');
    });
    const { scheduler, failed } = setup(attempt);
    scheduler.schedule();
    await vi.runOnlyPendingTimersAsync();
    expect(failed).toEqual([1]);
    expect(scheduler.pending).toBe(true);
  });

  it('cancel() stops everything, including a try already running', async () => {
    let rejectTry: (error: Error) => void = () => {};
    const attempt = vi.fn(() => new Promise<void>((_, reject) => (rejectTry = reject)));
    const { scheduler } = setup(attempt);
    scheduler.schedule();
    await vi.runOnlyPendingTimersAsync();
    scheduler.cancel();
    rejectTry(new Error('late'));
    await vi.advanceTimersByTimeAsync(120_000);
    expect(attempt).toHaveBeenCalledTimes(1);
    expect(scheduler.pending).toBe(false);
  });
});

describe('createKeepAlive', () => {
  const setup = (ping: () => Promise<number>) => {
    const dead: string[] = [];
    const keepAlive = createKeepAlive({
      intervalMs: 30_000,
      timeoutMs: 10_000,
      ping,
      onDead: (reason) => dead.push(reason),
    });
    return { keepAlive, dead };
  };

  it('pings every interval and is content with any answer but 408/503', async () => {
    const ping = vi.fn(() => Promise.resolve(404));
    const { keepAlive, dead } = setup(ping);
    keepAlive.start();
    await vi.advanceTimersByTimeAsync(30_000 * 3);
    expect(ping).toHaveBeenCalledTimes(3);
    expect(dead).toEqual([]);
  });

  it('declares the connection dead on 408, 503 or a failed send', async () => {
    for (const [answer, reason] of [
      [() => Promise.resolve(408), 'keep-alive 408'],
      [() => Promise.resolve(503), 'keep-alive 503'],
      [() => Promise.reject(new Error('not connected')), 'keep-alive send failed'],
    ] as const) {
      const { keepAlive, dead } = setup(answer);
      keepAlive.start();
      await vi.advanceTimersByTimeAsync(30_000);
      expect(dead).toEqual([reason]);
      keepAlive.stop();
    }
  });

  it('declares a half-open connection dead when no answer comes in time', async () => {
    const ping = vi.fn(() => new Promise<number>(() => {}));
    const { keepAlive, dead } = setup(ping);
    keepAlive.start();
    await vi.advanceTimersByTimeAsync(30_000 + 9_999);
    expect(dead).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(dead).toEqual(['keep-alive timeout']);
    // one ping in flight at a time
    expect(ping).toHaveBeenCalledTimes(1);
  });

  it('probes at once on request, and says nothing after stop()', async () => {
    let answer: (status: number) => void = () => {};
    const ping = vi.fn(() => new Promise<number>((resolve) => (answer = resolve)));
    const { keepAlive, dead } = setup(ping);
    keepAlive.probe();
    expect(ping).not.toHaveBeenCalled(); // not started
    keepAlive.start();
    keepAlive.probe();
    expect(ping).toHaveBeenCalledTimes(1);
    keepAlive.stop();
    answer(503);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(dead).toEqual([]);
  });
});
