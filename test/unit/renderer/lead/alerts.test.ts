// The Alerts room: the pure reducer (newest first, new alerts announced once, counts, the title),
// the controller (loads for a lead, re-reads on alert pushes and resync, chimes and notifies a
// new alert, shows a refusal), and the room rendered in zh-CN and en with its hooks.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it, vi } from 'vitest';
import type { Language } from '../../../../common/domain.js';
import type { Alert } from '../../../../common/records-api.js';
import { fail, ok } from '../../../../common/result.js';
import { createI18n } from '../../../../renderer/i18n/index.js';
import {
  alertsReducer,
  initialAlerts,
  openCount,
  titleWithCount,
  unacknowledged,
} from '../../../../renderer/lead/alerts/alerts-store.js';
import { AlertsRoom } from '../../../../renderer/lead/alerts/AlertsRoom.js';
import { createAlertsController } from '../../../../renderer/lead/alerts/controller.js';
import { createAppController } from '../../../../renderer/state/app-controller.js';
import { demoAgent, fakeAgentDesk } from '../fake-agent-desk.js';
import { testIds, text, unnamedControls } from '../html.js';

export function alertOf(over: Partial<Alert> = {}): Alert {
  return {
    id: '11111111-1111-4111-8111-111111111111',
    kind: 'over-permission',
    raisedAt: '2026-03-02T01:00:00.000Z',
    agentUsername: 'agent01',
    customerId: null,
    customer: null,
    sessionId: null,
    callId: null,
    reasons: ['list-alerts'],
    details: { tier: 'agent' },
    acknowledged: false,
    status: 'open',
    assignedTo: null,
    outcome: null,
    actions: [],
    names: { agent01: '张伟' },
    emergencySteps: null,
    ...over,
  };
}
const FRAUD = alertOf({
  id: '22222222-2222-4222-8222-222222222222',
  kind: 'fraud-suspected',
  raisedAt: '2026-03-02T02:00:00.000Z',
  callId: 'call-7',
  sessionId: '33333333-3333-4333-8333-333333333333',
  names: { agent01: '张伟', lead01: '王丽' },
  emergencySteps: [
    {
      step: 'business-suspended',
      doneAt: '2026-03-02T02:00:00.000Z',
      doneBy: null,
      policeCaseNumber: null,
      note: null,
    },
  ],
  assignedTo: 'lead01',
});

describe('alerts reducer', () => {
  it('lists newest first; the first list announces nothing, a later new alert once', () => {
    let s = alertsReducer(
      { ...initialAlerts, enabled: true },
      { type: 'loaded', alerts: [alertOf()] },
    );
    expect(s.fresh).toEqual([]);
    s = alertsReducer(s, { type: 'loaded', alerts: [alertOf(), FRAUD] });
    expect(s.alerts.map((a) => a.kind)).toEqual(['fraud-suspected', 'over-permission']);
    expect(s.fresh.map((a) => a.id)).toEqual([FRAUD.id]);
    s = alertsReducer(s, { type: 'announced' });
    expect(s).toMatchObject({ fresh: [], chimes: 1 });
    s = alertsReducer(s, { type: 'loaded', alerts: [alertOf(), FRAUD] });
    expect(s.fresh).toEqual([]);
  });

  it('an alert the push named as raised is new even in the first list (the push overtook the load)', () => {
    let s = alertsReducer({ ...initialAlerts, enabled: true }, { type: 'raised', id: FRAUD.id });
    s = alertsReducer(s, { type: 'loaded', alerts: [alertOf(), FRAUD] });
    expect(s.fresh.map((a) => a.id)).toEqual([FRAUD.id]);
    expect(s.raised).toEqual([]);
    s = alertsReducer(s, { type: 'announced' });
    // Named again (a second instance's push, a resync): listed already, not new again.
    s = alertsReducer(s, { type: 'raised', id: FRAUD.id });
    s = alertsReducer(s, { type: 'loaded', alerts: [alertOf(), FRAUD] });
    expect(s).toMatchObject({ fresh: [], chimes: 1, raised: [] });
  });

  it('a failed first read is not a first list: what the next list carries was there already', () => {
    let s = alertsReducer(
      { ...initialAlerts, enabled: true },
      { type: 'load-failed', code: 'unavailable' },
    );
    s = alertsReducer(s, { type: 'loaded', alerts: [alertOf(), FRAUD] });
    expect(s.fresh).toEqual([]);
  });

  it("never announces an alert about the lead's own attempt (listed all the same)", () => {
    const own = alertOf({ id: '88888888-8888-4888-8888-888888888888', agentUsername: 'lead01' });
    let s = alertsReducer(initialAlerts, { type: 'enabled', enabled: true, self: 'lead01' });
    s = alertsReducer(s, { type: 'loaded', alerts: [alertOf()] });
    s = alertsReducer(s, { type: 'loaded', alerts: [alertOf(), own, FRAUD] });
    expect(s.fresh.map((a) => a.id)).toEqual([FRAUD.id]);
    expect(s.alerts).toHaveLength(3);
  });

  it('an alert the first list carried is new when its push comes after that list', () => {
    let s = alertsReducer(
      { ...initialAlerts, enabled: true },
      { type: 'loaded', alerts: [alertOf(), FRAUD] },
    );
    expect(s.fresh).toEqual([]);
    s = alertsReducer(s, { type: 'raised', id: FRAUD.id });
    expect(s.fresh.map((a) => a.id)).toEqual([FRAUD.id]);
    s = alertsReducer(s, { type: 'announced' });
    s = alertsReducer(s, { type: 'raised', id: FRAUD.id });
    expect(s).toMatchObject({ fresh: [], chimes: 1 });
  });

  it('counts open and unacknowledged; an action replaces its alert; the title carries the count', () => {
    let s = alertsReducer(initialAlerts, { type: 'loaded', alerts: [alertOf(), FRAUD] });
    expect([openCount(s), unacknowledged(s)]).toEqual([2, 2]);
    s = alertsReducer(s, { type: 'acting', id: FRAUD.id });
    s = alertsReducer(s, { type: 'acted', alert: { ...FRAUD, status: 'resolved' } });
    expect([openCount(s), unacknowledged(s), s.busy]).toEqual([1, 1, null]);
    expect(titleWithCount('Agent Desk', 3)).toBe('(3) Agent Desk');
    expect(titleWithCount('(3) Agent Desk', 1)).toBe('(1) Agent Desk');
    expect(titleWithCount('(3) Agent Desk', 0)).toBe('Agent Desk');
  });
});

