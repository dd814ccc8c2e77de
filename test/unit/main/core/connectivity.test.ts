// Connectivity (records service, SIP, OS) and the outage procedure's call-back (Art. 12), first
// with fakes for the rules, then against the real records service stopped and started again on
// the same port and data (PGlite on disk).
import { createServer } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Connectivity } from '../../../../common/connectivity.js';
import type { Channel, RequestOf, ResponseOf } from '../../../../common/contract.js';
import { AppError, type Result } from '../../../../common/result.js';
import { createAppCore, type AppCore } from '../../../../main/core/app-core.js';
import { openCallHistory } from '../../../../main/core/call-history.js';
import {
  createConnectivityMonitor,
  deriveState,
  observeRecords,
} from '../../../../main/core/connectivity.js';
import { openJournal } from '../../../../main/core/journal/index.js';
import { createRecordsClient, type RecordsClient } from '../../../../main/core/records-client.js';
import { RecordsHttpError } from '../../../../main/core/records-http.js';
import { openSettings, type KeyValueStore } from '../../../../main/core/settings.js';
import type { SyncEvent, SyncState } from '../../../../main/core/journal/sync.js';
import { startRecordsService, type RecordsService } from '../../../../server/start.js';
import { TEST_COST, TEST_PEPPER } from '../../server/helpers.js';
import { recordingLogger, useTempDirs } from '../../../support/fakes.js';
import { journalDiskText } from '../../../support/journal.js';

const tempDir = useTempDirs();

describe('deriveState', () => {
  it.each([
    [{ records: 'up', sip: 'up' }, 'online'],
    [{ records: 'unknown', sip: 'unknown' }, 'online'],
    [{ records: 'down', sip: 'up' }, 'degraded'],
    [{ records: 'up', sip: 'down' }, 'degraded'],
    [{ records: 'down', sip: 'down' }, 'offline'],
  ] as const)('%o → %s', (links, state) => {
    expect(deriveState(links)).toBe(state);
  });
});

