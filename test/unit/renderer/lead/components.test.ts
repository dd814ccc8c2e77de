// The lead's approvals inbox and call-back queue rendered (react-dom/server, plain Node) in both
// languages: the test hooks are there, every control has an accessible name, no catalogue key is
// missing, and no full mobile or customer id reaches the markup (Art. 11).
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import type { Language } from '../../../../common/domain.js';
import { createI18n } from '../../../../renderer/i18n/index.js';
import { initialApprovals } from '../../../../renderer/lead/approvals.js';
import { ApprovalsInbox } from '../../../../renderer/lead/ApprovalsInbox.js';
import {
  initialCallbackQueue,
  type CallbackQueueState,
} from '../../../../renderer/lead/callback-queue.js';
import { CallbackQueue } from '../../../../renderer/lead/CallbackQueue.js';
import { section, testIds, text, unnamedControls } from '../html.js';
import { CALL_ID, FULL_MOBILE, wang } from '../verification/fixtures.js';
import { CALLBACK_ID, CALLBACK_ID_2, openCallback, pendingApproval } from './fixtures.js';

describe('approvals inbox', () => {
  it.each(['zh-CN', 'en'] as const)(
    'lists the masked case with its history and decision controls (%s)',
    (language) => {
      const state = {
        ...initialApprovals,
        enabled: true,
        loaded: true,
        approvals: [pendingApproval()],
      };
      const html = renderToStaticMarkup(
        createElement(
          I18nextProvider,
          { i18n: createI18n(language) },
          createElement(ApprovalsInbox, {
            state,
            formatTime: (at: string) => at.slice(11, 16),
            onRefresh: () => {},
            onDecide: async () => true,
          }),
        ),
      );
      for (const hook of [
        'approvals-inbox',
        'approval-item',
        'approval-reason',
        'approval-approve',
        'approval-deny',
        'approval-customer',
      ])
        expect(testIds(html), hook).toContain(hook);
      expect(unnamedControls(html)).toEqual([]);
      expect(text(html)).not.toMatch(/\bverify\.[a-zA-Z]/);
      expect(text(html)).toContain('1***************77');
      // The step history in words, not codes.
      expect(text(html)).toContain(
        language === 'en' ? 'Basic details: passed' : '基本信息核对：通过',
      );
      expect(text(html)).not.toContain('basic: passed');
      // The reason is worded for the lead, not "above your role".
      expect(text(html)).toContain(language === 'en' ? 'above the agent' : '超出经办坐席的权限');
      expect(text(html)).not.toContain(language === 'en' ? 'above your role' : '超出您的权限');
      // A live case wears no training mark.
      expect(testIds(html)).not.toContain('approval-training');
      expect(html).toContain('data-training="false"');
    },
  );

  it.each(['zh-CN', 'en'] as const)(
    'shows a training call’s request as training, never as live work (Art. 9, %s)',
    (language) => {
      const base = pendingApproval();
      const approval = { ...base, case: { ...base.case, training: true } };
      const state = { ...initialApprovals, enabled: true, loaded: true, approvals: [approval] };
      const html = renderToStaticMarkup(
        createElement(
          I18nextProvider,
          { i18n: createI18n(language) },
          createElement(ApprovalsInbox, {
            state,
            formatTime: (at: string) => at.slice(11, 16),
            onRefresh: () => {},
            onDecide: async () => true,
          }),
        ),
      );
      expect(testIds(html)).toContain('approval-training');
      expect(html).toContain('data-training="true"');
      expect(html).toContain('approval-item--training');
      expect(text(html)).toContain(language === 'en' ? 'Training' : '培训');
      expect(text(html)).toContain(language === 'en' ? 'counts nowhere' : '不计入任何指标');
      expect(text(html)).not.toMatch(/\blead\.training/);
    },
  );
});

