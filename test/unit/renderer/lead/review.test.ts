// The review room (Art. 19): the reducer keeps the service's order and moves a reviewed call out
// of the pending view; the controller loads for a lead, re-reads on review pushes and submits; the
// view lists the queue, shows the call in words, offers a mark per step, reads in zh-CN and en.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it, vi } from 'vitest';
import type { ReviewDetail } from '../../../../common/lead-review.js';
import { ok } from '../../../../common/result.js';
import { createI18n } from '../../../../renderer/i18n/index.js';
import { createReviewController } from '../../../../renderer/lead/review/controller.js';
import { ReviewRoom } from '../../../../renderer/lead/review/ReviewRoom.js';
import { marksOf } from '../../../../renderer/lead/review/ReviewSession.js';
import {
  initialReview,
  reviewReducer,
  type ReviewItem,
  type ReviewState,
} from '../../../../renderer/lead/review/store.js';
import { createAppController } from '../../../../renderer/state/app-controller.js';
import { demoAgent, fakeAgentDesk } from '../fake-agent-desk.js';
import { testIds, text, unnamedControls } from '../html.js';

const S1 = '11111111-1111-4111-8111-111111111111';
const S2 = '22222222-2222-4222-8222-222222222222';
const item = (sessionId: string, over: Partial<ReviewItem> = {}): ReviewItem => ({
  sessionId,
  callId: `call-${sessionId.slice(0, 4)}`,
  day: '2026-03-02',
  agentUsername: 'agent01',
  agentName: '张伟',
  team: '信用卡一组',
  caller: '139****0001',
  businessType: 'enquiry',
  outcome: 'verified',
  reasons: ['random'],
  sampledAt: '2026-03-02T09:00:00.000Z',
  status: 'pending',
  reviewerName: null,
  reviewedAt: null,
  correct: null,
  ...over,
});
const detail = (over: Partial<ReviewDetail> = {}): ReviewDetail => ({
  item: item(S1),
  steps: ['basic', 'confirmation'],
  timeline: {
    call: {
      callId: 'call-1111',
      startedAt: '2026-03-02T08:59:00.000Z',
      agent: 'agent01',
      agentName: '张伟',
      customerId: null,
      customer: null,
      caller: '139****0001',
      businessTypes: ['enquiry'],
      outcome: 'verified',
    } as unknown as ReviewDetail['timeline']['call'],
    items: [
      {
        at: '2026-03-02T08:59:00.000Z',
        source: 'event',
        id: '1',
        sessionId: S1,
        agent: 'agent01',
        what: 'basic: passed',
        details: { step: 'basic', outcome: 'passed', note: null },
      },
    ],
    names: { agent01: '张伟' },
  },
  review: null,
  ...over,
});
const loaded = (items: ReviewItem[], nextOffset: number | null = null): ReviewState =>
  reviewReducer(reviewReducer(initialReview, { type: 'enabled', enabled: true }), {
    type: 'loaded',
    page: { reviews: items, nextOffset },
    append: false,
  });

describe('review reducer and marks', () => {
  it('pages without repeats; a submitted review replaces its item and leaves the pending view', () => {
    const s = loaded([item(S1)], 1);
    const more = reviewReducer(s, {
      type: 'loaded',
      page: { reviews: [item(S1), item(S2)], nextOffset: null },
      append: true,
    });
    expect(more.items.map((i) => i.sessionId)).toEqual([S1, S2]);
    const opened = reviewReducer(reviewReducer(more, { type: 'open', sessionId: S2 }), {
      type: 'opened',
      detail: detail({ item: item(S2) }),
    });
    expect(opened.opened?.detail?.item.sessionId).toBe(S2);
    // A late answer for another session is dropped.
    expect(reviewReducer(opened, { type: 'opened', detail: detail() }).opened?.sessionId).toBe(S2);
    const done = reviewReducer(reviewReducer(opened, { type: 'submitting' }), {
      type: 'submitted',
      detail: detail({ item: item(S1, { status: 'reviewed', correct: true }) }),
    });
    expect(done.submitting).toBe(false);
    expect(done.items.map((i) => i.sessionId)).toEqual([S2]);
    const failed = reviewReducer(opened, { type: 'submit-failed', code: 'forbidden' });
    expect(failed.submitProblem).toBe('forbidden');
  });

  it('builds the marks only when every step is marked and each incorrect one has a reason', () => {
    const steps = ['basic', 'confirmation'];
    expect(marksOf(steps, { basic: { correct: true } })).toBeNull();
    expect(
      marksOf(steps, { basic: { correct: true }, confirmation: { correct: false } }),
    ).toBeNull();
    expect(
      marksOf(steps, {
        basic: { correct: true, note: 'ignored' },
        confirmation: { correct: false, reason: 'read-back-not-done', note: ' 未复述 ' },
      }),
    ).toEqual([
      { step: 'basic', correct: true },
      { step: 'confirmation', correct: false, reason: 'read-back-not-done', note: '未复述' },
    ]);
  });
});

