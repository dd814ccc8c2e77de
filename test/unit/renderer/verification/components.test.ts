// The panel rendered (react-dom/server, plain Node) in every state of a call, in both languages:
// the test hooks are there, every control has an accessible name, no catalogue key is missing, and
// no full ID number, mobile or keypad digit reaches the markup.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import type { Language } from '../../../../common/domain.js';
import type { ReadBack } from '../../../../common/records-api.js';
import { createI18n } from '../../../../renderer/i18n/index.js';
import type { VerificationAction } from '../../../../renderer/verification/state.js';
import { VerificationPanel } from '../../../../renderer/verification/VerificationPanel.js';
import { after, answer, CALL_ID, FULL_ID, li, panelWith, session, wang } from './fixtures.js';
import { testIds, text, unnamedControls } from '../html.js';

function render(actions: VerificationAction[], language: Language = 'zh-CN'): string {
  return renderToStaticMarkup(
    createElement(
      I18nextProvider,
      { i18n: createI18n(language) },
      createElement(VerificationPanel, { controller: panelWith(actions) }),
    ),
  );
}

const config: VerificationAction = {
  type: 'config-loaded',
  config: { companyName: '示例信贷', departmentName: '电话银行客服', complaintHotline: '95588' },
};
const ring: VerificationAction = {
  type: 'call-started',
  call: {
    id: CALL_ID,
    number: '13812345678',
    displayName: null,
    callerIdSource: 'pai',
    direction: 'inbound',
    answered: false,
  },
  lookup: true,
};
const answered: VerificationAction = { type: 'call-answered', callId: CALL_ID };
const loaded = (s = session()): VerificationAction => ({ type: 'session-loaded', session: s });
const pw = after(session('fund-transfer'), ['basic'], {
  alternatives: { applied: [], available: ['otp-instead-of-password'] },
});
const otpOpen = after(session('large-loan'), ['basic', 'password']);
const confirmOpen = after(session(), ['basic'], { readBack: { name: '王伟', title: 'mr' } });
const now = Date.now();

