// The panel, the lead's inbox and call-back queue rendered (react-dom/server, plain Node) in every
// state of a call, in both languages: the issue 5 item 14 hooks are there, every control has an
// accessible name, no catalogue key is missing, and no full ID number, mobile or keypad digit
// reaches the markup.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import type { Language } from '../../../../common/domain.js';
import { ok } from '../../../../common/result.js';
import { createI18n } from '../../../../renderer/i18n/index.js';
import { createStore } from '../../../../renderer/state/store.js';
import { createApprovalsController, initialApprovals } from '../../../../renderer/verification/approvals.js';
import { ApprovalsInbox } from '../../../../renderer/verification/ApprovalsInbox.js';
import { createCallbackQueueController, initialCallbackQueue, type CallbackQueueState } from '../../../../renderer/verification/callback-queue.js';
import { CallbackQueue } from '../../../../renderer/verification/CallbackQueue.js';
import { createVerificationController } from '../../../../renderer/verification/controller.js';
import type { VerificationAction } from '../../../../renderer/verification/state.js';
import { VerificationColumn } from '../../../../renderer/verification/VerificationColumn.js';
import { VerificationPanel } from '../../../../renderer/verification/VerificationPanel.js';
import { createAppController } from '../../../../renderer/state/app-controller.js';
import { demoAgent, fakeAgentDesk } from '../fake-agent-desk.js';
import { after, answer, CALL_ID, CALLBACK_ID, CALLBACK_ID_2, FULL_ID, FULL_MOBILE, li, openCallback, pendingApproval, session, wang } from './fixtures.js';
import { section, testIds } from '../html.js';

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1] ?? null;


