// The desk on the live floor, through the app core's dispatcher exactly as both hosts call it,
// against the REAL records service in-process (PGlite, demo seed) over the real records client and
// push stream: presence at every change and as a heartbeat (a hand-moved clock), queue events,
// signed-out at sign-out, a lead's not-ready order followed and journaled, and the watches
// fetching on pushes and reconnects only — no timer-driven fetch.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, EventName, RequestOf, ResponseOf } from '../../../../common/contract.js';
import type { PhoneEvent } from '../../../../common/phone.js';
import type { Result } from '../../../../common/result.js';
import { createAppCore, type AppCore } from '../../../../main/core/app-core.js';
import { openCallHistory } from '../../../../main/core/call-history.js';
import { openJournal } from '../../../../main/core/journal/index.js';
import { createRecordsClient } from '../../../../main/core/records-client.js';
import { openSettings, type KeyValueStore } from '../../../../main/core/settings.js';
import { startRecordsService, type RecordsService } from '../../../../server/start.js';
import { TEST_COST, TEST_PEPPER } from '../../server/helpers.js';
import { journalEntries } from '../../../support/journal.js';
import { recordingLogger } from '../../../support/fakes.js';
import { manualTimers } from '../../../support/manual-timers.js';

const ctx = { host: 'web' as const, sender: 'test' };
const made: string[] = [];
let service: RecordsService;
const cores: AppCore[] = [];

beforeAll(async () => {
  service = await startRecordsService({
    port: 0,
    demoSeed: true,
    pepper: TEST_PEPPER,
    passwordCost: TEST_COST,
    logger: false,
  });
});
afterAll(async () => {
  for (const core of cores) await core.shutdown();
  await service?.close();
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** Every request the desk makes, and a switch that cuts its push stream as a network would. */
function watchedFetch() {
  const requests: string[] = [];
  const streams: AbortController[] = [];
  const wrapped = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    requests.push(`${init?.method ?? 'GET'} ${url.pathname}`);
    if (url.pathname !== '/api/v1/events') return fetch(input, init);
    const cut = new AbortController();
    streams.push(cut);
    const signal = AbortSignal.any([cut.signal, ...(init?.signal ? [init.signal] : [])]);
    return fetch(input, { ...init, signal });
  }) as typeof fetch;
  const count = (line: string) => requests.filter((r) => r === line).length;
  return { fetch: wrapped, requests, count, cutStream: () => streams.at(-1)!.abort() };
}

async function openDesk(username: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'agent-desk-floor-'));
  made.push(dir);
  const logger = recordingLogger();
  const memory: Record<string, unknown> = {};
  const store: KeyValueStore = { store: memory, set: (key, value) => void (memory[key] = value) };
  const settings = openSettings({
    filePath: path.join(dir, 'settings.json'),
    createStore: () => store,
    policy: {},
    logger,
  });
  const net = watchedFetch();
  const clock = manualTimers();
  const core = createAppCore({
    host: 'web',
    version: '0.0.0-test',
    records: createRecordsClient({ baseUrl: service.url, fetch: net.fetch }),
    embeddedRecords: true,
    settings,
    journal: await openJournal(dir),
    logger,
    callHistory: await openCallHistory({
      dataDir: dir,
      logger,
      key: Buffer.alloc(32, 7).toString('base64'),
    }),
    fetch: net.fetch,
    recordsEvents: { backoff: { baseMs: 20, capMs: 50 } },
    presence: { timers: clock.timers },
  });
  cores.push(core);
  const seen: { event: EventName; payload: unknown }[] = [];
  core.events.subscribe((event, payload) => seen.push({ event, payload }));
  const call = <C extends Channel>(channel: C, request: RequestOf<C>) =>
    core.dispatcher.dispatch(channel, request, ctx) as Promise<Result<ResponseOf<C>>>;
  const ok = async <C extends Channel>(channel: C, request: RequestOf<C>) => {
    const result = await call(channel, request);
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
    return result.value;
  };
  await ok('auth:sign-in', { username, password: 'demo-pass-1' });
  const phone = (event: PhoneEvent) => ok('phone:event', event);
  const resyncs = () =>
    seen.filter(
      (e) => e.event === 'records:event' && (e.payload as { kind: string }).kind === 'resync',
    ).length;
  await expect.poll(resyncs, { timeout: 5000, interval: 20 }).toBe(1);
  return { core, dir, net, clock, seen, ok, phone, resyncs, journal: () => journalEntries(dir) };
}