function leadSetup(list: () => Alert[], gate: () => Promise<void> = async () => {}) {
  const lead = { ...demoAgent, username: 'lead01', name: '王丽', tier: 'lead' as const };
  const api = fakeAgentDesk({
    'auth:current': () => ok({ agent: lead }),
    'alerts:list': async () => {
      await gate();
      return ok({ alerts: list() });
    },
    'alerts:assignees': () => ok({ leads: [{ username: 'lead01', name: '王丽' }] }),
    'alerts:acknowledge': () => fail('conflict', 'the alert is acknowledged already'),
  });
  const session = createAppController(api).stores.session;
  session.dispatch({ type: 'agent-loaded', agent: lead });
  const alarm = { sound: vi.fn(), notify: vi.fn(), requestPermission: vi.fn(async () => {}) };
  let title = 'Agent Desk';
  const controller = createAlertsController({
    api,
    session,
    alarm,
    notificationText: (a) => ({ title: a.kind, body: '' }),
    title: { get: () => title, set: (t) => (title = t) },
  });
  return { api, controller, alarm, title: () => title };
}

describe('alerts controller', () => {
  it('loads for a lead, re-reads on alert pushes, chimes and notifies only a new alert', async () => {
    let list = [alertOf()];
    const { api, controller, alarm, title } = leadSetup(() => list);
    controller.start();
    await vi.waitFor(() => expect(controller.store.getState().loaded).toBe(true));
    expect(alarm.sound).not.toHaveBeenCalled();
    expect(title()).toBe('(1) Agent Desk');
    list = [alertOf(), FRAUD];
    api.emit('records:event', { kind: 'floor.changed' as never, id: null, username: null });
    api.emit('records:event', { kind: 'alert.raised', id: FRAUD.id, username: 'agent01' });
    await vi.waitFor(() => expect(controller.store.getState().alerts).toHaveLength(2));
    expect(alarm.sound).toHaveBeenCalledTimes(1);
    expect(alarm.notify).toHaveBeenCalledWith(
      `alert-${FRAUD.id}`,
      expect.anything(),
      expect.any(Function),
    );
    expect(title()).toBe('(2) Agent Desk');
    api.emit('records:event', { kind: 'resync', id: null, username: null });
    await vi.waitFor(() => expect(controller.store.getState().loading).toBe(false));
    expect(alarm.sound).toHaveBeenCalledTimes(1);
  });

  it('chimes for an alert raised while the first list was on its way', async () => {
    let answer: (() => void) | undefined;
    const list = [alertOf(), FRAUD];
    const { api, controller, alarm } = leadSetup(
      () => list,
      () => new Promise<void>((r) => (answer = r)),
    );
    controller.start();
    await vi.waitFor(() => expect(answer).toBeDefined());
    api.emit('records:event', { kind: 'alert.raised', id: FRAUD.id, username: 'agent01' });
    answer!();
    await vi.waitFor(() => expect(alarm.sound).toHaveBeenCalledTimes(1));
    expect(controller.store.getState().chimes).toBe(1);
  });

  it('a refusal stays beside its alert', async () => {
    const { controller } = leadSetup(() => [alertOf()]);
    controller.start();
    await vi.waitFor(() => expect(controller.store.getState().loaded).toBe(true));
    expect(await controller.acknowledge(alertOf().id)).toBe(false);
    expect(controller.store.getState().actionProblem).toMatchObject({ code: 'conflict' });
  });
});

const render = (
  language: Language,
  state = alertsReducer(initialAlerts, { type: 'loaded', alerts: [alertOf(), FRAUD] }),
) => {
  const { controller } = leadSetup(() => []);
  return renderToStaticMarkup(
    createElement(
      I18nextProvider,
      { i18n: createI18n(language) },
      createElement(AlertsRoom, {
        state: { ...state, enabled: true },
        actions: controller,
        formatTime: (at: string) => at.slice(11, 16),
      }),
    ),
  );
};

