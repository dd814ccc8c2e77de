// The complaints room (Art. 16): the reducer keeps the service's order and moves a closed one out;
// the controller loads for a lead, re-reads on pushed complaint events and sends one action at a
// time; the view marks overdue ones, names people and reads in zh-CN and en.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it, vi } from 'vitest';
import type { ComplaintItem } from '../../../../common/lead-complaints.js';
import { ok } from '../../../../common/result.js';
import { createI18n } from '../../../../renderer/i18n/index.js';
import { createComplaintsController } from '../../../../renderer/lead/complaints/controller.js';
import { ComplaintsRoom } from '../../../../renderer/lead/complaints/ComplaintsRoom.js';
import {
  complaintsReducer,
  complaintsTab,
  initialComplaints,
  type ComplaintsState,
} from '../../../../renderer/lead/complaints/store.js';
import { createAppController } from '../../../../renderer/state/app-controller.js';
import { demoAgent, fakeAgentDesk } from '../fake-agent-desk.js';
import { testIds, text, unnamedControls } from '../html.js';

const NOW = '2026-03-10T02:00:00.000Z';
const item = (id: string, over: Partial<ComplaintItem> = {}): ComplaintItem => ({
  id,
  entryId: `e-${id}`,
  deviceId: 'desk-1',
  callId: 'call-1',
  customerId: null,
  customerRef: '张*',
  category: 'wait-time',
  summary: '等待时间过长',
  recordedAt: '2026-03-01T02:00:00.000Z',
  recordedBy: 'agent01',
  recordedByName: '张伟',
  respondBy: '2026-03-06T02:00:00.000Z',
  status: 'open',
  overdue: false,
  closedAt: null,
  closedBy: null,
  closedByName: null,
  answer: null,
  assignedTo: null,
  assignedToName: null,
  response: null,
  toldBy: null,
  answeredAt: null,
  answeredByName: null,
  ...over,
});
const COUNTS = {
  month: '2026-03',
  from: '2026-02-28T16:00:00.000Z',
  to: '2026-03-31T16:00:00.000Z',
  total: 3,
  categories: [{ category: 'wait-time', total: 3, open: 1, answered: 1, closed: 1, overdue: 1 }],
};
const loaded = (complaints: ComplaintItem[]): ComplaintsState =>
  complaintsReducer(
    {
      ...complaintsReducer(initialComplaints, { type: 'enabled', enabled: true }),
      assignees: [{ username: 'lead01', name: '王丽' }],
      counts: COUNTS,
    },
    { type: 'loaded', complaints, nextOffset: null, now: NOW, append: false },
  );

describe('complaints reducer', () => {
  it('keeps the order given, appends pages without repeats, moves a closed one out', () => {
    const late = item('a', { overdue: true });
    const s = loaded([late, item('b')]);
    expect(complaintsTab(s)).toEqual({ count: 2, urgent: true });
    const more = complaintsReducer(s, {
      type: 'loaded',
      complaints: [item('b'), item('c')],
      nextOffset: null,
      now: NOW,
      append: true,
    });
    expect(more.complaints.map((c) => c.id)).toEqual(['a', 'b', 'c']);
    const busy = complaintsReducer(more, { type: 'busy', id: 'a', action: 'close' });
    const closed = complaintsReducer(busy, {
      type: 'done',
      complaint: { ...late, status: 'closed', overdue: false },
    });
    expect(closed.busy).toBeNull();
    expect(closed.complaints.map((c) => c.id)).toEqual(['b', 'c']);
    expect(complaintsTab(closed)).toEqual({ count: 2, urgent: false });
    const failed = complaintsReducer(busy, {
      type: 'failed',
      id: 'a',
      action: 'close',
      code: 'conflict',
    });
    expect(failed.actionProblem).toEqual({ id: 'a', action: 'close', code: 'conflict' });
  });
});

