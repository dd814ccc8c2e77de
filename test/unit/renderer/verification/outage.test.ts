// Art. 12 outage procedure in the panel: while the records service cannot
// be reached and a call is on, the panel runs the emergency script and takes a call-back request
// instead of the checks; the masked number is what the agent sees, the full one only goes into the
// `outage:callback` request; when the service is back the normal panel returns.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { CALLBACK_WINDOWS } from '../../../../common/callback-reason.js';
import {
  CallbackRequest,
  type CallbackRecorded,
  type Connectivity,
} from '../../../../common/connectivity.js';
import type { Language } from '../../../../common/domain.js';
import { fail, ok, type Result } from '../../../../common/result.js';
import {
  connectivityReducer,
  initialConnectivity,
} from '../../../../renderer/connectivity/state.js';
import { createI18n } from '../../../../renderer/i18n/index.js';
import type { Phone } from '../../../../renderer/phone/types.js';
import { createAppController } from '../../../../renderer/state/app-controller.js';
import { createStore } from '../../../../renderer/state/store.js';
import { callbackRequest } from '../../../../renderer/verification/callback.js';
import { createVerificationController } from '../../../../renderer/verification/controller.js';
import {
  initialVerification,
  verificationReducer,
  type VerificationAction,
  type VerificationState,
} from '../../../../renderer/verification/state.js';
import { VerificationPanel } from '../../../../renderer/verification/VerificationPanel.js';
import { canCheck } from '../../../../renderer/verification/view.js';
import {
  initialSurvey,
  type SurveyState,
} from '../../../../renderer/verification/survey/machine.js';
import { connectivity, recordsDown } from '../connectivity/fixtures.js';
import { demoAgent, fakeAgentDesk, settle, type FakeHandlers } from '../fake-agent-desk.js';
import { activeCall, fakePhone } from '../softphone/fake-phone.js';
import { after, CALL_ID, FULL_MOBILE, li, session, verifyHandlers, wang } from './fixtures.js';
import { section, testIds } from '../html.js';

const MASKED = '138****5678';
const recorded: CallbackRecorded = {
  entryId: '90000000-0000-4000-8000-000000000001',
  seq: 42,
  customerRef: MASKED,
  at: '2026-11-26T09:12:00.000Z',
};

// ---- the reducer and the request ----

const run = (...actions: VerificationAction[]): VerificationState =>
  actions.reduce(verificationReducer, { ...initialVerification, tier: 'agent' as const });
const startedWith = (number: string): VerificationAction => ({
  type: 'call-started',
  call: {
    id: CALL_ID,
    number,
    displayName: null,
    callerIdSource: 'pai',
    direction: 'inbound',
    answered: false,
  },
  lookup: true,
});
const started = startedWith(FULL_MOBILE);
const answered: VerificationAction = { type: 'call-answered', callId: CALL_ID };
const down: VerificationAction = { type: 'outage', outage: true };