const scenarios: [string, VerificationAction[], string[]][] = [
  ['idle', [], ['verify-panel']],
  [
    'ringing, two customers on the number',
    [config, ring, { type: 'lookup-done', callId: CALL_ID, customers: [wang, li] }],
    ['verify-panel', 'screen-pop', 'pop-caller', 'customer-card'],
  ],
  ['ringing, look-up slow', [ring, { type: 'lookup-slow', callId: CALL_ID }], ['lookup-spinner']],
  [
    'answered, choosing the business',
    [config, ring, { type: 'lookup-done', callId: CALL_ID, customers: [wang] }, answered],
    ['greeting-script', 'business-type', 'complaint-open'],
  ],
  [
    'basic details after a mismatch',
    [
      config,
      ring,
      answered,
      loaded(),
      {
        type: 'checked',
        action: 'basic',
        response: answer(session('enquiry', { basic: { failures: 1, limit: 3 } }), 'failed', 2),
        at: now,
      },
    ],
    [
      'verify-step',
      'basic-mobile',
      'basic-id',
      'basic-submit',
      'basic-attempts-left',
      'basic-mismatch-script',
    ],
  ],
  [
    'a typo caught',
    [
      config,
      ring,
      answered,
      loaded(),
      { type: 'basic-invalid', problem: { field: 'id', code: 'checksum' } },
    ],
    ['basic-id', 'basic-submit'],
  ],
  [
    'password, keypad receiving',
    [
      config,
      ring,
      answered,
      loaded(pw),
      { type: 'keypad-opened', purpose: 'password' },
      { type: 'keypad-count', count: 4 },
    ],
    ['password-step', 'secure-entry', 'secure-entry-stop', 'password-forgot', 'method-decline'],
  ],
  [
    'password, keypad not started',
    [config, ring, answered, loaded(pw)],
    ['secure-entry', 'secure-entry-start'],
  ],
  [
    'method choice',
    [config, ring, answered, loaded(pw), { type: 'method-open', open: true }],
    ['method-choice', 'method-alternative', 'method-reason', 'method-submit'],
  ],
  ['passcode not sent yet', [config, ring, answered, loaded(otpOpen)], ['otp-step', 'otp-send']],
  [
    'passcode sent, counting down',
    [
      config,
      ring,
      answered,
      loaded(otpOpen),
      {
        type: 'otp-sent',
        response: answer(otpOpen, 'sent', 3),
        otp: { expiresAt: now + 245_000, resendAvailableAt: now + 30_000 },
        at: now,
      },
    ],
    ['otp-countdown', 'otp-send', 'otp-resend-wait', 'secure-entry'],
  ],
  [
    'passcode killed',
    [
      config,
      ring,
      answered,
      loaded(otpOpen),
      { type: 'checked', action: 'otp', response: answer(otpOpen, 'killed', 0), at: now },
    ],
    ['otp-send', 'otp-dead'],
  ],
  [
    'confirmation',
    [config, ring, answered, loaded(confirmOpen)],
    ['confirm-step', 'confirm-script', 'confirm-yes', 'confirm-no'],
  ],
  [
    'verified',
    [
      config,
      ring,
      answered,
      loaded(after(confirmOpen, ['basic', 'confirmation'], { status: 'verified' })),
    ],
    ['verified-badge'],
  ],
  [
    'approval to request',
    [
      config,
      ring,
      answered,
      loaded(
        after(session('account-change'), ['basic', 'password', 'otp'], {
          approval: {
            state: 'not-requested',
            reasons: ['beyond-tier', 'caller-not-reserved-mobile'],
            decidedBy: null,
            decidedByName: null,
            reason: null,
          },
        }),
      ),
    ],
    ['approval-status', 'approval-request', 'approval-note', 'confirm-yes'],
  ],
  [
    'approval needed, checks still to pass',
    [
      config,
      ring,
      answered,
      loaded(
        after(session('account-change'), ['basic'], {
          approval: {
            state: 'not-requested',
            reasons: ['beyond-tier'],
            decidedBy: null,
            decidedByName: null,
            reason: null,
          },
        }),
      ),
    ],
    ['approval-status', 'approval-after-checks'],
  ],
  [
    'an administrator answers a call',
    [{ type: 'tier', tier: 'admin' }, config, ring, answered],
    ['verify-not-for-tier'],
  ],
  [
    'approval pending',
    [
      config,
      ring,
      answered,
      loaded({
        ...session('account-change'),
        status: 'awaiting-approval',
        nextStep: null,
        approval: {
          state: 'pending',
          reasons: ['beyond-tier'],
          decidedBy: null,
          decidedByName: null,
          reason: null,
        },
      }),
    ],
    ['approval-status'],
  ],
  [
    'approval denied',
    [
      config,
      ring,
      answered,
      loaded({
        ...session('account-change'),
        status: 'denied',
        nextStep: null,
        approval: {
          state: 'denied',
          reasons: ['beyond-tier'],
          decidedBy: 'lead01',
          decidedByName: '王丽',
          reason: 'not the customer',
        },
      }),
    ],
    ['approval-status', 'approval-decision'],
  ],
  [
    'suspected fraud',
    [
      config,
      ring,
      answered,
      loaded({
        ...session(),
        status: 'suspended',
        nextStep: null,
        fraud: {
          reasons: ['many-customers-per-caller'],
          script: 'suspected-fraud',
          customerInformedAt: null,
        },
      }),
    ],
    ['fraud-banner', 'fraud-customer-informed', 'caller-id-source'],
  ],
  [
    'exception',
    [
      config,
      ring,
      answered,
      loaded({
        ...session(),
        status: 'exception',
        nextStep: null,
        basic: { failures: 3, limit: 3 },
      }),
    ],
    ['exception'],
  ],
  [
    'password reset',
    [config, ring, answered, loaded({ ...pw, status: 'password-reset', nextStep: null })],
    ['password-reset'],
  ],
  [
    'complaint dialog',
    [config, ring, answered, { type: 'complaint-open', open: true }],
    [
      'complaint-dialog',
      'complaint-category',
      'complaint-text',
      'complaint-wants-reply',
      'complaint-submit',
    ],
  ],
  [
    'wrap-up',
    [
      config,
      ring,
      answered,
      loaded(),
      {
        type: 'checked',
        action: 'basic',
        response: answer(after(session(), ['basic']), 'passed'),
        at: now,
      },
      {
        type: 'complaint-filed',
        id: '70000000-0000-4000-8000-000000000001',
        dueAt: '2026-12-01T09:00:00.000Z',
        at: now,
      },
      { type: 'call-ended', callId: CALL_ID },
    ],
    ['wrap-up', 'wrap-up-notes', 'wrap-up-submit', 'wrap-up-result'],
  ],
  [
    'a complaint filed: the service’s deadline and the hotline in the script',
    [
      config,
      ring,
      answered,
      {
        type: 'complaint-filed',
        id: '70000000-0000-4000-8000-000000000001',
        dueAt: '2026-12-01T09:00:00.000Z',
        at: now,
      },
      {
        type: 'complaint-filed',
        id: '70000000-0000-4000-8000-000000000002',
        dueAt: null,
        at: now,
      },
    ],
    ['complaint-filed', 'complaint-script'],
  ],
  [
    'a request failed',
    [
      config,
      ring,
      answered,
      { type: 'request-failed', action: 'start', code: 'unavailable', at: now },
    ],
    ['verify-problem'],
  ],
];