describe('alerts room', () => {
  it.each(['zh-CN', 'en'] as const)(
    'shows kind, status, assignee by name and the checklist (%s)',
    (language) => {
      const html = render(language);
      expect(html).toMatch(
        /data-testid="alert-item"[^>]*data-kind="fraud-suspected" data-status="open"/,
      );
      for (const id of [
        'alert-ack',
        'alert-resolve',
        'fraud-step',
        'alert-timeline',
        'lock-search',
      ])
        expect(testIds(html)).toContain(id);
      expect(html.match(/data-testid="fraud-step"/g)).toHaveLength(4);
      expect(html).toMatch(/data-step="business-suspended" data-done="true"/);
      expect(text(html)).toContain('王丽');
      expect(text(html)).toContain('张伟');
      expect(text(html)).not.toContain('lead01');
      expect(text(html)).not.toMatch(/\blead\.alerts\./);
      expect(text(html)).toContain(language === 'en' ? 'Suspected fraud' : '疑似欺诈');
      expect(text(html)).toContain(language === 'en' ? 'Emergency procedure' : '应急处置');
      expect(unnamedControls(html)).toEqual([]);
    },
  );

  it.each([
    [
      'zh-CN',
      [
        '查看告警列表',
        '查询密码连续输错已锁定',
        '连续失败次数',
        '5',
        '同一来电号码查询了多位客户',
        '资金交易',
        '138****5678',
        '与上一条日志的哈希不衔接',
        '在其他坐席的会话上验证码核验',
        '3 小时内失败 4 次',
      ],
    ],
    [
      'en',
      [
        'list alerts',
        'query password locked after repeated failures',
        'Failures in a row',
        'one caller number asked about several customers',
        'Fund transaction',
        'check the passcode on another agent',
        'failed 4 times in 3 h',
      ],
    ],
  ] as const)('says each reason and fact in words, never as a code (%s)', (language, phrases) => {
    const alerts = [
      alertOf(),
      alertOf({
        id: '44444444-4444-4444-8444-444444444444',
        kind: 'password-locked',
        reasons: ['query-password-locked'],
        details: { kind: 'query', failures: 5 },
      }),
      alertOf({
        ...FRAUD,
        reasons: ['many-customers-per-caller'],
        details: { businessType: 'fund-transfer', callerNumber: '138****5678' },
      }),
      alertOf({
        id: '55555555-5555-4555-8555-555555555555',
        kind: 'journal-tamper',
        reasons: ['prev-hash-mismatch'],
        details: { seq: 7, expectedSeq: 7 },
      }),
      alertOf({
        id: '66666666-6666-4666-8666-666666666666',
        reasons: ['otp-on-another-agents-session'],
        details: { tier: 'agent', action: 'otp-on-another-agents-session' },
      }),
      alertOf({
        id: '99999999-9999-4999-8999-999999999999',
        agentUsername: 'lead21',
        reasons: ['set-not-ready-other-team'],
        details: {
          tier: 'lead',
          action: 'set-not-ready-other-team',
          target: 'agent21',
          targetTeam: '信用卡二组',
        },
        names: { lead21: '孙丽', agent21: '周杰' },
      }),
      alertOf({
        id: '77777777-7777-4777-8777-777777777777',
        kind: 'verification-exception',
        reasons: ['basic-attempts-exhausted'],
        details: { failuresInWindow: 4, reason: 'basic check failed 4 times in 3 h' },
      }),
    ];
    const page = text(render(language, alertsReducer(initialAlerts, { type: 'loaded', alerts })));
    for (const phrase of phrases) expect(page).toContain(phrase);
    for (const code of [
      'list-alerts',
      'query-password-locked',
      'failures:',
      'prev-hash-mismatch',
      'fund-transfer',
      'otp-on-another',
      'agent21',
      'set-not-ready-other-team',
    ])
      expect(page).not.toContain(code);
  });

  it('offers the password unlock on a password-locked alert; nothing to do on a resolved one', () => {
    const locked = alertOf({
      kind: 'password-locked',
      customerId: '44444444-4444-4444-8444-444444444444',
      details: { kind: 'query', failures: 5 },
      customer: {
        id: '44444444-4444-4444-8444-444444444444',
        name: '李*',
        mobile: '138****0001',
        nationalId: '1101**********0011',
      },
    });
    const resolved = alertOf({
      id: '55555555-5555-4555-8555-555555555555',
      status: 'resolved',
      outcome: 'handled',
      acknowledged: true,
    });
    const html = render(
      'en',
      alertsReducer(initialAlerts, { type: 'loaded', alerts: [locked, resolved] }),
    );
    expect(testIds(html)).toContain('password-unlock');
    expect(html).toMatch(/data-testid="alert-customer">李\* · 138\*\*\*\*0001/);
    expect(html.match(/data-testid="alert-resolve"/g)).toHaveLength(1);
    expect(html).toMatch(/data-status="resolved"/);
  });
});
