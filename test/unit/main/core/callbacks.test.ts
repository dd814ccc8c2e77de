// The lead's call-back queue in main (Art. 10, 12): list and close through the records service,
// journal the close, and re-count the open call-backs on pushes (never on a timer) while a lead is
// signed in.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AgentProfile } from '../../../../common/domain.js';
import { AppError } from '../../../../common/result.js';
import { createCallbackQueueService, queueItem } from '../../../../main/core/callbacks.js';
import type { RecordsCallback } from '../../../../main/core/records-client.js';
import { recordingLogger } from '../../../support/fakes.js';

const lead: AgentProfile = { username: 'lead01', name: '测试组长', tier: 'lead' };
const agent: AgentProfile = { username: 'agent01', name: '测试坐席', tier: 'agent' };

const row = (
  id: string,
  reason = 'outage; wanted: large-loan; window: tomorrow-morning',
): RecordsCallback => ({
  id,
  kind: 'outage',
  entryId: `entry-${id}`,
  deviceId: 'desk-1',
  sessionId: null,
  callId: 'call-1',
  customerId: null,
  customerRef: '139****0001',
  reason,
  notes: null,
  requestedAt: '2026-11-27T08:00:00.000Z',
  requestedBy: 'agent01',
  requestedByName: '张伟',
  status: 'open',
  closedAt: null,
  closedBy: null,
  closedByName: null,
  closeNote: null,
});

function setup(profile: AgentProfile = lead) {
  let open = [row('a'), row('b')];
  const emitted: unknown[] = [];
  const appended: { type: string; data: unknown }[] = [];
  const records = {
    listCallbacks: vi.fn(async () => ({ callbacks: open, total: open.length })),
    closeCallback: vi.fn(async (_token: string, id: string, outcome: 'done' | 'cancelled') => {
      const found = open.find((c) => c.id === id);
      if (!found) throw new AppError('conflict', 'already closed');
      open = open.filter((c) => c.id !== id);
      return {
        ...found,
        status: outcome,
        closedAt: '2026-11-27T09:00:00.000Z',
        closedBy: 'lead01',
        closedByName: '王丽',
      };
    }),
  };
  let session: { token: string; agent: AgentProfile } | null = { token: 't', agent: profile };
  const service = createCallbackQueueService({
    records,
    journal: {
      append: async (type: string, data: unknown) => void appended.push({ type, data }),
    } as never,
    logger: recordingLogger(),
    events: {
      emit: (event: string, payload: unknown) => void emitted.push({ event, payload }),
    } as never,
    session: () => session,
  });
  return {
    service,
    records,
    emitted,
    appended,
    signOut: () => ((session = null), service.signedOut()),
    setOpen: (rows: RecordsCallback[]) => (open = rows),
  };
}