/** A sync engine stand-in: a backlog, subscribers, and a count of kicks. */
function fakeSync() {
  const listeners = new Set<(e: SyncEvent) => void>();
  const state: SyncState = {
    status: 'idle',
    backlog: 0,
    deadLettered: 0,
    failures: 0,
    batchLimit: 100,
    nextAttemptAt: null,
    lastError: null,
    lastSyncedAt: null,
  };
  return {
    state: () => ({ ...state }),
    subscribe(listener: (e: SyncEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    kicks: 0,
    kick() {
      this.kicks += 1;
    },
    emit(event: SyncEvent) {
      if (event.type === 'state') Object.assign(state, event.state);
      for (const l of listeners) l(event);
    },
  };
}

describe('connectivity monitor', () => {
  afterEach(() => vi.useRealTimers());

  it('follows the records probe on its rhythm, and kicks the sync when the service is back', async () => {
    vi.useFakeTimers();
    let healthy = true;
    const probes: number[] = [];
    const sync = fakeSync();
    const monitor = createConnectivityMonitor({
      probe: async () => {
        probes.push(Date.now());
        if (!healthy) throw new AppError('unavailable', 'records service unreachable');
      },
      sync,
      timing: { upIntervalMs: 10_000, downIntervalMs: 2_000 },
    });
    const seen: Connectivity[] = [];
    monitor.subscribe((c) => seen.push(c));
    monitor.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(monitor.state()).toMatchObject({
      state: 'online',
      records: 'up',
      sip: 'unknown',
      os: 'online',
    });

    healthy = false;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(monitor.state()).toMatchObject({ state: 'degraded', records: 'down' });
    const downSince = monitor.state().since;
    // While down it probes every 2 s, and the state's `since` stays put.
    const before = probes.length;
    await vi.advanceTimersByTimeAsync(6_000);
    expect(probes.length - before).toBe(3);
    expect(monitor.state().since).toBe(downSince);
    expect(sync.kicks).toBe(0);

    healthy = true;
    await vi.advanceTimersByTimeAsync(2_000);
    expect(monitor.state()).toMatchObject({ state: 'online', records: 'up' });
    expect(sync.kicks).toBe(1);
    expect(seen.map((c) => c.records)).toEqual(['up', 'down', 'up']);
    monitor.stop();
    const stopped = probes.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(probes.length).toBe(stopped);
  });

  it('SIP: registered is up; a re-registration after a drop or a failure is down; unknown when signed out', () => {
    const monitor = createConnectivityMonitor({ probe: async () => {}, sync: fakeSync() });
    monitor.reportRecords(true);
    monitor.reportSip('connecting');
    expect(monitor.state()).toMatchObject({ sip: 'unknown', state: 'online' });
    monitor.reportSip('registered');
    expect(monitor.state()).toMatchObject({ sip: 'up', state: 'online' });
    monitor.reportSip('connecting');
    expect(monitor.state()).toMatchObject({ sip: 'down', state: 'degraded' });
    monitor.reportRecords(false);
    expect(monitor.state()).toMatchObject({ state: 'offline' });
    monitor.reportSip(null);
    expect(monitor.state()).toMatchObject({ sip: 'unknown', state: 'degraded' });
  });

  it('the OS going offline is a reason to look, not a verdict: the records service decides', async () => {
    let probes = 0;
    let answers = true;
    const sync = fakeSync();
    const monitor = createConnectivityMonitor({
      probe: async () => {
        probes += 1;
        if (!answers) throw new Error('connect ECONNREFUSED');
      },
      sync,
    });
    monitor.start();
    await Promise.resolve();
    await Promise.resolve();
    const first = probes;
    monitor.reportOs(false);
    expect(probes).toBe(first + 1);
    await Promise.resolve();
    await Promise.resolve();
    // It answered: the OS's guess is shown, the desk stays online.
    expect(monitor.state()).toMatchObject({ os: 'offline', records: 'up', state: 'online' });
    monitor.reportOs(false);
    expect(probes).toBe(first + 1);

    monitor.reportOs(true);
    expect(probes).toBe(first + 2);
    expect(sync.kicks).toBe(1);
    await Promise.resolve();
    await Promise.resolve();

    answers = false;
    monitor.reportOs(false);
    expect(probes).toBe(first + 3);
    await Promise.resolve();
    await Promise.resolve();
    expect(monitor.state()).toMatchObject({ os: 'offline', records: 'down', state: 'degraded' });
    monitor.stop();
  });

  it('shows the sync backlog and what the sync learns about the link (no answer = down; an answer = up)', () => {
    const sync = fakeSync();
    const monitor = createConnectivityMonitor({ probe: () => new Promise(() => {}), sync });
    monitor.start();
    const seen: Connectivity[] = [];
    monitor.subscribe((c) => seen.push(c));
    sync.emit({ type: 'state', state: { ...sync.state(), backlog: 7, deadLettered: 1 } });
    expect(monitor.state()).toMatchObject({ backlog: 7, deadLettered: 1 });
    sync.emit({
      type: 'retry',
      code: 'unavailable',
      status: null,
      message: 'no answer',
      delayMs: 1000,
      batchLimit: 100,
    });
    expect(monitor.state().records).toBe('down');
    sync.emit({
      type: 'batch',
      size: 7,
      firstSeq: 1,
      lastSeq: 7,
      applied: 7,
      duplicate: 0,
      rejected: 0,
    });
    expect(monitor.state().records).toBe('up');
    expect(monitor.state().lastSyncedAt).not.toBeNull();
    // Nobody signed in is not an outage.
    sync.emit({
      type: 'retry',
      code: 'unauthorized',
      status: null,
      message: 'no token',
      delayMs: 1000,
      batchLimit: 100,
    });
    expect(monitor.state().records).toBe('up');
    expect(seen.map((c) => c.backlog)[0]).toBe(7);
    monitor.stop();
  });

  it('observeRecords: an unanswered call marks the link down at once; any answer, even a refusal, marks it up', async () => {
    const reports: boolean[] = [];
    const client = {
      baseUrl: 'http://r',
      health: async () => ({ status: 'ok' }),
      me: async () => {
        throw new AppError('unauthorized', 'expired');
      },
      signOut: async () => {
        throw new AppError('unavailable', 'records service unreachable: ECONNREFUSED');
      },
      // A group of calls (the lead's alerts) is observed like the rest.
      alerts: {
        list: async () => {
          throw new AppError('unavailable', 'records service unreachable: ECONNREFUSED');
        },
      },
    } as unknown as RecordsClient;
    const observed = observeRecords(client, (ok) => reports.push(ok));
    expect(observed.baseUrl).toBe('http://r');
    await observed.health();
    await expect(observed.me('t')).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(observed.signOut('t')).rejects.toMatchObject({ code: 'unavailable' });
    await expect(observed.alerts.list('t')).rejects.toMatchObject({
      code: 'unavailable',
    });
    expect(reports).toEqual([true, true, false, false]);
  });

  it('observeRecords: a passcode refused for want of an SMS gateway (503) keeps the link up; a failed /health does not', async () => {
    const reports: boolean[] = [];
    const client = {
      baseUrl: 'http://r',
      health: async () => {
        throw new RecordsHttpError('unavailable', 'the records database is unreachable', 503, true);
      },
      sendOtp: async () => {
        throw new RecordsHttpError('unavailable', 'no SMS gateway is configured', 503, true);
      },
      verifyOtp: async () => {
        throw new RecordsHttpError('unavailable', 'records service answered 503', 503, false);
      },
    } as Partial<RecordsClient> as RecordsClient;
    const observed = observeRecords(client, (ok) => reports.push(ok));
    await expect(observed.sendOtp('t', 's')).rejects.toMatchObject({ code: 'unavailable' });
    await expect(observed.verifyOtp('t', 's', '1')).rejects.toMatchObject({ code: 'unavailable' });
    await expect(observed.health()).rejects.toMatchObject({ code: 'unavailable' });
    expect(reports).toEqual([true, false, false]);
  });
});

// ---- against the real records service
// ------------------------------------------------------------

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('outage procedure against the real records service (stopped, then started again)', () => {
  let service: RecordsService | null = null;
  let core: AppCore | null = null;
  afterEach(async () => {
    await core?.shutdown();
    await service?.close();
    core = null;
    service = null;
  });

  it('a call-back recorded during the outage reaches the team queue once the service is back; nothing is lost or doubled', async () => {
    const port = await freePort();
    const serviceDir = tempDir();
    const start = () =>
      startRecordsService({
        port,
        host: '127.0.0.1',
        dataDir: serviceDir,
        demoSeed: true,
        pepper: TEST_PEPPER,
        passwordCost: TEST_COST,
        logger: false,
      });
    service = await start();
    const dir = tempDir();
    const logger = recordingLogger();
    const memory: Record<string, unknown> = {};
    const store: KeyValueStore = { store: memory, set: (key, value) => void (memory[key] = value) };
    const journal = await openJournal(dir);
    core = createAppCore({
      host: 'web',
      version: '0.0.0-test',
      records: createRecordsClient({ baseUrl: service.url, timeoutMs: 2_000 }),
      embeddedRecords: false,
      settings: openSettings({
        filePath: path.join(dir, 'settings.json'),
        createStore: () => store,
        policy: {},
        logger,
      }),
      journal,
      logger,
      callHistory: await openCallHistory({
        dataDir: dir,
        logger,
        key: Buffer.alloc(32, 7).toString('base64'),
      }),
      connectivityTiming: { upIntervalMs: 200, downIntervalMs: 100 },
      sync: { backoffBaseMs: 50, backoffCapMs: 300, appendDelayMs: 10 },
    });
    const call = <C extends Channel>(channel: C, request: RequestOf<C>) =>
      core!.dispatcher.dispatch(channel, request, { host: 'web', sender: 'test' }) as Promise<
        Result<ResponseOf<C>>
      >;
    const pushed: Connectivity[] = [];
    core.events.subscribe((event, payload) => {
      if (event === 'connectivity:changed') pushed.push(payload as Connectivity);
    });

    // Nobody signed in: a call-back cannot be recorded (who asked?), and nothing is journaled.
    expect(
      await call('outage:callback', {
        callId: 'call-1',
        callerNumber: '13900000001',
        window: 'asap',
      }),
    ).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(
      await call('auth:sign-in', { username: 'agent01', password: 'demo-pass-1' }),
    ).toMatchObject({ ok: true });
    await vi.waitFor(
      () => expect(core!.connectivity.state()).toMatchObject({ records: 'up', backlog: 0 }),
      { timeout: 10_000 },
    );

    // The service goes away mid-call.
    await service.close();
    service = null;
    await vi.waitFor(
      () =>
        expect(core!.connectivity.state()).toMatchObject({ records: 'down', state: 'degraded' }),
      { timeout: 10_000 },
    );
    expect(pushed.some((c) => c.records === 'down')).toBe(true);

    // Bad input changes nothing.
    const lastSeq = journal.lastSeq();
    expect(
      await call('outage:callback', {
        callId: 'call-1',
        callerNumber: 'not a number',
        window: 'asap',
      } as never),
    ).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(
      await call('outage:callback', {
        callId: 'call-1',
        callerNumber: '13900000001',
        window: 'yesterday',
      } as never),
    ).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(journal.lastSeq()).toBe(lastSeq);

    const recorded = await call('outage:callback', {
      callId: 'call-1',
      callerNumber: '+86 139-0000-0001',
      businessType: 'fund-transfer',
      window: 'today',
      notes: '客户希望下午回电',
    });
    expect(recorded).toMatchObject({
      ok: true,
      value: { customerRef: '139****0001', seq: lastSeq + 1 },
    });
    const second = await call('outage:callback', {
      callId: 'call-2',
      callerNumber: '13900000002',
      window: 'asap',
    });
    expect(second.ok).toBe(true);
    expect(core.connectivity.state().backlog).toBeGreaterThanOrEqual(2);
    // On disk: encrypted, no number and no notes in clear.
    const disk = journalDiskText(dir);
    expect(disk).not.toContain('139****0001');
    expect(disk).not.toContain('客户希望下午回电');
    expect(disk).not.toContain('13900000001');

    // Back on the same port and data: the backlog drains by itself and the team sees both
    // call-backs.
    service = await start();
    await vi.waitFor(
      () =>
        expect(core!.connectivity.state()).toMatchObject({
          records: 'up',
          backlog: 0,
          state: 'online',
        }),
      { timeout: 15_000 },
    );
    const lead = await createRecordsClient({ baseUrl: service.url }).signIn(
      'lead01',
      'demo-pass-1',
    );
    const response = await fetch(`${service.url}/api/v1/callbacks`, {
      headers: { authorization: `Bearer ${lead.token}` },
    });
    const { callbacks } = (await response.json()) as {
      callbacks: {
        customerRef: string;
        reason: string;
        notes: string | null;
        requestedBy: string | null;
        callId: string | null;
      }[];
    };
    expect(callbacks.map((c) => [c.callId, c.customerRef])).toEqual([
      ['call-1', '139****0001'],
      ['call-2', '139****0002'],
    ]);
    expect(callbacks[0]).toMatchObject({ notes: '客户希望下午回电', requestedBy: 'agent01' });
    expect(callbacks[0]!.reason).toContain('fund-transfer');
    // Synced again (a replay) changes nothing: still two.
    core.sync.kick();
    await core.sync.drained();
    const again = (await (
      await fetch(`${service.url}/api/v1/callbacks`, {
        headers: { authorization: `Bearer ${lead.token}` },
      })
    ).json()) as { callbacks: unknown[] };
    expect(again.callbacks).toHaveLength(2);

    // A lead's desk works the queue: what the customer wanted and when, read back from the reason.
    const leadDir = tempDir();
    const leadMemory: Record<string, unknown> = {};
    const leadCore = createAppCore({
      host: 'web',
      version: '0.0.0-test',
      records: createRecordsClient({ baseUrl: service.url }),
      embeddedRecords: false,
      settings: openSettings({
        filePath: path.join(leadDir, 'settings.json'),
        createStore: () => ({ store: leadMemory, set: (k, v) => void (leadMemory[k] = v) }),
        policy: {},
        logger,
      }),
      journal: await openJournal(leadDir),
      logger,
      callHistory: await openCallHistory({
        dataDir: leadDir,
        logger,
        key: Buffer.alloc(32, 7).toString('base64'),
      }),
    });
    try {
      const leadCall = <C extends Channel>(channel: C, request: RequestOf<C>) =>
        leadCore.dispatcher.dispatch(channel, request, { host: 'web', sender: 'test' }) as Promise<
          Result<ResponseOf<C>>
        >;
      const changed: unknown[] = [];
      leadCore.events.subscribe(
        (event, payload) => event === 'callbacks:changed' && changed.push(payload),
      );
      // The agent may not: refused by the records service (and recorded there as over-permission).
      expect(await call('callbacks:list', {})).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
      expect(
        await leadCall('auth:sign-in', { username: 'lead01', password: 'demo-pass-1' }),
      ).toMatchObject({ ok: true });
      const listed = await leadCall('callbacks:list', {});
      expect(listed).toMatchObject({ ok: true });
      const items = listed.ok ? listed.value.callbacks : [];
      expect(items.map((c) => [c.callId, c.customerRef, c.businessType, c.window])).toEqual([
        ['call-1', '139****0001', 'fund-transfer', 'today'],
        ['call-2', '139****0002', null, 'asap'],
      ]);
      await vi.waitFor(() => expect(changed).toContainEqual({ open: 2 }));
      const closed = await leadCall('callbacks:close', {
        id: items[0]!.id,
        outcome: 'done',
        note: '已回电',
      });
      expect(closed).toMatchObject({ ok: true, value: { status: 'done', closedBy: 'lead01' } });
      expect(
        await leadCall('callbacks:close', { id: items[0]!.id, outcome: 'cancelled' }),
      ).toMatchObject({ ok: false, error: { code: 'conflict' } });
      expect(
        await leadCall('callbacks:close', { id: 'x', outcome: 'done' } as never),
      ).toMatchObject({ ok: false, error: { code: 'bad-request' } });
      await vi.waitFor(() => expect(changed.at(-1)).toEqual({ open: 1 }));
      expect(journalDiskText(leadDir)).not.toContain('已回电');
    } finally {
      await leadCore.shutdown();
    }
  }, 90_000);
});
