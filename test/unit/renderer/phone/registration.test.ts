// Registration through the engine (registration.ts, registrar.ts): status shown and reported,
// reconnection that never gives up, stuck Registerers replaced, the OPTIONS keep-alive, nudges.
import { describe, expect, it, vi } from 'vitest';
import * as sip from './fake-sip.js';
import { flush, registered, setup, T0, useFakeClock } from './phone-harness.js';

vi.mock('sip.js', async () => await import('./fake-sip.js'));

useFakeClock();

describe('start and registration', () => {
  it('shows connecting, then registered, and reports both', async () => {
    const h = setup();
    await h.phone.start(h.cfg);
    expect(h.state().registration).toEqual({ kind: 'connecting', attempt: 1 });
    await flush();
    expect(h.state().transport).toBe('connected');
    expect(h.registerer().requests).toBe(1);
    h.registerer().accept();
    expect(h.state().registration).toEqual({ kind: 'registered', since: T0 });
    expect(h.ofType('registration').map((e) => e.status)).toEqual(['connecting', 'registered']);
  });

  it('stays idle without an account', async () => {
    const h = setup({ account: null });
    await h.phone.start(h.cfg);
    expect(h.state().registration).toEqual({ kind: 'idle' });
    expect(sip.UserAgent.instances).toHaveLength(0);
  });

  it('retries a first connection that fails', async () => {
    const h = setup();
    sip.UserAgent.firstConnect = 'fail';
    await h.phone.start(h.cfg);
    await flush();
    expect(h.state().transport).toBe('disconnected');
    expect(h.state().registration).toEqual({
      kind: 'connecting',
      attempt: 1,
      nextRetryAt: T0 + 150,
    });
    h.ua().nextConnect = 'ok';
    await vi.advanceTimersByTimeAsync(150);
    expect(h.state().transport).toBe('connected');
  });

  it('a refused REGISTER is shown as failed with the reason, and retried', async () => {
    const h = setup();
    await h.phone.start(h.cfg);
    await flush();
    h.registerer().reject(403, 'Forbidden');
    await flush();
    expect(h.state().registration).toEqual({
      kind: 'failed',
      reason: '403 Forbidden',
      nextRetryAt: T0 + 150,
    });
    expect(h.ofType('registration').at(-1)).toEqual({
      type: 'registration',
      status: 'failed',
      reason: '403 Forbidden',
    });
    await vi.advanceTimersByTimeAsync(150);
    expect(h.registerer().requests).toBe(2);
    h.registerer().accept();
    expect(h.state().registration.kind).toBe('registered');
  });
});

describe('reconnection that never gives up', () => {
  it('retries soon, then spaced out with the outage, rescheduling failed reconnects itself', async () => {
    const h = await registered();
    const ua = h.ua();
    ua.nextConnect = 'fail';
    ua.drop(new Error('WebSocket closed'));
    expect(h.state().transport).toBe('disconnected');
    expect(h.state().registration).toEqual({
      kind: 'connecting',
      attempt: 1,
      nextRetryAt: T0 + 150,
    });
    const waits: number[] = [];
    for (let i = 0; i < 40; i += 1) {
      const status = h.state().registration;
      if (status.kind !== 'connecting' || status.nextRetryAt === undefined)
        throw new Error('not waiting');
      waits.push(status.nextRetryAt - Date.now());
      await vi.advanceTimersByTimeAsync(status.nextRetryAt - Date.now());
    }
    // random 0.5: half of min(30 s, max(300 ms, a third of the outage so far))
    expect(waits.slice(0, 12)).toEqual([
      150, 150, 150, 150, 150, 150, 150, 175, 204, 238, 277, 324,
    ]);
    expect(waits.slice(36)).toEqual([15000, 15000, 15000, 15000]);
    expect(ua.connectCalls).toBe(1 + 40);
    // The proxy comes back: the next try connects and re-registers on the same (stale) Registerer.
    ua.nextConnect = 'ok';
    await vi.advanceTimersByTimeAsync(15_000);
    expect(h.state().transport).toBe('connected');
    expect(h.registerer().requests).toBe(2);
    h.registerer().accept(); // already "Registered" in sip.js's eyes: no stateChange
    expect(h.state().registration).toEqual({ kind: 'registered', since: Date.now() });
    // backoff reset: the next loss starts from the first window
    ua.drop(new Error('again'));
    expect(h.state().registration).toMatchObject({ attempt: 1, nextRetryAt: Date.now() + 150 });
  });

  it('replaces a Registerer stuck on a REGISTER lost with the old connection (pitfall 6)', async () => {
    const h = setup();
    await h.phone.start(h.cfg);
    await flush();
    const stuck = h.registerer();
    expect(stuck.waiting).toBe(true);
    h.ua().drop(new Error('lost'));
    await vi.advanceTimersByTimeAsync(150);
    expect(sip.Registerer.instances).toHaveLength(2);
    expect(stuck.disposed).toBe(true);
    h.registerer().accept();
    expect(h.state().registration.kind).toBe('registered');
  });

  it('replaces a Registerer whose own refresh is pending (register() → RequestPendingError)', async () => {
    const h = await registered();
    const first = h.registerer();
    first.refresh();
    h.ua().drop();
    await vi.advanceTimersByTimeAsync(150);
    expect(sip.Registerer.instances).toHaveLength(2);
    expect(first.disposed).toBe(true);
    h.registerer().accept();
    expect(h.state().registration.kind).toBe('registered');
  });

  it('OPTIONS keep-alive: a proxy that stops answering is a dead connection', async () => {
    const h = await registered();
    const ua = h.ua();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(ua.optionsRequests.map((r) => [r.method, r.ruri.toString()])).toEqual([
      ['OPTIONS', 'sip:127.0.0.1'],
    ]);
    ua.answerOptions(200);
    await vi.advanceTimersByTimeAsync(30_000 + 9_999);
    expect(ua.disconnects).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(ua.disconnects).toBe(1);
    expect(h.state().registration).toMatchObject({ kind: 'connecting' });
    await vi.advanceTimersByTimeAsync(150);
    expect(h.state().transport).toBe('connected');
  });

  it('OPTIONS answered 408/503 means reconnect', async () => {
    const h = await registered();
    await vi.advanceTimersByTimeAsync(30_000);
    h.ua().answerOptions(503);
    await flush();
    expect(h.ua().disconnects).toBe(1);
  });

  it('`online` and nudge() skip the backoff', async () => {
    const h = await registered();
    const ua = h.ua();
    ua.nextConnect = 'fail';
    ua.drop();
    for (let i = 0; i < 8; i += 1) await vi.runOnlyPendingTimersAsync();
    const calls = ua.connectCalls;
    ua.nextConnect = 'ok';
    h.online.dispatchEvent(new Event('online'));
    await flush();
    expect(ua.connectCalls).toBe(calls + 1);
    expect(h.state().transport).toBe('connected');
    h.registerer().accept();
    // Connected: resume probes the connection and re-registers at once.
    h.phone.nudge('resume');
    await flush();
    expect(ua.optionsRequests).toHaveLength(1);
    expect(h.registerer().requests).toBe(3);
  });
});