describe('outage in the panel state', () => {
  it('names every call-back window of the contract in both languages', () => {
    for (const language of ['zh-CN', 'en'] as const) {
      const i18n = createI18n(language);
      for (const w of CALLBACK_WINDOWS)
        expect(i18n.exists(`verify.outage.callback.windows.${w}`), `${language} ${w}`).toBe(true);
    }
  });

  it('starts no business and opens no keypad while the records service is down', () => {
    const live = run(started, answered, down);
    expect(
      verificationReducer(live, { type: 'business-type-chosen', businessType: 'large-loan' }),
    ).toBe(live);
    const withSession = run(
      started,
      answered,
      { type: 'session-loaded', session: after(session('fund-transfer'), ['basic']) },
      down,
    );
    expect(verificationReducer(withSession, { type: 'keypad-opened', purpose: 'password' })).toBe(
      withSession,
    );
    expect(canCheck(withSession)).toBe(false);
    expect(canCheck(verificationReducer(withSession, { type: 'outage', outage: false }))).toBe(
      true,
    );
  });

  it('keeps the draft after a failure, locks it once recorded, and clears it for the next call (the outage stays)', () => {
    let state = run(started, answered, down, {
      type: 'callback-draft',
      draft: { window: 'tomorrow-morning', notes: 'x'.repeat(600) },
    });
    expect(state.callback.draft).toEqual({
      businessType: null,
      window: 'tomorrow-morning',
      notes: 'x'.repeat(500),
    });
    state = verificationReducer(state, { type: 'callback-sending', callId: CALL_ID });
    state = verificationReducer(state, {
      type: 'callback-failed',
      callId: CALL_ID,
      code: 'internal',
    });
    expect(state.callback).toMatchObject({
      sending: false,
      problem: 'internal',
      recorded: null,
      draft: { window: 'tomorrow-morning' },
    });
    state = verificationReducer(state, {
      type: 'callback-recorded',
      callId: 'another-call',
      recorded,
    });
    expect(state.callback.recorded).toBeNull();
    state = verificationReducer(state, { type: 'callback-recorded', callId: CALL_ID, recorded });
    expect(state.callback).toMatchObject({ recorded, problem: null });
    expect(verificationReducer(state, { type: 'callback-draft', draft: { window: 'today' } })).toBe(
      state,
    );
    const next = verificationReducer(
      verificationReducer(state, { type: 'call-ended', callId: CALL_ID }),
      { type: 'wrapped-up' },
    );
    expect(next.callback.recorded).toBeNull();
    expect(next.outage).toBe(true);
    expect(verificationReducer(next, { type: 'signed-out' }).outage).toBe(true);
  });

  it('builds the request from the call, the popped customer and the business the panel knows', () => {
    const state = run(
      started,
      { type: 'lookup-done', callId: CALL_ID, customers: [wang] },
      answered,
      { type: 'business-type-chosen', businessType: 'large-loan' },
      down,
    );
    expect(callbackRequest(state)).toEqual({
      callId: CALL_ID,
      callerNumber: FULL_MOBILE,
      customerId: wang.id,
      businessType: 'large-loan',
      window: 'asap',
    });
    const said = verificationReducer(state, {
      type: 'callback-draft',
      draft: { businessType: '', notes: '  wants to raise the limit  ' },
    });
    expect(callbackRequest(said)).toEqual({
      callId: CALL_ID,
      callerNumber: FULL_MOBILE,
      customerId: wang.id,
      window: 'asap',
      notes: 'wants to raise the limit',
    });
    const plus86 = run(startedWith('+86 138-1234-5678'), down);
    expect(callbackRequest(plus86)?.callerNumber).toBe(FULL_MOBILE);
    const withheld = run(startedWith(''), down);
    expect(callbackRequest(withheld)).toBeNull();
    // Withheld, but the agent chose the customer on the call: the number on record is called.
    const chosen = run(
      startedWith(''),
      { type: 'lookup-done', callId: CALL_ID, customers: [wang] },
      { type: 'customer-chosen', customerId: wang.id },
      down,
    );
    expect(callbackRequest(chosen)).toEqual({
      callId: CALL_ID,
      customerId: wang.id,
      window: 'asap',
    });
  });
});

// ---- the controller ----

async function setup(handlers: FakeHandlers = {}) {
  const api = fakeAgentDesk({
    'auth:current': () => ok({ agent: demoAgent }),
    'outage:callback': () => ok(recorded),
    ...verifyHandlers(handlers),
  });
  const app = createAppController(api);
  app.start();
  const phone = fakePhone();
  const phoneStore = createStore<Phone | null, Phone | null>((_s, next) => next, phone);
  const links = createStore(connectivityReducer, initialConnectivity);
  const verification = createVerificationController({
    api,
    phone: phoneStore as never,
    attachSecureEntry: (consumer) => phone.attachSecureEntry(consumer),
    session: app.stores.session,
    connectivity: links,
  });
  verification.start();
  await settle();
  const state = () => verification.store.getState();
  const main = (c: Connectivity) => links.dispatch({ type: 'loaded', connectivity: c });
  const onCall = async () => {
    phone.set({
      call: activeCall({
        phase: 'ringing',
        answeredAt: null,
        remote: { number: FULL_MOBILE, displayName: null, source: 'pai' },
      }),
    });
    await settle();
    phone.set({
      call: activeCall({ remote: { number: FULL_MOBILE, displayName: null, source: 'pai' } }),
    });
    await settle();
  };
  return { api, phone, verification, state, main, onCall };
}