describe.each(['zh-CN', 'en'] as const)('verification panel in %s', (language) => {
  it.each(scenarios)(
    '%s: hooks present, every control named, no missing text, nothing secret',
    (_name, actions, hooks) => {
      const html = render(actions, language);
      for (const hook of hooks) expect(testIds(html), hook).toContain(hook);
      expect(unnamedControls(html)).toEqual([]);
      expect(text(html)).not.toMatch(/\bverify\.[a-zA-Z]/);
      expect(html).not.toContain(FULL_ID);
    },
  );
});

describe('verification panel: details', () => {
  it('tells the customer the records service’s complaint deadline and the hotline (Art. 16)', () => {
    const filed = (dueAt: string | null) => ({
      type: 'complaint-filed' as const,
      id: '70000000-0000-4000-8000-000000000001',
      dueAt,
      at: now,
    });
    const zh = text(render([config, ring, answered, filed('2026-12-01T09:00:00.000Z')]));
    expect(zh).toMatch(
      /公司将在2026年12月1日.*前给您答复。如需查询处理进度，请拨打投诉热线 95588。/,
    );
    const en = text(render([config, ring, answered, filed('2026-12-01T09:00:00.000Z')], 'en'));
    expect(en).toMatch(/answer you by December 1, 2026.* call our complaint hotline on 95588\./);
    // Records service unreachable: journaled, no date promised; the hotline still given.
    expect(text(render([config, ring, answered, filed(null)]))).toContain(
      '您的意见我们已经登记，公司将在规定期限内给您答复。如需查询处理进度，请拨打投诉热线 95588。',
    );
    const noHotline: VerificationAction = {
      type: 'config-loaded',
      config: { companyName: '示例信贷', departmentName: '电话银行客服', complaintHotline: null },
    };
    expect(text(render([noHotline, ring, answered, filed(null)]))).not.toContain('热线');
  });

  it('greets with the configured company and department in the regulation’s words (Art. 4)', () => {
    const html = render([config, ring, answered]);
    expect(text(html)).toContain('您好，这里是示例信贷电话银行客服，很高兴为您服务。');
    expect(text(render([config, ring, answered], 'en'))).toContain(
      'Hello, this is 示例信贷 电话银行客服, glad to serve you.',
    );
  });

  it('reads back the full name with the title, the ID and mobile masked (Art. 8)', () => {
    const html = render([config, ring, answered, loaded(confirmOpen)]);
    expect(text(html)).toContain(
      '请问您是王伟先生吗？您在我行预留的身份证号码为1***************77，手机号码为138****5678，请问是否正确？',
    );
    expect(text(render([config, ring, answered, loaded(confirmOpen)], 'en'))).toContain(
      'Are you Mr. 王伟? The ID number you reserved with us is 1***************77',
    );
    expect(html).not.toContain(FULL_ID);
  });

  it('says 女士 / Ms. for a woman, and a neutral wording when no title can be told (Art. 8)', () => {
    const as = (readBack: ReadBack) => loaded(after(session(), ['basic'], { readBack }));
    const ms = as({ name: '王芳', title: 'ms' });
    expect(text(render([config, ring, answered, ms]))).toContain('请问您是王芳女士吗？');
    expect(text(render([config, ring, answered, ms], 'en'))).toContain('Are you Ms. 王芳?');
    const neutral = as({ name: '王芳', title: null });
    expect(text(render([config, ring, answered, neutral]))).toContain('请问您是王芳本人吗？');
    expect(text(render([config, ring, answered, neutral], 'en'))).toContain(
      'Am I speaking with 王芳?',
    );
    // No read-back from the service: the masked name, and no title guessed.
    const none = text(render([config, ring, answered, loaded(after(session(), ['basic']))]));
    expect(none).toContain('请问您是王*本人吗？');
    expect(none).not.toMatch(/先生|女士/);
  });

  it('a passcode refused for want of an SMS gateway names the gateway, not an outage (Art. 12)', () => {
    const failed: VerificationAction = {
      type: 'request-failed',
      action: 'otp-send',
      code: 'unavailable',
      at: now,
    };
    const html = render([config, ring, answered, loaded(otpOpen), failed]);
    expect(text(html)).toContain('短信通道暂不可用，动态口令无法发送');
    expect(text(html)).not.toContain('记录服务暂时无法连接');
    expect(text(render([config, ring, answered, loaded(otpOpen), failed], 'en'))).toContain(
      'The SMS service is not available',
    );
  });

  it('marks each step with its status and purpose, and the panel with the session’s status', () => {
    const html = render([config, ring, answered, loaded(pw)]);
    expect(html).toMatch(/data-testid="verify-step" data-step="basic" data-status="passed"/);
    expect(html).toMatch(/data-testid="verify-step" data-step="password" data-status="active"/);
    expect(html).toMatch(
      /data-testid="verify-step" data-step="confirmation" data-status="pending"/,
    );
    expect(html).toMatch(/data-testid="verify-panel" data-status="in-progress"/);
    expect(text(html)).toContain('请您输入密码，确认是您本人办理此项业务。');
  });

  it('shows the keypad entry as dots and a count, never digits', () => {
    const html = render([
      config,
      ring,
      answered,
      loaded(pw),
      { type: 'keypad-opened', purpose: 'password' },
      { type: 'keypad-count', count: 6 },
    ]);
    expect(html).toMatch(/data-testid="secure-entry" data-state="listening" data-count="6"/);
    expect(text(html)).toContain('●'.repeat(6));
    expect(text(html)).not.toContain('●'.repeat(7));
  });

  it('shows the attempts left and the polite re-check after a mismatch (Art. 5)', () => {
    const html = render([
      config,
      ring,
      answered,
      loaded(session('enquiry', { basic: { failures: 1, limit: 3 } })),
      {
        type: 'checked',
        action: 'basic',
        response: answer(session('enquiry', { basic: { failures: 1, limit: 3 } }), 'failed', 2),
        at: now,
      },
    ]);
    expect(html).toMatch(/data-testid="basic-attempts-left" data-left="2"/);
    expect(text(html)).toContain('请问您的预留手机号码或身份证信息最近是否有变更');
    const typo = render([
      config,
      ring,
      answered,
      loaded(),
      { type: 'basic-invalid', problem: { field: 'id', code: 'checksum' } },
    ]);
    expect(typo).toMatch(/data-testid="basic-id"[^>]*aria-invalid="true"/);
  });

  it('offers the approval request only once every check has passed (Art. 10)', () => {
    const needed = {
      approval: {
        state: 'not-requested' as const,
        reasons: ['beyond-tier' as const],
        decidedBy: null,
        decidedByName: null,
        reason: null,
      },
    };
    for (const passed of [[], ['basic'], ['basic', 'password']] as const) {
      const html = render([
        config,
        ring,
        answered,
        loaded(after(session('large-loan'), [...passed], needed)),
      ]);
      expect(testIds(html)).toContain('approval-after-checks');
      expect(testIds(html)).not.toContain('approval-request');
      expect(text(html)).toContain('请先完成上面的各项核验，全部通过后再提交审批');
    }
    const ready = render(
      [
        config,
        ring,
        answered,
        loaded(after(session('large-loan'), ['basic', 'password', 'otp'], needed)),
      ],
      'en',
    );
    expect(testIds(ready)).toContain('approval-request');
    expect(testIds(ready)).not.toContain('approval-after-checks');
  });

  it('does not offer verifying to a tier the policy keeps out of it (admin, Art. 10)', () => {
    const admin = render([{ type: 'tier', tier: 'admin' }, config, ring, answered], 'en');
    expect(testIds(admin)).not.toContain('business-type');
    expect(text(admin)).toContain('do not verify customers (Art. 10)');
    const agent = render([{ type: 'tier', tier: 'agent' }, config, ring, answered]);
    expect(testIds(agent)).toContain('business-type');
  });

  it('shows who decided an approval and why', () => {
    const html = render([
      config,
      ring,
      answered,
      loaded({
        ...after(session('account-change'), ['basic', 'password', 'otp']),
        approval: {
          state: 'approved',
          reasons: ['beyond-tier'],
          decidedBy: 'lead01',
          decidedByName: '王丽',
          reason: '客户已到柜面核实',
        },
      }),
    ]);
    expect(html).toMatch(/data-testid="approval-status" data-state="approved"/);
    expect(text(html)).toContain('王丽 已批准。理由：客户已到柜面核实');
    expect(text(html)).not.toContain('lead01');
  });

  it('runs only the fraud script when suspended: no step controls, reason not shown (Art. 18)', () => {
    const html = render([
      config,
      ring,
      answered,
      loaded({
        ...session(),
        status: 'suspended',
        nextStep: null,
        fraud: {
          reasons: ['many-customers-per-caller'],
          script: 'suspected-fraud',
          customerInformedAt: null,
        },
      }),
    ]);
    for (const control of ['basic-submit', 'confirm-yes', 'secure-entry', 'otp-send'])
      expect(testIds(html)).not.toContain(control);
    expect(html).not.toContain('many-customers-per-caller');
  });
});