describe('call-back queue service', () => {
  afterEach(() => vi.useRealTimers());

  it('reads what the customer wanted and when from the reason; a reason it did not write stays as it is', () => {
    expect(queueItem(row('a'))).toMatchObject({
      businessType: 'large-loan',
      window: 'tomorrow-morning',
      closedAt: null,
    });
    expect(queueItem(row('b', 'outage; wanted: unspecified; window: asap'))).toMatchObject({
      businessType: null,
      window: 'asap',
    });
    expect(queueItem(row('c', 'records-outage'))).toMatchObject({
      businessType: null,
      window: null,
      reason: 'records-outage',
    });
    expect(queueItem(row('d', 'outage; wanted: bribe; window: asap'))).toMatchObject({
      businessType: null,
      window: null,
    });
  });

  it('counts on sign-in, re-counts on call-back pushes and resync only: no timer; closes journal who and how', async () => {
    vi.useFakeTimers();
    const { service, records, emitted, appended, setOpen } = setup();
    service.signedIn(lead);
    await vi.advanceTimersByTimeAsync(0);
    expect(emitted).toEqual([{ event: 'callbacks:changed', payload: { open: 2 } }]);
    setOpen([row('a'), row('b'), row('c')]);
    // Polling is gone: time alone fetches nothing.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(records.listCallbacks).toHaveBeenCalledTimes(1);
    expect(emitted).toHaveLength(1);
    // Pushes about something else are ignored.
    service.pushed({ kind: 'alert.raised', id: 'x', username: null });
    service.pushed({ kind: 'approval.requested', id: 'y', username: 'agent01' });
    await vi.advanceTimersByTimeAsync(0);
    expect(records.listCallbacks).toHaveBeenCalledTimes(1);
    service.pushed({ kind: 'callback.opened', id: 'c', username: null });
    await vi.advanceTimersByTimeAsync(0);
    expect(emitted.at(-1)).toEqual({ event: 'callbacks:changed', payload: { open: 3 } });
    // A burst of pushes is coalesced: the running fetch and one more.
    const before = records.listCallbacks.mock.calls.length;
    for (let i = 0; i < 5; i += 1)
      service.pushed({ kind: 'callback.updated', id: 'c', username: null });
    await vi.advanceTimersByTimeAsync(0);
    expect(records.listCallbacks.mock.calls.length - before).toBe(2);
    setOpen([row('a'), row('b')]);
    service.pushed({ kind: 'resync', id: null, username: null });
    await vi.advanceTimersByTimeAsync(0);
    expect(emitted.at(-1)).toEqual({ event: 'callbacks:changed', payload: { open: 2 } });
    setOpen([row('a'), row('b'), row('c')]);

    const closed = await service.handlers['callbacks:close']({
      id: 'a',
      outcome: 'done',
      note: '已回电',
    });
    expect(closed).toMatchObject({ id: 'a', status: 'done', closedBy: 'lead01' });
    expect(appended).toEqual([
      {
        type: 'callback.closed',
        data: { agent: 'lead01', callbackId: 'a', outcome: 'done', note: '已回电' },
      },
    ]);
    expect(emitted.at(-1)).toEqual({ event: 'callbacks:changed', payload: { open: 2 } });
    await expect(
      service.handlers['callbacks:close']({ id: 'a', outcome: 'done' }),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect(appended).toHaveLength(1);
  });

  it('does not watch for an agent; stops on sign-out; an outage waits for the resync; stops on a refusal', async () => {
    vi.useFakeTimers();
    const agentDesk = setup(agent);
    agentDesk.service.signedIn(agent);
    agentDesk.service.pushed({ kind: 'resync', id: null, username: null });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(agentDesk.records.listCallbacks).not.toHaveBeenCalled();

    const leadDesk = setup();
    leadDesk.records.listCallbacks.mockRejectedValueOnce(
      new AppError('unavailable', 'records service unreachable'),
    );
    leadDesk.service.signedIn(lead);
    await vi.advanceTimersByTimeAsync(0);
    expect(leadDesk.emitted).toEqual([]);
    // The stream's reconnect after the outage is a resync: it catches up.
    leadDesk.service.pushed({ kind: 'resync', id: null, username: null });
    await vi.advanceTimersByTimeAsync(0);
    expect(leadDesk.emitted).toEqual([{ event: 'callbacks:changed', payload: { open: 2 } }]);
    leadDesk.signOut();
    const calls = leadDesk.records.listCallbacks.mock.calls.length;
    leadDesk.service.pushed({ kind: 'callback.opened', id: 'z', username: null });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(leadDesk.records.listCallbacks.mock.calls.length).toBe(calls);
    await expect(leadDesk.service.handlers['callbacks:list']()).rejects.toMatchObject({
      code: 'unauthorized',
    });

    const refused = setup();
    refused.records.listCallbacks.mockRejectedValue(new AppError('forbidden', 'team leads only'));
    refused.service.signedIn(lead);
    await vi.advanceTimersByTimeAsync(0);
    refused.service.pushed({ kind: 'callback.opened', id: 'z', username: null });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(refused.records.listCallbacks).toHaveBeenCalledTimes(1);
  });
});