/** The lead's own view, straight from the records service (the console's routes). */
let leadToken = '';
async function asLead(method: string, route: string, body?: unknown) {
  if (!leadToken) {
    const client = createRecordsClient({ baseUrl: service.url });
    leadToken = (await client.signIn('lead01', 'demo-pass-1')).token;
  }
  const response = await fetch(`${service.url}${route}`, {
    method,
    headers: {
      authorization: `Bearer ${leadToken}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
const onFloor = async () =>
  (await asLead('GET', '/api/v1/floor/agents/agent01')).body as {
    state: string;
    reason: string | null;
    lastSeenAt: string;
    call: Record<string, unknown> | null;
    backlog: number | null;
    connectivity: string | null;
  };

type Desk = Awaited<ReturnType<typeof openDesk>>;
let agent: Desk;

describe('the desk on the live floor', () => {
  it('reports its state at sign-in, at every change at once and as a heartbeat every 10 s', async () => {
    agent = await openDesk('agent01');
    await expect.poll(async () => (await onFloor()).state, { interval: 50 }).toBe('ready');
    const first = await onFloor();
    expect(first.connectivity).toMatch(/online|degraded|offline/);
    expect(typeof first.backlog).toBe('number');

    await agent.phone({ type: 'agent-state', state: 'not-ready', reason: 'meeting' });
    await expect.poll(async () => (await onFloor()).reason, { interval: 50 }).toBe('meeting');
    const seenAt = (await onFloor()).lastSeenAt;
    const puts = agent.net.count('PUT /api/v1/desks/me/state');
    // Nothing changes: the next report is the heartbeat, 10 s on the desk's clock.
    await agent.clock.advance(9_900);
    expect(agent.net.count('PUT /api/v1/desks/me/state')).toBe(puts);
    await agent.clock.advance(100);
    await expect
      .poll(() => agent.net.count('PUT /api/v1/desks/me/state'), { interval: 20 })
      .toBe(puts + 1);
    await expect
      .poll(async () => (await onFloor()).lastSeenAt > seenAt, { interval: 50 })
      .toBe(true);
    expect((await onFloor()).state).toBe('not-ready');
    await agent.phone({ type: 'agent-state', state: 'ready', reason: null });
  });

  it('ringing and on a call with the caller masked; queue events: answered, and abandoned', async () => {
    const answered = randomUUID();
    await agent.phone({
      type: 'call-started',
      callId: answered,
      direction: 'inbound',
      number: '13900000001',
      name: null,
      callerIdSource: 'pai',
    });
    await expect.poll(async () => (await onFloor()).state, { interval: 50 }).toBe('ringing');
    expect((await onFloor()).call).toMatchObject({ callId: answered, caller: '139****0001' });
    await agent.phone({ type: 'call-answered', callId: answered });
    await expect.poll(async () => (await onFloor()).state, { interval: 50 }).toBe('on-call');
    const record = {
      id: answered,
      direction: 'inbound' as const,
      number: '13900000001',
      name: null,
      startedAt: new Date().toISOString(),
      durationSeconds: 3,
      outcome: 'answered' as const,
      quality: null,
    };
    await agent.phone({ type: 'call-ended', record });
    await expect.poll(async () => (await onFloor()).state, { interval: 50 }).toBe('ready');

    const abandoned = randomUUID();
    await agent.phone({
      type: 'call-started',
      callId: abandoned,
      direction: 'inbound',
      number: '13900000002',
      name: null,
      callerIdSource: 'pai',
    });
    await agent.phone({
      type: 'call-ended',
      record: { ...record, id: abandoned, outcome: 'missed', durationSeconds: 0 },
    });
    await expect
      .poll(async () => (await asLead('GET', '/api/v1/queues/today')).body, { interval: 50 })
      .toMatchObject({ offered: 2, answered: 1, abandoned: 1, waiting: 0 });
    // Nothing personal in what went to the floor.
    expect(JSON.stringify(await onFloor())).not.toContain('13900000001');
  });

  it('follows a lead’s not-ready order: told who and why, journaled; the floor settles', async () => {
    const before = agent.seen.length;
    const order = await asLead('POST', '/api/v1/desks/agent01/not-ready', { reason: 'training' });
    expect(order.status).toBe(200);
    await expect
      .poll(() => agent.seen.slice(before).find((e) => e.event === 'desk:not-ready-ordered'), {
        timeout: 5000,
        interval: 20,
      })
      .toMatchObject({ payload: { reason: 'training', by: '王丽' } });
    // The push itself reached the renderer too.
    expect(
      agent.seen
        .slice(before)
        .some(
          (e) =>
            e.event === 'records:event' &&
            (e.payload as { kind: string }).kind === 'desk.not-ready',
        ),
    ).toBe(true);
    await expect
      .poll(() => agent.journal().filter((e) => e.type === 'desk.not-ready-ordered').length, {
        timeout: 5000,
        interval: 50,
      })
      .toBe(1);
    expect(agent.journal().find((e) => e.type === 'desk.not-ready-ordered')!.data).toMatchObject({
      agent: 'agent01',
      reason: 'training',
      setBy: 'lead01',
      setByName: '王丽',
    });
    // The renderer's agent state follows (as renderer/softphone does) and reports it.
    const puts = agent.net.count('PUT /api/v1/desks/me/state');
    await agent.phone({ type: 'agent-state', state: 'not-ready', reason: 'training' });
    await expect
      .poll(() => agent.net.count('PUT /api/v1/desks/me/state'), { interval: 20 })
      .toBe(puts + 1);
    const state = await asLead('GET', '/api/v1/floor/agents/agent01');
    expect(state.body).toMatchObject({ state: 'not-ready', reason: 'training' });
    // A heartbeat's answer repeats the order no more.
    await agent.clock.advance(10_000);
    await agent.clock.advance(10_000);
    expect(agent.seen.filter((e) => e.event === 'desk:not-ready-ordered')).toHaveLength(1);
  });

  it('a lead’s watches fetch on pushes and on a reconnect only: no timer-driven fetch', async () => {
    const lead = await openDesk('lead01');
    await expect
      .poll(() => lead.net.count('GET /api/v1/approvals'), { interval: 20 })
      .toBeGreaterThanOrEqual(1);
    await expect
      .poll(() => lead.net.count('GET /api/v1/callbacks'), { interval: 20 })
      .toBeGreaterThanOrEqual(1);
    const approvals = lead.net.count('GET /api/v1/approvals');
    const callbacks = lead.net.count('GET /api/v1/callbacks');
    await new Promise((r) => setTimeout(r, 2_500));
    expect(lead.net.count('GET /api/v1/approvals')).toBe(approvals);
    expect(lead.net.count('GET /api/v1/callbacks')).toBe(callbacks);

    // The stream drops: the desk reconnects, and the reconnect re-fetches both.
    lead.net.cutStream();
    await expect.poll(lead.resyncs, { timeout: 5000, interval: 20 }).toBe(2);
    await expect
      .poll(() => lead.net.count('GET /api/v1/approvals'), { interval: 20 })
      .toBe(approvals + 1);
    await expect
      .poll(() => lead.net.count('GET /api/v1/callbacks'), { interval: 20 })
      .toBe(callbacks + 1);
    expect(lead.net.count('GET /api/v1/events')).toBe(2);
    await lead.ok('auth:sign-out', {});
  });

  it('reports signed-out at sign-out, with the token still good; the stream ends', async () => {
    const events = agent.net.count('GET /api/v1/events');
    await agent.ok('auth:sign-out', {});
    expect((await onFloor()).state).toBe('signed-out');
    const puts = agent.net.count('PUT /api/v1/desks/me/state');
    await agent.clock.advance(60_000);
    await new Promise((r) => setTimeout(r, 200));
    expect(agent.net.count('PUT /api/v1/desks/me/state')).toBe(puts);
    expect(agent.net.count('GET /api/v1/events')).toBe(events);
  });
});