describe('outage: the controller', () => {
  it('follows the records service: down → outage, up → normal; the SIP line or the OS alone is no outage', async () => {
    const t = await setup();
    t.main(connectivity());
    expect(t.state().outage).toBe(false);
    t.main(connectivity({ state: 'degraded', sip: 'down' }));
    expect(t.state().outage).toBe(false);
    t.main(recordsDown());
    expect(t.state().outage).toBe(true);
    t.main(connectivity({ os: 'offline', records: 'up' }));
    expect(t.state().outage).toBe(false);
    t.main(connectivity({ state: 'offline', os: 'offline', records: 'down', sip: 'down' }));
    expect(t.state().outage).toBe(true);
    t.main(connectivity());
    expect(t.state().outage).toBe(false);
  });

  it('starts no verification while the records service is down', async () => {
    const t = await setup();
    await t.onCall();
    t.main(recordsDown());
    await t.verification.chooseBusinessType('large-loan');
    expect(t.api.callsTo('verify:start')).toEqual([]);
    expect(t.state().businessType).toBeNull();
  });

  it('stops listening to the keypad when the service goes, and re-reads the session when it is back', async () => {
    const pw = after(session('fund-transfer'), ['basic']);
    const t = await setup({
      'verify:start': () => ok(pw),
      'verify:get': () => ok(after(pw, ['basic', 'password'])),
    });
    await t.onCall();
    await t.verification.chooseBusinessType('fund-transfer');
    t.verification.startKeypad();
    expect(t.state().keypad?.purpose).toBe('password');
    t.main(recordsDown());
    expect(t.state().keypad).toBeNull();
    expect(t.phone.released).toBe(1);
    t.verification.startKeypad();
    expect(t.state().keypad).toBeNull();
    t.main(connectivity());
    await settle();
    expect(t.api.callsTo('verify:get')).toEqual([{ sessionId: pw.id }]);
    expect(t.state().session?.nextStep).toBe('confirmation');
  });

  it('looks the caller up again when the service is back, if the look-up failed meanwhile', async () => {
    let lookups = 0;
    const t = await setup({
      'verify:lookup': () =>
        ++lookups === 1 ? fail('unavailable', 'records down') : ok({ customers: [li] }),
    });
    t.main(recordsDown());
    await t.onCall();
    expect(t.state().lookup.status).toBe('failed');
    t.main(connectivity());
    await settle();
    expect(t.state().lookup).toMatchObject({ status: 'done', customers: [li] });
    expect(t.state().customerId).toBe(li.id);
  });

  it('sends the call-back with the full number in the request only, once per call', async () => {
    const t = await setup();
    await t.onCall();
    t.main(recordsDown({ backlog: 3 }));
    t.verification.setCallbackDraft({
      businessType: 'large-loan',
      window: 'tomorrow-afternoon',
      notes: ' 想申请大额贷款 ',
    });
    expect(await t.verification.submitCallback()).toBe(true);
    const sent = t.api.callsTo('outage:callback');
    expect(sent).toEqual([
      {
        callId: CALL_ID,
        callerNumber: FULL_MOBILE,
        customerId: wang.id,
        businessType: 'large-loan',
        window: 'tomorrow-afternoon',
        notes: '想申请大额贷款',
      },
    ]);
    expect(CallbackRequest.safeParse(sent[0]).success).toBe(true);
    expect(t.state().callback.recorded).toEqual(recorded);
    expect(await t.verification.submitCallback()).toBe(false);
    expect(t.api.callsTo('outage:callback')).toHaveLength(1);
    // Nothing in the store holds the full number outside the call itself (which the softphone
    // shows).
    expect(JSON.stringify(t.state().callback)).not.toContain(FULL_MOBILE);
  });

  it('keeps the input and says why when the call-back cannot be recorded; a retry can succeed', async () => {
    let answer: Result<CallbackRecorded> = fail('internal', 'journal busy');
    const t = await setup({ 'outage:callback': () => answer });
    await t.onCall();
    t.main(recordsDown());
    t.verification.setCallbackDraft({ window: 'today', notes: 'call after 3pm' });
    expect(await t.verification.submitCallback()).toBe(false);
    expect(t.state().callback).toMatchObject({
      sending: false,
      recorded: null,
      problem: 'internal',
      draft: { window: 'today', notes: 'call after 3pm' },
    });
    answer = ok(recorded);
    expect(await t.verification.submitCallback()).toBe(true);
    expect(t.state().callback).toMatchObject({ recorded, problem: null });
    expect(t.api.callsTo('outage:callback')).toHaveLength(2);
  });

  it('sends nothing while a first attempt is still on its way', async () => {
    let release: (() => void) | null = null;
    const t = await setup({
      'outage:callback': () => new Promise((resolve) => (release = () => resolve(ok(recorded)))),
    });
    await t.onCall();
    t.main(recordsDown());
    const first = t.verification.submitCallback();
    expect(t.state().callback.sending).toBe(true);
    expect(await t.verification.submitCallback()).toBe(false);
    release!();
    expect(await first).toBe(true);
    expect(t.api.callsTo('outage:callback')).toHaveLength(1);
  });
});

