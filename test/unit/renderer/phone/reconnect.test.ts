// The retry scheduler and the OPTIONS keep-alive, on fake timers: retries never stop, a failed try
// reschedules itself (sip.js stays silent when reconnect() fails), and a half-open connection is
// noticed by the keep-alive.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createKeepAlive, createRetryScheduler } from '../../../../renderer/phone/reconnect.js';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(1_000_000);
});
afterEach(() => {
  vi.useRealTimers();
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

  it('retries forever with growing, capped, jittered delays while tries fail', async () => {
    const attempt = vi.fn(() => Promise.reject(new Error('refused')));
    const { scheduler, scheduled, failed } = setup(attempt);
    scheduler.schedule();
    for (let i = 0; i < 12; i += 1) await vi.runOnlyPendingTimersAsync();
    expect(attempt).toHaveBeenCalledTimes(12);
    expect(failed).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    // random 0.5: half of min(30 s, 1 s * 2^n)
    const delays = scheduled.map(([, at], i) => at - (i === 0 ? 1_000_000 : 0));
    expect(delays[0]).toBe(500);
    expect(scheduled.slice(0, 7).map(([n]) => n)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const gaps = scheduled.slice(1).map(([, at], i) => at - scheduled[i]![1]);
    expect(gaps.slice(0, 6)).toEqual([1000, 2000, 4000, 8000, 15000, 15000]);
    expect(scheduler.pending).toBe(true);
  });

  it('stops retrying once a try succeeds, and starts from 1 s after a reset', async () => {
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
    scheduler.schedule();
    expect(scheduled.at(-1)).toEqual([1, Date.now() + 500]);
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
    expect(scheduled.at(-1)![1] - Date.now()).toBe(1000);
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