describe('Art. 18 on the panel', () => {
  const suspended = loaded({
    ...session(),
    status: 'suspended',
    nextStep: null,
    fraud: {
      reasons: ['many-customers-per-caller'],
      script: 'suspected-fraud',
      customerInformedAt: '2026-11-26T09:00:00.000Z',
    },
  });

  it('the fraud script informs the customer (suspended for safety, a call on the reserved mobile)', () => {
    const zh = text(render([config, ring, answered, suspended]));
    expect(zh).toContain('为了保障您的账户安全，这笔业务我们先暂停办理了');
    expect(zh).toContain('通过您预留的手机号码和您联系');
    expect(zh).not.toContain('系统原因');
    const en = text(render([config, ring, answered, suspended], 'en'));
    expect(en).toContain('to keep your account safe we have suspended this request');
    expect(en).toContain('on the mobile number you registered with us');
    // Recorded already: the time instead of the button.
    expect(testIds(render([config, ring, answered, suspended]))).toContain('fraud-informed');
    expect(testIds(render([config, ring, answered, suspended]))).not.toContain(
      'fraud-customer-informed',
    );
  });

  it('a number only the From header gave is marked as not asserted', () => {
    const fromOnly: VerificationAction = {
      ...(ring as Extract<VerificationAction, { type: 'call-started' }>),
      call: {
        ...(ring as Extract<VerificationAction, { type: 'call-started' }>).call,
        callerIdSource: 'from',
      },
    };
    const html = render([config, fromOnly]);
    expect(html).toContain('data-source="from"');
    expect(text(html)).toContain('号码未经网络验证（仅为主叫显示）');
    expect(render([config, ring])).toContain('data-source="pai"');
  });
});