// ---- the panel ----

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
const OUTAGE_IDS = [
  'outage-banner',
  'outage-script',
  'callback-request',
  'callback-window',
  'callback-notes',
  'callback-submit',
  'callback-number',
];
const STEP_IDS = [
  'business-type',
  'verify-step',
  'basic-submit',
  'secure-entry',
  'confirm-yes',
  'otp-send',
  'approval-request',
];

function panelHtml(actions: VerificationAction[], language: Language = 'zh-CN'): string {
  const store = createStore(verificationReducer, {
    ...initialVerification,
    tier: 'agent' as const,
  });
  for (const action of actions) store.dispatch(action);
  // The keypad survey (Art. 22) only reads its store here: it stays idle.
  const survey = { store: createStore((_: SurveyState, next: SurveyState) => next, initialSurvey) };
  const controller = { store, survey } as unknown as Parameters<
    typeof VerificationPanel
  >[0]['controller'];
  return renderToStaticMarkup(
    createElement(
      I18nextProvider,
      { i18n: createI18n(language) },
      createElement(VerificationPanel, { controller }),
    ),
  );
}

const config: VerificationAction = {
  type: 'config-loaded',
  config: { companyName: '示例信贷', departmentName: '电话银行客服', complaintHotline: '95588' },
};
const popped: VerificationAction = { type: 'lookup-done', callId: CALL_ID, customers: [wang] };
const up: VerificationAction = { type: 'outage', outage: false };
const ended: VerificationAction = { type: 'call-ended', callId: CALL_ID };
const fraud: VerificationAction = {
  type: 'session-loaded',
  session: {
    ...session(),
    status: 'suspended',
    nextStep: null,
    fraud: {
      reasons: ['many-customers-per-caller'],
      script: 'suspected-fraud',
      customerInformedAt: null,
    },
  },
};

describe.each(['zh-CN', 'en'] as const)('outage in the panel (%s)', (language) => {
  it.each([
    ['ringing', [config, started, popped, down]],
    ['answered', [config, started, popped, answered, down]],
    [
      'answered, a check under way',
      [
        config,
        started,
        popped,
        answered,
        { type: 'session-loaded', session: after(session('large-loan'), ['basic']) },
        down,
      ],
    ],
  ] as [string, VerificationAction[]][])(
    '%s: the banner, the script and the call-back form replace the checks',
    (_name, actions) => {
      const html = panelHtml(actions, language);
      for (const id of OUTAGE_IDS) expect(testIds(html), id).toContain(id);
      for (const id of STEP_IDS) expect(testIds(html), id).not.toContain(id);
      expect(html).toMatch(/data-testid="verify-panel"[^>]*data-outage="true"/);
      expect(text(html)).not.toMatch(/\bverify\.[a-zA-Z]/);
    },
  );

  it('shows no outage without a call, nor with the service up', () => {
    for (const html of [
      panelHtml([config, down], language),
      panelHtml([config, started, popped, answered], language),
      panelHtml([config, started, popped, answered, down, up], language),
    ]) {
      for (const id of OUTAGE_IDS) expect(testIds(html), id).not.toContain(id);
    }
    expect(testIds(panelHtml([config, started, popped, answered, down, up], language))).toContain(
      'business-type',
    );
  });

  it('keeps the banner and the form in the wrap-up, without the script', () => {
    const html = panelHtml([config, started, popped, answered, down, ended], language);
    for (const id of ['outage-banner', 'callback-request', 'wrap-up'])
      expect(testIds(html), id).toContain(id);
    expect(testIds(html)).not.toContain('outage-script');
  });
});