describe('call-back queue', () => {
  const queueState = (overrides: Partial<CallbackQueueState> = {}): CallbackQueueState => ({
    ...initialCallbackQueue,
    enabled: true,
    loaded: true,
    callbacks: [
      openCallback(),
      openCallback(CALLBACK_ID_2, {
        customerRef: '139****0001',
        customerId: null,
        reason: 'outage; wanted: unspecified; window: asap',
        businessType: null,
        window: 'asap',
        notes: null,
        requestedBy: null,
      }),
    ],
    ...overrides,
  });
  const renderQueue = (state: CallbackQueueState, language: Language = 'zh-CN') =>
    renderToStaticMarkup(
      createElement(
        I18nextProvider,
        { i18n: createI18n(language) },
        createElement(CallbackQueue, {
          state,
          formatTime: (at: string) => at.slice(11, 16),
          onRefresh: () => {},
          onClose: async () => true,
        }),
      ),
    );
  /** Each item's markup, by its data-id. */
  const items = (html: string) =>
    new Map(
      [
        ...html.matchAll(
          /<article[^>]*data-testid="callback-item" data-id="([^"]+)"[\s\S]*?<\/article>/g,
        ),
      ].map((m) => [m[1]!, m[0]]),
    );

  it.each([
    [
      'zh-CN',
      [
        '回拨队列',
        '待回拨 2 条',
        '138****5678',
        '09:12',
        '登记坐席：张伟',
        '办理业务：资金交易',
        '方便接听：今天内',
        '坐席备注：客户想办理转账，请今天下午回电',
        '已回拨',
        '不再需要',
        '处理备注（可选）',
      ],
    ],
    [
      'en',
      [
        'Call-back queue',
        '2 open',
        '138****5678',
        '09:12',
        'Recorded by: 张伟',
        'Wanted: Fund transaction',
        'Best time: Later today',
        'notes: 客户想办理转账，请今天下午回电',
        'Called back',
        'No longer needed',
        'Closing note (optional)',
      ],
    ],
  ] as const)(
    'lists each call-back with its details and close controls (%s)',
    (language, phrases) => {
      const html = renderQueue(queueState(), language);
      for (const hook of [
        'callback-queue',
        'callback-queue-count',
        'callback-queue-refresh',
        'callback-item',
        'callback-done',
        'callback-cancel',
        'callback-close-note',
      ])
        expect(testIds(html), hook).toContain(hook);
      expect(testIds(html)).not.toContain('callback-queue-empty');
      expect(html).toMatch(/data-testid="callback-queue"[^>]*data-count="2"/);
      expect([...items(html).keys()]).toEqual([CALLBACK_ID, CALLBACK_ID_2]);
      expect(unnamedControls(html)).toEqual([]);
      expect(text(html)).not.toMatch(/\bverify\.[a-zA-Z]/);
      for (const phrase of phrases) expect(text(html), phrase).toContain(phrase);
      const quiet = text(items(html).get(CALLBACK_ID_2)!);
      expect(quiet).toContain('139****0001');
      expect(quiet).toContain(language === 'en' ? 'Wanted: not said' : '办理业务：客户未说明');
      expect(quiet).toContain(
        language === 'en' ? 'Best time: As soon as possible' : '方便接听：尽快回电',
      );
      expect(quiet).toContain(language === 'en' ? 'Recorded by: not known' : '登记坐席：未记录');
      expect(items(html).get(CALLBACK_ID_2)).not.toContain('callback-item-notes');
      expect(html).toMatch(/data-testid="callback-close-note"[^>]*maxLength="500"/);
      // The reason is shown in words, not as journaled.
      expect(html).not.toContain('outage; wanted');
    },
  );

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
          openCallback(CALLBACK_ID, {
            reason: '客户来信要求回电（手工登记）',
            businessType: null,
            window: null,
          }),
          openCallback(CALLBACK_ID_2, {
            reason: 'outage; wanted: large-loan; window: tomorrow-morning',
            businessType: null,
            window: null,
          }),
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

  it.each([
    ['zh-CN', '异常处理回访', '基本信息核对在 24 小时内失败 3 次'],
    ['en', 'Exception follow-up', 'The basic check failed 3 times in 24 hours'],
  ] as const)(
    'shows an exception follow-up (Art. 5(2)) in words: the count, the window, who calls (%s)',
    (language, kind, reason) => {
      const html = renderQueue(
        queueState({
          callbacks: [
            openCallback(CALLBACK_ID, {
              kind: 'exception',
              customerRef: '139****0001',
              reason: 'basic check failed 3 times in 24 h',
              businessType: null,
              window: null,
              notes: null,
            }),
          ],
        }),
        language,
      );
      const item = text(items(html).get(CALLBACK_ID)!);
      expect(testIds(html)).toContain('callback-item-kind');
      expect(item).toContain(kind);
      expect(item).toContain(reason);
      expect(item).toContain('139****0001');
      // In words, not as recorded.
      expect(item).not.toMatch(/Request as recorded|原文/);
      expect(text(html)).not.toMatch(/\bverify\.[a-zA-Z]/);
    },
  );

  it.each(['zh-CN', 'en'] as const)('says when there is nothing to call back (%s)', (language) => {
    const html = renderQueue(queueState({ callbacks: [] }), language);
    expect(testIds(html)).toContain('callback-queue-empty');
    expect(testIds(html)).not.toContain('callback-item');
    expect(text(html)).toContain(language === 'en' ? 'No call-backs waiting' : '暂无待回拨客户');
    expect(text(html)).not.toMatch(/\bverify\.[a-zA-Z]/);
    expect(unnamedControls(html)).toEqual([]);
  });

  it('keeps a call-back it could not close, saying why; another lead’s close in words of its own', () => {
    const html = renderQueue(
      queueState({ closeProblem: { id: CALLBACK_ID, code: 'unavailable' } }),
    );
    const failed = items(html).get(CALLBACK_ID)!;
    expect(failed).toMatch(
      /role="alert" data-testid="callback-close-problem" data-code="unavailable"/,
    );
    expect(text(failed)).toContain('这条回拨未能关闭：记录服务暂时无法连接');
    expect(items(html).get(CALLBACK_ID_2)).not.toContain('callback-close-problem');
    const conflict = renderQueue(
      queueState({ closeProblem: { id: CALLBACK_ID, code: 'conflict' } }),
      'en',
    );
    expect(text(items(conflict).get(CALLBACK_ID)!)).toContain(
      'This call-back is already closed (perhaps by another lead).',
    );
  });

  it('while one is closing: its button says so, and no other close can start', () => {
    const html = renderQueue(queueState({ closing: { id: CALLBACK_ID, outcome: 'done' } }));
    const busy = items(html).get(CALLBACK_ID)!;
    expect(text(section(busy, 'callback-done'))).toBe('正在提交…');
    expect(text(section(busy, 'callback-cancel'))).toBe('不再需要');
    for (const button of html.matchAll(/<button[^>]*data-testid="callback-(done|cancel)"[^>]*>/g))
      expect(button[0]).toContain('disabled=""');
  });

  it('says why the queue could not be read', () => {
    const html = renderQueue(queueState({ callbacks: [], problem: 'forbidden' }), 'en');
    expect(html).toMatch(/role="alert" data-testid="callback-queue-problem"/);
    expect(text(html)).toContain('The call-back queue could not be loaded: ');
    expect(testIds(html)).not.toContain('callback-queue-empty');
    expect(testIds(html)).not.toContain('callback-queue-count');
  });

  it.each([
    ['zh-CN', ['已处理', '已回拨', '已取消', '处理人：lead02', '处理时间：10:00', '加载更多']],
    [
      'en',
      ['History', 'Called back', 'Cancelled', 'Closed by: lead02', 'Closed: 10:00', 'Load more'],
    ],
  ] as const)(
    'shows the closed call-backs in the history, with how and by whom, and more to load (%s)',
    (language, phrases) => {
      const closedAt = '2026-11-26T10:00:00.000Z';
      const done = { status: 'done' as const, closedAt, closedBy: 'lead02' };
      const html = renderQueue(
        queueState({
          view: 'history',
          history: {
            loading: false,
            loaded: true,
            nextOffset: 200,
            problem: null,
            callbacks: [
              openCallback(CALLBACK_ID, done),
              openCallback(CALLBACK_ID_2, { ...done, status: 'cancelled' }),
            ],
          },
        }),
        language,
      );
      expect(html).toMatch(/aria-pressed="true" data-testid="callbacks-view" data-view="history"/);
      expect(html).toMatch(/aria-pressed="false" data-testid="callbacks-view" data-view="open"/);
      expect(testIds(html)).toContain('callbacks-more');
      expect(testIds(html)).not.toContain('callback-item');
      expect(html).toMatch(
        /data-testid="callback-history-item" data-id="[^"]+" data-status="done"/,
      );
      expect(html).toMatch(/data-testid="callback-history-item"[^>]*data-status="cancelled"/);
      for (const phrase of phrases) expect(text(html), phrase).toContain(phrase);
      expect(text(html)).not.toMatch(/\b(verify|lead)\.[a-zA-Z]/);
      expect(unnamedControls(html)).toEqual([]);
      expect(html).not.toContain(wang.id);
    },
  );

  it.each(['zh-CN', 'en'] as const)(
    'offers more open call-backs only past a full page, and says when none are closed yet (%s)',
    (language) => {
      const open = renderQueue(queueState(), language);
      expect(open).toMatch(/aria-pressed="true" data-testid="callbacks-view" data-view="open"/);
      expect(testIds(open)).not.toContain('callbacks-more');
      expect(testIds(renderQueue(queueState({ openNext: 200 }), language))).toContain(
        'callbacks-more',
      );
      const none = renderQueue(
        queueState({ view: 'history', history: { ...initialCallbackQueue.history, loaded: true } }),
        language,
      );
      expect(testIds(none)).toContain('callback-history-empty');
      expect(text(none)).toContain(
        language === 'en' ? 'No call-backs have been closed yet' : '还没有已处理的回拨',
      );
    },
  );
});