describe('review controller', () => {
  it('loads for a lead, re-reads on review pushes only, opens and submits through main', async () => {
    const list = vi.fn(() => ok({ reviews: [item(S1)], nextOffset: null }));
    const api = fakeAgentDesk({
      'auth:current': () => ok({ agent: { ...demoAgent, tier: 'lead' } }),
      'reviews:list': list,
      'reviews:open': () => ok(detail()),
      'reviews:submit': () => ok(detail({ item: item(S1, { status: 'reviewed', correct: true }) })),
    });
    const session = createAppController(api).stores.session;
    const c = createReviewController({ api, session });
    c.start();
    session.dispatch({ type: 'agent-loaded', agent: { ...demoAgent, tier: 'lead' } });
    await vi.waitFor(() => expect(c.store.getState().items).toHaveLength(1));
    expect(api.callsTo('reviews:list')[0]).toEqual({ status: 'pending', offset: 0 });
    const reads = list.mock.calls.length;
    api.emit('records:event', { kind: 'complaint.opened', id: 'x', username: null });
    api.emit('records:event', { kind: 'review.queued', id: S2, username: 'agent01' });
    await vi.waitFor(() => expect(list.mock.calls.length).toBe(reads + 1));
    await c.open(S1);
    expect(c.store.getState().opened?.detail?.steps).toEqual(['basic', 'confirmation']);
    const steps = [
      { step: 'basic', correct: true },
      { step: 'confirmation', correct: true },
    ] as const;
    expect(await c.submit(S1, { steps: [...steps] })).toBe(true);
    expect(api.callsTo('reviews:submit')).toEqual([{ sessionId: S1, steps }]);
  });

  it('stays off for an agent', () => {
    const api = fakeAgentDesk({});
    const session = createAppController(api).stores.session;
    session.dispatch({ type: 'agent-loaded', agent: demoAgent });
    const c = createReviewController({ api, session });
    c.start();
    expect(c.store.getState().enabled).toBe(false);
    expect(api.callsTo('reviews:list')).toEqual([]);
  });
});

describe('review room', () => {
  const actions = {
    refresh: async () => {},
    more: async () => {},
    show: async () => {},
    open: async () => {},
    close: () => {},
    submit: async () => true,
  };
  const render = (language: 'zh-CN' | 'en', state: ReviewState) =>
    renderToStaticMarkup(
      createElement(
        I18nextProvider,
        { i18n: createI18n(language) },
        createElement(ReviewRoom, { state, formatTime: (at) => at.slice(5, 16), actions }),
      ),
    );

  it.each([
    ['zh-CN', '质检队列', '张伟', '基本', '随机抽检', '提交质检结果'],
    ['en', 'Quality review', '张伟', 'Basic', 'random sample', 'Submit the review'],
  ] as const)('lists the queue and offers a mark per step (%s)', (language, ...words) => {
    const state = reviewReducer(
      reviewReducer(loaded([item(S1), item(S2)]), { type: 'open', sessionId: S1 }),
      { type: 'opened', detail: detail() },
    );
    const html = render(language, state);
    expect(html).toMatch(
      /data-testid="review-item" data-session-id="1111[^"]*" data-status="pending"/,
    );
    for (const w of words) expect(text(html).toLowerCase()).toContain(w.toLowerCase());
    expect([...testIds(html)]).toEqual(
      expect.arrayContaining([
        'review-queue',
        'review-correct',
        'review-incorrect',
        'review-submit',
      ]),
    );
    expect(html.match(/data-testid="review-correct"/g)).toHaveLength(2);
    // Nothing marked yet: submit waits.
    expect(html).toMatch(/<button[^>]*data-testid="review-submit"[^>]*disabled=""/);
    expect(unnamedControls(html)).toEqual([]);
    expect(text(html)).not.toMatch(/\blead\.review\./);
  });

  it('shows a review as made, with the incorrect step’s reason', () => {
    const reviewed = detail({
      item: item(S1, { status: 'reviewed', correct: false, reviewerName: '孙丽' }),
      review: {
        reviewer: 'lead02',
        reviewerName: '孙丽',
        reviewedAt: '2026-03-02T10:00:00.000Z',
        correct: false,
        steps: [
          { step: 'basic', correct: true },
          { step: 'confirmation', correct: false, reason: 'read-back-not-done', note: '未复述' },
        ],
        note: null,
      },
    });
    const state = reviewReducer(
      reviewReducer(loaded([reviewed.item]), { type: 'open', sessionId: S1 }),
      { type: 'opened', detail: reviewed },
    );
    const html = render('zh-CN', state);
    expect(html).toContain('data-status="reviewed"');
    expect(text(html)).toContain('核验有误');
    expect(text(html)).toContain('孙丽');
    expect(html).toMatch(/<option value="read-back-not-done" selected=""/);
    expect(html).not.toContain('data-testid="review-submit"');
  });
});
