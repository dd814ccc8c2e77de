// Main's complaints room and call-back pages against the real routes (through app.inject): the
// lead's handlers list, assign, answer, close and count; the history pages closed call-backs;
// signed out is `unauthorized`, an agent's token is refused by the service (`forbidden`).
import { describe, expect, it, vi } from 'vitest';
import { leadComplaintsHandlers } from '../../../../main/core/complaints.js';
import { createRecordsClient } from '../../../../main/core/records-client.js';
import type { AgentProfile } from '../../../../common/domain.js';
import { DB_KIND, DB_TIMEOUT_MS } from '../../server/helpers.js';
import {
  CALLBACK,
  COMPLAINT,
  makeChain,
  newDevice,
  useJournalServer,
} from '../../server/journal-archive/harness.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

describe(`main: a lead's complaints (${DB_KIND})`, () => {
  const s = useJournalServer();
  const records = createRecordsClient({
    baseUrl: 'http://records.test',
    fetch: (async (url: string, init: RequestInit) => {
      const res = await s.app.inject({
        method: init.method as 'GET' | 'POST',
        url: new URL(url).pathname + new URL(url).search,
        headers: init.headers as Record<string, string>,
        ...(init.body ? { payload: init.body as string } : {}),
      });
      return new Response(res.body, {
        status: res.statusCode,
        headers: { 'content-type': String(res.headers['content-type'] ?? '') },
      });
    }) as typeof fetch,
  });
  const as = (token: () => string | null) =>
    leadComplaintsHandlers({
      records,
      session: () => {
        const t = token();
        return t ? { token: t, agent: { username: 'x' } as AgentProfile } : null;
      },
    });
  const ctx = { host: 'web', sender: 'test' } as never;

  it('lists, assigns, answers, closes and counts as the lead', async () => {
    const device = newDevice();
    const entries = await makeChain(device, 2, { 1: COMPLAINT, 2: CALLBACK });
    await s.send(device, entries);
    const lead = as(() => s.leadToken);
    const page = await lead['complaints:list']({ status: 'active', offset: 0 }, ctx);
    const mine = page.complaints.find((c) => c.entryId === entries[0]!.id)!;
    expect(mine).toMatchObject({ status: 'open', overdue: false, recordedByName: '张伟' });
    expect((await lead['complaints:assignees']({}, ctx)).leads[0]).toEqual({
      username: 'lead01',
      name: '王丽',
    });
    const id = mine.id;
    expect(await lead['complaints:assign']({ id, assignee: 'lead01' }, ctx)).toMatchObject({
      assignedToName: '王丽',
    });
    expect(
      await lead['complaints:answer']({ id, response: '已电话致歉', toldBy: 'phone' }, ctx),
    ).toMatchObject({ status: 'answered', toldBy: 'phone' });
    expect(await lead['complaints:close']({ id }, ctx)).toMatchObject({
      status: 'closed',
      answer: '已电话致歉',
      closedByName: '王丽',
    });
    const closed = await lead['complaints:list']({ status: 'closed', offset: 0 }, ctx);
    expect(closed.complaints[0]!.id).toBe(id);
    const counts = await lead['complaints:counts']({}, ctx);
    expect(counts.month).toBe('2026-03');
    expect(counts.categories.find((c) => c.category === 'wait-time')?.closed).toBeGreaterThan(0);

    const open = await lead['callbacks:history']({ status: 'open', offset: 0, limit: 200 }, ctx);
    const cb = open.callbacks.find((c) => c.callId === 'call-7')!;
    expect(cb).toMatchObject({ status: 'open', customerRef: '138****5678' });
  });

  it('signed out is unauthorized; an agent is forbidden by the service', async () => {
    await expect(
      Promise.resolve().then(() => as(() => null)['complaints:counts']({}, ctx)),
    ).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(
      as(() => s.agentToken)['callbacks:history']({ status: 'closed', offset: 0, limit: 10 }, ctx),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });
});