describe('complaints controller', () => {
  it('loads for a lead, re-reads on complaint pushes only, and answers through main', async () => {
    const list = vi.fn(() => ok({ complaints: [item('a')], nextOffset: null, now: NOW }));
    const api = fakeAgentDesk({
      'auth:current': () => ok({ agent: { ...demoAgent, tier: 'lead' } }),
      'complaints:list': list,
      'complaints:counts': () => ok(COUNTS),
      'complaints:assignees': () => ok({ leads: [{ username: 'lead01', name: '王丽' }] }),
      'complaints:answer': ({ id }) => ok(item(id, { status: 'answered', response: '已致电' })),
    });
    const session = createAppController(api).stores.session;
    const c = createComplaintsController({ api, session });
    c.start();
    expect(c.store.getState().enabled).toBe(false);
    session.dispatch({ type: 'agent-loaded', agent: { ...demoAgent, tier: 'lead' } });
    await vi.waitFor(() => expect(c.store.getState().complaints).toHaveLength(1));
    expect(c.store.getState().assignees[0]?.name).toBe('王丽');
    const reads = list.mock.calls.length;
    api.emit('records:event', { kind: 'alert.raised', id: 'x', username: null });
    api.emit('records:event', { kind: 'complaint.opened', id: 'y', username: null });
    await vi.waitFor(() => expect(list.mock.calls.length).toBe(reads + 1));
    expect(await c.answer('a', '已致电', 'phone')).toBe(true);
    expect(api.callsTo('complaints:answer')).toEqual([
      { id: 'a', response: '已致电', toldBy: 'phone' },
    ]);
    expect(c.store.getState().complaints[0]?.status).toBe('answered');
  });

  it('stays off for an agent', () => {
    const api = fakeAgentDesk({});
    const session = createAppController(api).stores.session;
    session.dispatch({ type: 'agent-loaded', agent: demoAgent });
    const c = createComplaintsController({ api, session });
    c.start();
    expect(c.store.getState().enabled).toBe(false);
    expect(api.callsTo('complaints:list')).toEqual([]);
  });
});

describe('complaints room', () => {
  const actions = {
    refresh: async () => {},
    more: async () => {},
    show: async () => {},
    assign: async () => true,
    answer: async () => true,
    close: async () => true,
  };
  const render = (language: 'zh-CN' | 'en', state: ComplaintsState) =>
    renderToStaticMarkup(
      createElement(
        I18nextProvider,
        { i18n: createI18n(language) },
        createElement(ComplaintsRoom, { state, formatTime: (at) => at.slice(5, 16), actions }),
      ),
    );

  it.each([
    ['zh-CN', '已超期', '等待时间', '王丽', '电话', '分类统计'],
    ['en', 'Overdue', 'Wait', '王丽', 'Phone', 'by category'],
  ] as const)('marks overdue, names people, offers the actions (%s)', (language, ...words) => {
    const state = loaded([
      item('a', { overdue: true, assignedTo: 'lead01', assignedToName: '王丽' }),
      item('b', {
        status: 'answered',
        response: '已致电说明',
        toldBy: 'phone',
        answeredByName: '王丽',
      }),
    ]);
    const html = render(language, state);
    expect(html).toMatch(
      /data-testid="complaint-item" data-id="a" data-status="open" data-overdue="true"/,
    );
    expect(html).toMatch(/data-id="b" data-status="answered" data-overdue="false"/);
    for (const w of words) expect(text(html).toLowerCase()).toContain(w.toLowerCase());
    expect([...testIds(html)]).toEqual(
      expect.arrayContaining(['complaint-answer', 'complaint-close', 'complaint-counts']),
    );
    // Close waits for an answer: the open one's is disabled, the answered one's not.
    const closes = [...html.matchAll(/<button[^>]*data-testid="complaint-close"[^>]*>/g)].map(
      (m) => m[0],
    );
    expect(closes[0]).toMatch(/disabled=""/);
    expect(closes[1]).not.toMatch(/disabled=""/);
    expect(unnamedControls(html)).toEqual([]);
    expect(text(html)).not.toMatch(/\blead\.complaints\./);
    expect(html).not.toContain('agent01');
  });
});
