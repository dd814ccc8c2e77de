// Art. 4(2) on the panel: when the business may change, what the policy predicts it will still
// ask, the controller's request with the reason, the store re-planned from the answer, and the
// verified badge naming the business in both languages.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import type { Language } from '../../../../common/domain.js';
import type { BusinessChangeResponse } from '../../../../common/records-api.js';
import { ok } from '../../../../common/result.js';
import { createI18n } from '../../../../renderer/i18n/index.js';
import {
  canChangeBusiness,
  predictedReplan,
} from '../../../../renderer/verification/intent-view.js';
import type { VerificationAction } from '../../../../renderer/verification/state.js';
import { initialVerification } from '../../../../renderer/verification/state.js';
import { VerificationPanel } from '../../../../renderer/verification/VerificationPanel.js';
import { createAppController } from '../../../../renderer/state/app-controller.js';
import { createStore } from '../../../../renderer/state/store.js';
import { createVerificationController } from '../../../../renderer/verification/controller.js';
import { demoAgent, fakeAgentDesk, settle } from '../fake-agent-desk.js';
import { activeCall, fakePhone } from '../softphone/fake-phone.js';
import { section, text } from '../html.js';
import { after, CALL_ID, FULL_MOBILE, panelWith, session, verifyHandlers } from './fixtures.js';

const verifiedEnquiry = after(session('enquiry'), ['basic', 'confirmation'], {
  status: 'verified',
});
const call = {
  id: CALL_ID,
  number: FULL_MOBILE,
  displayName: null,
  direction: 'inbound' as const,
  callerIdSource: 'pai' as const,
  answered: true,
  ended: false,
};
const onCall = (s = verifiedEnquiry) => ({
  ...initialVerification,
  tier: 'agent' as const,
  call,
  session: s,
});

/** What the records service answers for enquiry → fund transfer after verification. */
const replanned: BusinessChangeResponse = {
  ...after(session('fund-transfer'), ['basic']),
  result: 'replanned',
  attemptsLeft: null,
  change: { from: 'enquiry', to: 'fund-transfer', direction: 'up' },
};

describe('intent view', () => {
  it('a verified or open session may change on a live call; not while busy, ended or suspended', () => {
    expect(canChangeBusiness(onCall())).toBe(true);
    expect(canChangeBusiness(onCall(session('enquiry')))).toBe(true);
    expect(canChangeBusiness({ ...onCall(), pending: 'confirm' })).toBe(false);
    expect(canChangeBusiness({ ...onCall(), outage: true })).toBe(false);
    expect(canChangeBusiness({ ...onCall(), call: { ...call, ended: true } })).toBe(false);
    for (const status of ['suspended', 'not-confirmed', 'exception', 'awaiting-approval'] as const)
      expect(canChangeBusiness(onCall({ ...verifiedEnquiry, status }))).toBe(false);
  });

  it('predicts only the missing steps, and a lead’s approval beyond the tier', () => {
    expect(predictedReplan(onCall(), 'fund-transfer')).toEqual({
      steps: ['password', 'confirmation'],
      approval: false,
    });
    expect(predictedReplan(onCall(), 'account-change')).toEqual({
      steps: ['password', 'otp', 'confirmation'],
      approval: true,
    });
    expect(predictedReplan(onCall(), 'enquiry')).toBeNull();
  });
});

describe('controller', () => {
  async function setup() {
    const api = fakeAgentDesk({
      'auth:current': () => ok({ agent: demoAgent }),
      ...verifyHandlers({
        'verify:start': () => ok(verifiedEnquiry),
        'verify:business': () => ok(replanned),
      }),
    });
    const app = createAppController(api);
    app.start();
    const phone = fakePhone();
    const phoneStore = createStore<unknown, unknown>((_s, next) => next, phone);
    const verification = createVerificationController({
      api,
      phone: phoneStore as never,
      attachSecureEntry: (consumer) => phone.attachSecureEntry(consumer),
      session: app.stores.session,
    });
    verification.start();
    await settle();
    phone.set({
      call: activeCall({ remote: { number: FULL_MOBILE, displayName: null, source: 'pai' } }),
    });
    await settle();
    await verification.chooseBusinessType('enquiry');
    return { api, verification, state: () => verification.store.getState() };
  }

  it('sends the new business with the reason and note; the store re-plans from the answer', async () => {
    const t = await setup();
    await t.verification.changeBusiness('fund-transfer', 'customer-new-request', '  转账  ');
    expect(t.api.callsTo('verify:business')).toEqual([
      {
        sessionId: verifiedEnquiry.id,
        businessType: 'fund-transfer',
        reason: 'customer-new-request',
        note: '转账',
      },
    ]);
    const state = t.state();
    expect(state.businessType).toBe('fund-transfer');
    expect(state.session?.nextStep).toBe('password');
    expect(state.session).not.toHaveProperty('change');
    expect(state.last).toMatchObject({ action: 'business', result: 'replanned' });
    expect(state.outcomes.at(-1)).toMatchObject({ action: 'business', result: 'replanned' });
  });

  it('sends nothing for the same business, or for "other" without a note', async () => {
    const t = await setup();
    await t.verification.changeBusiness('enquiry', 'customer-new-request', '');
    await t.verification.changeBusiness('fund-transfer', 'other', '   ');
    expect(t.api.callsTo('verify:business')).toEqual([]);
  });
});

describe('panel', () => {
  const render = (actions: VerificationAction[], language: Language) =>
    renderToStaticMarkup(
      createElement(
        I18nextProvider,
        { i18n: createI18n(language) },
        createElement(VerificationPanel, { controller: panelWith(actions) }),
      ),
    );
  const start: VerificationAction[] = [
    { type: 'tier', tier: 'agent' },
    { type: 'call-started', call, lookup: false },
    { type: 'call-answered', callId: CALL_ID },
  ];

  it.each([
    ['zh-CN', '已核验：一般咨询', '已核验：资金交易'],
    ['en', 'Verified: General enquiry', 'Verified: Fund transaction'],
  ] as const)('%s: the badge names the business it verified', (language, enquiry, transfer) => {
    const verified = render(
      [...start, { type: 'session-loaded', session: verifiedEnquiry }],
      language,
    );
    expect(text(section(verified, 'verified-badge'))).toBe(enquiry);
    expect(verified).toContain('data-testid="business-change-open"');
    const transferVerified = after(
      session('fund-transfer'),
      ['basic', 'password', 'confirmation'],
      {
        status: 'verified',
      },
    );
    const html = render(
      [...start, { type: 'session-loaded', session: transferVerified }],
      language,
    );
    expect(text(section(html, 'verified-badge'))).toBe(transfer);
  });

  it('after a step-up: no badge, the change and what is still asked', () => {
    const html = render(
      [
        ...start,
        { type: 'session-loaded', session: verifiedEnquiry },
        { type: 'checked', action: 'business', response: replanned, at: 1 },
      ],
      'zh-CN',
    );
    expect(html).not.toContain('data-testid="verified-badge"');
    expect(text(section(html, 'business-changed'))).toContain('业务已改为“资金交易”');
    expect(text(section(html, 'business-changed'))).toContain('请补充：密码验证和身份确认');
  });
});