describe('outage in the panel: details', () => {
  const live = [config, started, popped, answered, down];

  it('reads the emergency script with the company’s name (Art. 12)', () => {
    const script = text(section(panelHtml(live), 'outage-script'));
    expect(script).toContain('非常抱歉，示例信贷的业务系统暂时出现故障');
    expect(script).toMatch(/转账汇款、大额贷款申请、账户信息修改和重要信息查询/);
    expect(script).toContain('回电');
    expect(text(section(panelHtml(live, 'en'), 'outage-script'))).toContain(
      "示例信贷's systems are temporarily unavailable",
    );
    expect(text(section(panelHtml([started, answered, down]), 'outage-script'))).toContain(
      '我们的业务系统暂时出现故障',
    );
  });

  it('tells the agent the checks are off and nothing is lost', () => {
    const banner = text(section(panelHtml(live), 'outage-banner'));
    expect(banner).toContain('记录服务暂时无法连接');
    expect(banner).toContain('身份核验和高风险业务');
    expect(banner).toContain('自动同步');
  });

  it('shows the number to call back masked, never in full', () => {
    const form = section(panelHtml(live), 'callback-request');
    expect(text(section(form, 'callback-number'))).toBe(MASKED);
    expect(form.replace(/\D/g, '')).not.toContain(FULL_MOBILE);
    expect(form).toMatch(/data-testid="callback-notes"[^>]*maxLength="500"/);
    const windows = [...section(form, 'callback-window').matchAll(/<option value="([^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(windows).toEqual([...CALLBACK_WINDOWS]);
    expect(section(form, 'callback-business')).toContain('大额贷款申请');
  });

  it('refuses a call-back without a number to call', () => {
    const withheld = panelHtml([config, startedWith(''), answered, down]);
    expect(testIds(withheld)).toContain('callback-no-number');
    expect(section(withheld, 'callback-submit')).toMatch(/disabled=""/);
  });

  it('records a withheld caller for the customer chosen on the call', () => {
    const chosen = panelHtml([
      config,
      startedWith(''),
      { type: 'lookup-done', callId: CALL_ID, customers: [wang] },
      answered,
      { type: 'customer-chosen', customerId: wang.id },
      down,
    ]);
    expect(testIds(chosen)).not.toContain('callback-no-number');
    expect(text(section(chosen, 'callback-withheld'))).toContain('预留号码');
    expect(section(chosen, 'callback-submit')).not.toMatch(/disabled=""/);
  });

  it('shows a failure with its reason and keeps what the agent entered', () => {
    const html = panelHtml([
      ...live,
      { type: 'callback-draft', draft: { window: 'today', notes: 'call after 3pm' } },
      { type: 'callback-sending', callId: CALL_ID },
      { type: 'callback-failed', callId: CALL_ID, code: 'internal' },
    ]);
    expect(text(section(html, 'callback-problem'))).toContain('回拨未能登记');
    expect(section(html, 'callback-notes')).toContain('call after 3pm');
    expect(section(html, 'callback-window')).toMatch(/<option value="today" selected=""/);
    expect(section(html, 'callback-submit')).not.toMatch(/disabled=""/);
  });

  it('once recorded: says so, the choices stay read-only, and there is nothing to send again', () => {
    const html = panelHtml([
      ...live,
      { type: 'callback-draft', draft: { window: 'tomorrow-morning' } },
      { type: 'callback-recorded', callId: CALL_ID, recorded },
    ]);
    const note = text(section(html, 'callback-recorded'));
    expect(note).toContain(`已登记回拨：${MASKED}，明天上午`);
    expect(note).toContain('团队回拨队列');
    expect(testIds(section(html, 'callback-request'))).toContain('callback-recorded');
    expect(testIds(html)).not.toContain('callback-submit');
    expect(section(html, 'callback-request')).toMatch(/<fieldset[^>]*disabled=""/);
    expect(section(html, 'callback-window')).toMatch(
      /<option value="tomorrow-morning" selected=""/,
    );
  });

  it('returns to the normal panel when the service is back, the recorded call-back still shown', () => {
    const html = panelHtml([...live, { type: 'callback-recorded', callId: CALL_ID, recorded }, up]);
    expect(testIds(html)).toContain('business-type');
    expect(testIds(html)).toContain('callback-recorded');
    for (const id of ['outage-banner', 'outage-script', 'callback-request'])
      expect(testIds(html), id).not.toContain(id);
    expect(html).toMatch(/data-testid="verify-panel"[^>]*data-outage="false"/);
  });

  it('runs the fraud script, not a call-back, when the session was suspended (Art. 18)', () => {
    const html = panelHtml([config, started, popped, answered, fraud, down]);
    expect(testIds(html)).toContain('fraud-banner');
    expect(testIds(html)).toContain('outage-banner');
    expect(testIds(html)).not.toContain('callback-request');
    expect(testIds(html)).not.toContain('outage-script');
  });
});
