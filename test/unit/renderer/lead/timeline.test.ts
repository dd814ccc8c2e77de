// A call's timeline in the Alerts room, read by a lead: every item a phrase in the lead's language
// (the session's business, each step and outcome, approvals, alerts, journal entries, call-backs,
// complaints) and every person by name — no raw codes or usernames; unknown codes shown as sent.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it, vi } from 'vitest';
import type { CallTimeline, TimelineItem } from '../../../../common/archive-api.js';
import type { Language } from '../../../../common/domain.js';
import type { Alert } from '../../../../common/records-api.js';
import { ok } from '../../../../common/result.js';
import { createI18n } from '../../../../renderer/i18n/index.js';
import { alertsReducer, initialAlerts } from '../../../../renderer/lead/alerts/alerts-store.js';
import { AlertsRoom } from '../../../../renderer/lead/alerts/AlertsRoom.js';
import { createAlertsController } from '../../../../renderer/lead/alerts/controller.js';
import { timelineWhat, timelineWho } from '../../../../renderer/lead/alerts/timeline-text.js';
import { createAppController } from '../../../../renderer/state/app-controller.js';
import { demoAgent, fakeAgentDesk } from '../fake-agent-desk.js';
import { section, text } from '../html.js';

const SESSION = '33333333-3333-4333-8333-333333333333';
const ALERT: Alert = {
  id: '22222222-2222-4222-8222-222222222222',
  kind: 'fraud-suspected',
  raisedAt: '2026-03-02T02:00:00.000Z',
  agentUsername: 'agent01',
  customerId: null,
  customer: null,
  sessionId: SESSION,
  callId: 'call-7',
  reasons: ['many-customers-per-caller'],
  details: {},
  acknowledged: false,
  status: 'open',
  assignedTo: null,
  outcome: null,
  actions: [],
  names: { agent01: '张伟' },
  emergencySteps: null,
};

let n = 0;
const at = () => `2026-03-02T02:00:${String(n++).padStart(2, '0')}.000Z`;
const of = (
  source: TimelineItem['source'],
  what: string,
  agent: string | null = 'agent01',
  details: TimelineItem['details'] = {},
): TimelineItem => ({ at: at(), source, id: String(n), sessionId: SESSION, agent, what, details });
const event = (step: string, outcome: string) =>
  of('event', `${step}: ${outcome}`, 'agent01', { step, outcome, note: null });

const ITEMS: TimelineItem[] = [
  of('session', 'opened', 'agent01', { businessType: 'fund-transfer', caller: '139****0001' }),
  of('journal', 'phone.call-started'),
  of('journal', 'verify.started'),
  event('basic', 'passed'),
  of('journal', 'verify.basic-checked', 'agent01', { passed: true, attempt: 1 }),
  event('otp-send', 'sent'),
  event('otp', 'failed'),
  event('method', 'callback-instead-of-otp'),
  event('business', 'large-loan'),
  of('approval', 'requested', 'agent01', { reasons: 'callback-instead-of-otp' }),
  of('approval', 'approved', 'lead01', { reason: null }),
  event('confirmation', 'verified'),
  of('alert', 'fraud-suspected', 'agent01', { acknowledgedBy: 'lead01' }),
  of('callback', 'open'),
  of('complaint', 'open'),
  of('journal', 'verify.wrap-up'),
];
const NAMES = { agent01: '张伟', lead01: '王丽' };

function render(language: Language, timeline: CallTimeline): string {
  const api = fakeAgentDesk({ 'auth:current': () => ok({ agent: demoAgent }) });
  const session = createAppController(api).stores.session;
  const controller = createAlertsController({
    api,
    session,
    alarm: { sound: vi.fn(), notify: vi.fn(), requestPermission: vi.fn(async () => {}) },
    notificationText: (a) => ({ title: a.kind, body: '' }),
    title: { get: () => '', set: () => {} },
  });
  let state = alertsReducer(initialAlerts, { type: 'loaded', alerts: [ALERT] });
  state = alertsReducer(state, { type: 'timeline', callId: 'call-7', timeline, problem: null });
  const html = renderToStaticMarkup(
    createElement(
      I18nextProvider,
      { i18n: createI18n(language) },
      createElement(AlertsRoom, {
        state: { ...state, enabled: true },
        actions: controller,
        formatTime: (iso: string) => iso.slice(11, 19),
      }),
    ),
  );
  return section(html, 'alert-timeline-view');
}

