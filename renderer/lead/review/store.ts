// The review room's state (Art. 19): the queue page as the records service orders it (newest day
// first), the session opened with its timeline and steps, and one submission at a time. A pure
// reducer; the controller (controller.ts) talks to main and re-reads on pushed changes.
import type { ReviewDetail, ReviewPage } from '../../../common/lead-review.js';
import type { ErrorCode } from '../../../common/result.js';
import type { ReviewStatus } from '../../../common/reviews-api.js';

export type ReviewItem = ReviewPage['reviews'][number];

export interface OpenedReview {
  sessionId: string;
  detail: ReviewDetail | null;
  problem: ErrorCode | null;
}

export interface ReviewState {
  enabled: boolean;
  view: ReviewStatus;
  loading: boolean;
  loaded: boolean;
  problem: ErrorCode | null;
  items: ReviewItem[];
  nextOffset: number | null;
  opened: OpenedReview | null;
  submitting: boolean;
  submitProblem: ErrorCode | null;
}

export type ReviewEvent =
  | { type: 'enabled'; enabled: boolean }
  | { type: 'view'; view: ReviewStatus }
  | { type: 'loading' }
  | { type: 'loaded'; page: ReviewPage; append: boolean }
  | { type: 'load-failed'; code: ErrorCode }
  | { type: 'open'; sessionId: string }
  | { type: 'opened'; detail: ReviewDetail }
  | { type: 'open-failed'; sessionId: string; code: ErrorCode }
  | { type: 'close' }
  | { type: 'submitting' }
  | { type: 'submitted'; detail: ReviewDetail }
  | { type: 'submit-failed'; code: ErrorCode };

export const initialReview: ReviewState = {
  enabled: false,
  view: 'pending',
  loading: false,
  loaded: false,
  problem: null,
  items: [],
  nextOffset: null,
  opened: null,
  submitting: false,
  submitProblem: null,
};

/** The queue with `item` in place of its older self (or without it, if it left the view). */
function replace(state: ReviewState, item: ReviewItem): ReviewItem[] {
  return state.items
    .map((i) => (i.sessionId === item.sessionId ? item : i))
    .filter((i) => i.status === state.view || i.sessionId === state.opened?.sessionId);
}

export function reviewReducer(state: ReviewState, event: ReviewEvent): ReviewState {
  switch (event.type) {
    case 'enabled':
      return { ...initialReview, enabled: event.enabled };
    case 'view':
      return event.view === state.view
        ? state
        : { ...state, view: event.view, items: [], nextOffset: null, loaded: false };
    case 'loading':
      return { ...state, loading: true };
    case 'loaded': {
      const fresh = event.page.reviews;
      const items = event.append
        ? [
            ...state.items,
            ...fresh.filter((f) => !state.items.some((o) => o.sessionId === f.sessionId)),
          ]
        : fresh;
      return {
        ...state,
        loading: false,
        loaded: true,
        problem: null,
        items,
        nextOffset: event.page.nextOffset,
      };
    }
    case 'load-failed':
      return { ...state, loading: false, loaded: true, problem: event.code };
    case 'open':
      return {
        ...state,
        opened: { sessionId: event.sessionId, detail: null, problem: null },
        submitProblem: null,
      };
    case 'opened':
      if (state.opened?.sessionId !== event.detail.item.sessionId) return state;
      return { ...state, opened: { ...state.opened, detail: event.detail, problem: null } };
    case 'open-failed':
      if (state.opened?.sessionId !== event.sessionId) return state;
      return { ...state, opened: { ...state.opened, problem: event.code } };
    case 'close':
      return { ...state, opened: null, submitProblem: null };
    case 'submitting':
      return { ...state, submitting: true, submitProblem: null };
    case 'submitted': {
      const { item } = event.detail;
      const opened =
        state.opened?.sessionId === item.sessionId
          ? { sessionId: item.sessionId, detail: event.detail, problem: null }
          : state.opened;
      return { ...state, submitting: false, opened, items: replace({ ...state, opened }, item) };
    }
    case 'submit-failed':
      return { ...state, submitting: false, submitProblem: event.code };
  }
}