/** Every button, select, input and textarea has a name: its text, aria-label, or a <label for>. */
function unnamedControls(html: string): string[] {
  const problems: string[] = [];
  const labelled = new Set([...html.matchAll(/<label[^>]*\sfor="([^"]+)"/g)].map((m) => m[1]!));
  for (const match of html.matchAll(/<button([^>]*)>([\s\S]*?)<\/button>/g)) {
    if (!attr(match[1]!, 'aria-label') && text(match[2]!) === '') problems.push(`button ${match[1]}`);
  }
  for (const match of html.matchAll(/<(select|input|textarea)([^>]*)>/g)) {
    const id = attr(match[2]!, 'id');
    const wrapped = attr(match[2]!, 'type') === 'checkbox';
    if (!attr(match[2]!, 'aria-label') && !(id && labelled.has(id)) && !wrapped) problems.push(`${match[1]} ${match[2]}`);
  }
  return problems;
}

function panelWith(actions: VerificationAction[]) {
  const api = fakeAgentDesk({ 'auth:current': () => ok({ agent: demoAgent }) });
  const controller = createVerificationController({
    api,
    phone: createStore(() => null, null) as never,
    attachSecureEntry: () => null,
    session: createAppController(api).stores.session,
  });
  for (const action of actions) controller.store.dispatch(action);
  return controller;
}

function render(actions: VerificationAction[], language: Language = 'zh-CN'): string {
  return renderToStaticMarkup(createElement(I18nextProvider, { i18n: createI18n(language) }, createElement(VerificationPanel, { controller: panelWith(actions) })));
}

const config: VerificationAction = { type: 'config-loaded', config: { companyName: '示例信贷', departmentName: '电话银行客服', complaintResponseDays: 5 } };
const ring: VerificationAction = { type: 'call-started', call: { id: CALL_ID, number: '13812345678', displayName: null, direction: 'inbound', answered: false }, lookup: true };
const answered: VerificationAction = { type: 'call-answered', callId: CALL_ID };
const loaded = (s = session()): VerificationAction => ({ type: 'session-loaded', session: s });
const pw = after(session('fund-transfer'), ['basic'], { alternatives: { applied: [], available: ['otp-instead-of-password'] } });
const otpOpen = after(session('large-loan'), ['basic', 'password']);
const confirmOpen = after(session(), ['basic']);
const now = Date.now();

const scenarios: [string, VerificationAction[], string[]][] = [
  ['idle', [], ['verify-panel']],
  ['ringing, two customers on the number', [config, ring, { type: 'lookup-done', callId: CALL_ID, customers: [wang, li] }], ['verify-panel', 'screen-pop', 'pop-caller', 'customer-card']],
  ['ringing, look-up slow', [ring, { type: 'lookup-slow', callId: CALL_ID }], ['lookup-spinner']],
  ['answered, choosing the business', [config, ring, { type: 'lookup-done', callId: CALL_ID, customers: [wang] }, answered], ['greeting-script', 'business-type', 'complaint-open']],
  ['basic details after a mismatch', [config, ring, answered, loaded(), { type: 'checked', action: 'basic', response: answer(session('enquiry', { basic: { failures: 1, limit: 3 } }), 'failed', 2), at: now }], ['verify-step', 'basic-mobile', 'basic-id', 'basic-submit', 'basic-attempts-left', 'basic-mismatch-script']],
  ['a typo caught', [config, ring, answered, loaded(), { type: 'basic-invalid', problem: { field: 'id', code: 'checksum' } }], ['basic-id', 'basic-submit']],
  ['password, keypad receiving', [config, ring, answered, loaded(pw), { type: 'keypad-opened', purpose: 'password' }, { type: 'keypad-count', count: 4 }], ['password-step', 'secure-entry', 'secure-entry-stop', 'password-forgot', 'method-decline']],
  ['password, keypad not started', [config, ring, answered, loaded(pw)], ['secure-entry', 'secure-entry-start']],
  ['method choice', [config, ring, answered, loaded(pw), { type: 'method-open', open: true }], ['method-choice', 'method-alternative', 'method-reason', 'method-submit']],
  ['passcode not sent yet', [config, ring, answered, loaded(otpOpen)], ['otp-step', 'otp-send']],
  ['passcode sent, counting down', [config, ring, answered, loaded(otpOpen), { type: 'otp-sent', response: answer(otpOpen, 'sent', 3), otp: { expiresAt: now + 245_000, resendAvailableAt: now + 30_000 }, at: now }], ['otp-countdown', 'otp-send', 'otp-resend-wait', 'secure-entry']],
  ['passcode killed', [config, ring, answered, loaded(otpOpen), { type: 'checked', action: 'otp', response: answer(otpOpen, 'killed', 0), at: now }], ['otp-send', 'otp-dead']],
  ['confirmation', [config, ring, answered, loaded(confirmOpen)], ['confirm-step', 'confirm-script', 'confirm-yes', 'confirm-no']],
  ['verified', [config, ring, answered, loaded(after(confirmOpen, ['basic', 'confirmation'], { status: 'verified' }))], ['verified-badge']],
  [
    'approval to request',
    [config, ring, answered, loaded(after(session('account-change'), ['basic', 'password', 'otp'], { approval: { state: 'not-requested', reasons: ['beyond-tier', 'caller-not-reserved-mobile'], decidedBy: null, reason: null } }))],
    ['approval-status', 'approval-request', 'approval-note', 'confirm-yes'],
  ],
  ['approval pending', [config, ring, answered, loaded({ ...session('account-change'), status: 'awaiting-approval', nextStep: null, approval: { state: 'pending', reasons: ['beyond-tier'], decidedBy: null, reason: null } })], ['approval-status']],
  ['approval denied', [config, ring, answered, loaded({ ...session('account-change'), status: 'denied', nextStep: null, approval: { state: 'denied', reasons: ['beyond-tier'], decidedBy: 'lead01', reason: 'not the customer' } })], ['approval-status', 'approval-decision']],
  ['suspected fraud', [config, ring, answered, loaded({ ...session(), status: 'suspended', nextStep: null, fraud: { reasons: ['many-customers-per-caller'], script: 'suspected-fraud' } })], ['fraud-banner']],
  ['exception', [config, ring, answered, loaded({ ...session(), status: 'exception', nextStep: null, basic: { failures: 3, limit: 3 } })], ['exception']],
  ['password reset', [config, ring, answered, loaded({ ...pw, status: 'password-reset', nextStep: null })], ['password-reset']],
  ['complaint dialog', [config, ring, answered, { type: 'complaint-open', open: true }], ['complaint-dialog', 'complaint-category', 'complaint-text', 'complaint-wants-reply', 'complaint-submit']],
  ['wrap-up', [config, ring, answered, loaded(), { type: 'checked', action: 'basic', response: answer(after(session(), ['basic']), 'passed'), at: now }, { type: 'complaint-filed', id: '70000000-0000-4000-8000-000000000001', dueAt: '2026-12-01T09:00:00.000Z', at: now }, { type: 'call-ended', callId: CALL_ID }], ['wrap-up', 'wrap-up-notes', 'wrap-up-submit', 'wrap-up-result']],
  ['a request failed', [config, ring, answered, { type: 'request-failed', action: 'start', code: 'unavailable', at: now }], ['verify-problem']],
];

describe.each(['zh-CN', 'en'] as const)('verification panel in %s', (language) => {
  it.each(scenarios)('%s: hooks present, every control named, no missing text, nothing secret', (_name, actions, hooks) => {
    const html = render(actions, language);
    for (const hook of hooks) expect(testIds(html), hook).toContain(hook);
    expect(unnamedControls(html)).toEqual([]);
    expect(text(html)).not.toMatch(/\bverify\.[a-zA-Z]/);
    expect(html).not.toContain(FULL_ID);
  });
});

describe('verification panel: details', () => {
  it('greets with the configured company and department in the regulation’s words (Art. 4)', () => {
    const html = render([config, ring, answered]);
    expect(text(html)).toContain('您好，这里是示例信贷电话银行客服，很高兴为您服务。');
    expect(text(render([config, ring, answered], 'en'))).toContain('Hello, this is 示例信贷 电话银行客服, glad to serve you.');
  });

  it('reads back the masked name, ID and mobile in the regulation’s words (Art. 8)', () => {
    const html = render([config, ring, answered, loaded(confirmOpen)]);
    expect(text(html)).toContain('请问您是王*先生/女士吗？您在我行预留的身份证号码为1***************77，手机号码为138****5678，请问是否正确？');
  });

  it('marks each step with its status and purpose, and the panel with the session’s status', () => {
    const html = render([config, ring, answered, loaded(pw)]);
    expect(html).toMatch(/data-testid="verify-step" data-step="basic" data-status="passed"/);
    expect(html).toMatch(/data-testid="verify-step" data-step="password" data-status="active"/);
    expect(html).toMatch(/data-testid="verify-step" data-step="confirmation" data-status="pending"/);
    expect(html).toMatch(/data-testid="verify-panel" data-status="in-progress"/);
    expect(text(html)).toContain('请您输入密码，确认是您本人办理此项业务。');
  });

  it('shows the keypad entry as dots and a count, never digits', () => {
    const html = render([config, ring, answered, loaded(pw), { type: 'keypad-opened', purpose: 'password' }, { type: 'keypad-count', count: 6 }]);
    expect(html).toMatch(/data-testid="secure-entry" data-state="listening" data-count="6"/);
    expect(text(html)).toContain('●'.repeat(6));
    expect(text(html)).not.toContain('●'.repeat(7));
  });

  it('shows the attempts left and the polite re-check after a mismatch (Art. 5)', () => {
    const html = render([config, ring, answered, loaded(session('enquiry', { basic: { failures: 1, limit: 3 } })), { type: 'checked', action: 'basic', response: answer(session('enquiry', { basic: { failures: 1, limit: 3 } }), 'failed', 2), at: now }]);
    expect(html).toMatch(/data-testid="basic-attempts-left" data-left="2"/);
    expect(text(html)).toContain('请问您的预留手机号码或身份证信息最近是否有变更');
    const typo = render([config, ring, answered, loaded(), { type: 'basic-invalid', problem: { field: 'id', code: 'checksum' } }]);
    expect(typo).toMatch(/data-testid="basic-id"[^>]*aria-invalid="true"/);
  });

  it('shows who decided an approval and why', () => {
    const html = render([config, ring, answered, loaded({ ...after(session('account-change'), ['basic', 'password', 'otp']), approval: { state: 'approved', reasons: ['beyond-tier'], decidedBy: 'lead01', reason: '客户已到柜面核实' } })]);
    expect(html).toMatch(/data-testid="approval-status" data-state="approved"/);
    expect(text(html)).toContain('lead01 已批准。理由：客户已到柜面核实');
  });

  it('runs only the fraud script when suspended: no step controls, reason not shown (Art. 18)', () => {
    const html = render([config, ring, answered, loaded({ ...session(), status: 'suspended', nextStep: null, fraud: { reasons: ['many-customers-per-caller'], script: 'suspected-fraud' } })]);
    for (const control of ['basic-submit', 'confirm-yes', 'secure-entry', 'otp-send']) expect(testIds(html)).not.toContain(control);
    expect(html).not.toContain('many-customers-per-caller');
  });
});

describe('approvals inbox', () => {
  it.each(['zh-CN', 'en'] as const)('lists the masked case with its history and decision controls (%s)', (language) => {
    const state = { ...initialApprovals, enabled: true, loaded: true, approvals: [pendingApproval()] };
    const html = renderToStaticMarkup(
      createElement(I18nextProvider, { i18n: createI18n(language) }, createElement(ApprovalsInbox, { state, formatTime: (at: string) => at.slice(11, 16), onRefresh: () => {}, onDecide: async () => true })),
    );
    for (const hook of ['approvals-inbox', 'approval-item', 'approval-reason', 'approval-approve', 'approval-deny', 'approval-customer']) expect(testIds(html), hook).toContain(hook);
    expect(unnamedControls(html)).toEqual([]);
    expect(text(html)).not.toMatch(/\bverify\.[a-zA-Z]/);
    expect(text(html)).toContain('1***************77');
    // The step history in words, not codes.
    expect(text(html)).toContain(language === 'en' ? 'Basic details: passed' : '基本信息核对：通过');
    expect(text(html)).not.toContain('basic: passed');
    // The reason is worded for the lead, not "above your role".
    expect(text(html)).toContain(language === 'en' ? 'above the agent' : '超出经办坐席的权限');
    expect(text(html)).not.toContain(language === 'en' ? 'above your role' : '超出您的权限');
  });
});

describe('call-back queue', () => {
  const queueState = (overrides: Partial<CallbackQueueState> = {}): CallbackQueueState => ({
    ...initialCallbackQueue,
    enabled: true,
    loaded: true,
    callbacks: [
      openCallback(),
      openCallback(CALLBACK_ID_2, { customerRef: '139****0001', customerId: null, reason: 'outage; wanted: unspecified; window: asap', businessType: null, window: 'asap', notes: null, requestedBy: null }),
    ],
    ...overrides,
  });
  const renderQueue = (state: CallbackQueueState, language: Language = 'zh-CN') =>
    renderToStaticMarkup(
      createElement(I18nextProvider, { i18n: createI18n(language) }, createElement(CallbackQueue, { state, formatTime: (at: string) => at.slice(11, 16), onRefresh: () => {}, onClose: async () => true })),
    );
  /** Each item's markup, by its data-id. */
  const items = (html: string) => new Map([...html.matchAll(/<article[^>]*data-testid="callback-item" data-id="([^"]+)"[\s\S]*?<\/article>/g)].map((m) => [m[1]!, m[0]]));

  it.each([
    ['zh-CN', ['回拨队列', '待回拨 2 条', '138****5678', '09:12', '登记坐席：agent01', '办理业务：资金交易', '方便接听：今天内', '坐席备注：客户想办理转账，请今天下午回电', '已回拨', '不再需要', '处理备注（可选）']],
    ['en', ['Call-back queue', '2 open', '138****5678', '09:12', 'Recorded by: agent01', 'Wanted: Fund transaction', 'Best time: Later today', 'notes: 客户想办理转账，请今天下午回电', 'Called back', 'No longer needed', 'Closing note (optional)']],
  ] as const)('lists each call-back with its details and close controls (%s)', (language, phrases) => {
    const html = renderQueue(queueState(), language);
    for (const hook of ['callback-queue', 'callback-queue-count', 'callback-queue-refresh', 'callback-item', 'callback-done', 'callback-cancel', 'callback-close-note']) expect(testIds(html), hook).toContain(hook);
    expect(testIds(html)).not.toContain('callback-queue-empty');
    expect(html).toMatch(/data-testid="callback-queue"[^>]*data-count="2"/);
    expect([...items(html).keys()]).toEqual([CALLBACK_ID, CALLBACK_ID_2]);
    expect(unnamedControls(html)).toEqual([]);
    expect(text(html)).not.toMatch(/\bverify\.[a-zA-Z]/);
    for (const phrase of phrases) expect(text(html), phrase).toContain(phrase);
    const quiet = text(items(html).get(CALLBACK_ID_2)!);
    expect(quiet).toContain('139****0001');
    expect(quiet).toContain(language === 'en' ? 'Wanted: not said' : '办理业务：客户未说明');
    expect(quiet).toContain(language === 'en' ? 'Best time: As soon as possible' : '方便接听：尽快回电');
    expect(quiet).toContain(language === 'en' ? 'Recorded by: not known' : '登记坐席：未记录');
    expect(items(html).get(CALLBACK_ID_2)).not.toContain('callback-item-notes');
    expect(html).toMatch(/data-testid="callback-close-note"[^>]*maxLength="500"/);
    // The reason is shown in words, not as journaled.
    expect(html).not.toContain('outage; wanted');
  });

  it('shows the masked number and nothing else that identifies the customer or the call (Art. 11)', () => {
    const leaked = openCallback(CALLBACK_ID, { customerRef: FULL_MOBILE });
    const html = renderQueue(queueState({ callbacks: [leaked, openCallback(CALLBACK_ID_2)] }));
    expect(html.replace(/\D/g, '')).not.toContain(FULL_MOBILE);
    expect(text(items(html).get(CALLBACK_ID)!)).toContain('138****5678');
    expect(html).not.toContain(wang.id);
    expect(html).not.toContain(CALL_ID);
  });

  it('shows a reason this desk did not write as it is, and what it could read', () => {
    const html = renderQueue(
      queueState({
        callbacks: [
          openCallback(CALLBACK_ID, { reason: '客户来信要求回电（手工登记）', businessType: null, window: null }),
          openCallback(CALLBACK_ID_2, { reason: 'outage; wanted: large-loan; window: tomorrow-morning', businessType: null, window: null }),
        ],
      }),
    );
    const manual = text(items(html).get(CALLBACK_ID)!);
    expect(manual).toContain('登记内容（原文）：客户来信要求回电（手工登记）');
    expect(manual).not.toContain('客户未说明');
    expect(manual).not.toContain('方便接听');
    const parsed = text(items(html).get(CALLBACK_ID_2)!);
    expect(parsed).toContain('办理业务：大额贷款申请');
    expect(parsed).toContain('方便接听：明天上午');
    expect(parsed).not.toContain('原文');
  });

  it.each(['zh-CN', 'en'] as const)('says when there is nothing to call back (%s)', (language) => {
    const html = renderQueue(queueState({ callbacks: [] }), language);
    expect(testIds(html)).toContain('callback-queue-empty');
    expect(testIds(html)).not.toContain('callback-item');
    expect(text(html)).toContain(language === 'en' ? 'No call-backs waiting' : '暂无待回拨客户');
    expect(text(html)).not.toMatch(/\bverify\.[a-zA-Z]/);
    expect(unnamedControls(html)).toEqual([]);
  });

  it('keeps a call-back it could not close, saying why; another lead’s close in words of its own', () => {
    const html = renderQueue(queueState({ closeProblem: { id: CALLBACK_ID, code: 'unavailable' } }));
    const failed = items(html).get(CALLBACK_ID)!;
    expect(failed).toMatch(/role="alert" data-testid="callback-close-problem" data-code="unavailable"/);
    expect(text(failed)).toContain('这条回拨未能关闭：记录服务暂时无法连接');
    expect(items(html).get(CALLBACK_ID_2)).not.toContain('callback-close-problem');
    const conflict = renderQueue(queueState({ closeProblem: { id: CALLBACK_ID, code: 'conflict' } }), 'en');
    expect(text(items(conflict).get(CALLBACK_ID)!)).toContain('This call-back is already closed (perhaps by another lead).');
  });

  it('while one is closing: its button says so, and no other close can start', () => {
    const html = renderQueue(queueState({ closing: { id: CALLBACK_ID, outcome: 'done' } }));
    const busy = items(html).get(CALLBACK_ID)!;
    expect(text(section(busy, 'callback-done'))).toBe('正在提交…');
    expect(text(section(busy, 'callback-cancel'))).toBe('不再需要');
    for (const button of html.matchAll(/<button[^>]*data-testid="callback-(done|cancel)"[^>]*>/g)) expect(button[0]).toContain('disabled=""');
  });

  it('says why the queue could not be read', () => {
    const html = renderQueue(queueState({ callbacks: [], problem: 'forbidden' }), 'en');
    expect(html).toMatch(/role="alert" data-testid="callback-queue-problem"/);
    expect(text(html)).toContain('The call-back queue could not be loaded: ');
    expect(testIds(html)).not.toContain('callback-queue-empty');
    expect(testIds(html)).not.toContain('callback-queue-count');
  });
});

describe('verification column', () => {
  function column(tier: 'agent' | 'lead', language: Language = 'zh-CN') {
    const api = fakeAgentDesk({ 'auth:current': () => ok({ agent: { ...demoAgent, tier } }) });
    const sessionStore = createAppController(api).stores.session;
    sessionStore.dispatch({ type: 'agent-loaded', agent: { ...demoAgent, tier } });
    const approvals = createApprovalsController({ api, session: sessionStore });
    const callbacks = createCallbackQueueController({ api, session: sessionStore });
    approvals.start();
    callbacks.start();
    callbacks.store.dispatch({ type: 'loaded', callbacks: [openCallback()] });
    return renderToStaticMarkup(createElement(I18nextProvider, { i18n: createI18n(language) }, createElement(VerificationColumn, { controller: panelWith([]), approvals, callbacks })));
  }

  it.each(['zh-CN', 'en'] as const)('gives a lead a call-back queue tab with the count beside the approvals (%s)', (language) => {
    const html = column('lead', language);
    for (const hook of ['tab-verify', 'approvals-tab', 'callbacks-tab', 'approvals-inbox', 'callback-queue', 'callback-item']) expect(testIds(html), hook).toContain(hook);
    expect(html).toMatch(/data-testid="callbacks-tab" data-count="1"/);
    expect(text(section(html, 'callbacks-tab'))).toBe(language === 'en' ? 'Call-backs (1)' : '回拨队列（1）');
    // The check is in front; the lead's rooms wait behind their tabs.
    expect(html).toMatch(/id="tabpanel-callbacks" role="tabpanel" aria-labelledby="tab-callbacks" class="verify-column__panel" hidden=""/);
    expect(unnamedControls(html)).toEqual([]);
    expect(text(html)).not.toMatch(/\bverify\.[a-zA-Z]/);
  });

  it('gives an agent the check alone', () => {
    const html = column('agent');
    for (const hook of ['callbacks-tab', 'callback-queue', 'approvals-tab']) expect(testIds(html)).not.toContain(hook);
    expect(testIds(html)).toContain('verify-panel');
  });
});