const CALL = { callId: 'call-7' } as CallTimeline['call'];

describe('call timeline in the Alerts room', () => {
  it.each([
    [
      'zh-CN',
      [
        '开始核验（资金交易） · 张伟',
        '来电开始',
        '基本信息核对，结果：通过',
        '完成基本信息核对',
        '动态口令短信，结果：已发送',
        '动态口令验证，结果：未通过',
        '核验方式：改为以回拨代替动态口令',
        '业务类型：改为大额贷款申请',
        '申请组长审批 · 张伟',
        '组长批准了审批申请 · 王丽',
        '身份确认，结果：核验通过',
        '告警：疑似欺诈',
        '登记回拨（待处理）',
        '记录投诉（待处理）',
        '通话结束整理',
      ],
    ],
    [
      'en',
      [
        'Verification started (Fund transaction) · 张伟',
        'Call started',
        'Basic check done',
        'Passcode text: sent',
        'Business type: changed to Large loan application',
        'The lead approved · 王丽',
        'Alert: Suspected fraud',
        'Call-back requested (open)',
        'Complaint recorded (open)',
        'Call wrap-up',
      ],
    ],
  ] as const)('says every item in words, people by name (%s)', (language, phrases) => {
    const page = text(render(language, { call: CALL, items: ITEMS, names: NAMES }));
    for (const phrase of phrases) expect(page).toContain(phrase);
    for (const raw of ['basic: passed', 'verify.', 'phone.', 'agent01', 'lead01', 'lead.alerts'])
      expect(page).not.toContain(raw);
    expect(page).not.toMatch(/\b(fund-transfer|large-loan|callback-instead-of-otp)\b/);
  });

  it('shows a code it has no label for as sent, and a username it has no name for', () => {
    const items = [
      of('journal', 'desk.brand-new-entry', 'agent09'),
      event('brand-new-step', 'brand-new-outcome'),
      of('alert', 'brand-new-kind'),
      of('journal', 'verify'),
    ];
    const page = text(render('zh-CN', { call: CALL, items, names: { agent01: '张伟' } }));
    expect(page).toContain('desk.brand-new-entry · agent09');
    expect(page).toContain('brand-new-step，结果：brand-new-outcome · 张伟');
    expect(page).toContain('其他告警（brand-new-kind）');
    // A branch of the catalogue is not a label: the type is shown as sent.
    expect(page).toContain('verify · 张伟');
  });

  it('names the step from the verify catalogue and falls back without a catalogue', () => {
    const labels: Record<string, string> = {
      'lead.alerts.timelineText.event': 'STEP=OUTCOME',
      'verify.steps.names.basic': 'Basic',
      'lead.alerts.timelineText.step.basic': 'not this one',
      'lead.alerts.timelineText.outcome.passed': 'ok',
    };
    const c = {
      say: (key: string, v?: Record<string, string>) =>
        (labels[key] ?? key).replace('STEP', v?.step ?? '').replace('OUTCOME', v?.outcome ?? ''),
      has: (key: string) => key in labels,
    };
    expect(timelineWhat(event('basic', 'passed'), c)).toBe('Basic=ok');
    expect(timelineWhat(event('fraud', 'enquiry'), c)).toBe('fraud=enquiry');
    expect(timelineWhat(of('journal', 'verify.started'), c)).toBe('verify.started');
    expect(timelineWho(of('journal', 'x', null), NAMES)).toBeNull();
    expect(timelineWho(of('journal', 'x', 'lead01'), NAMES)).toBe('王丽');
  });
});
