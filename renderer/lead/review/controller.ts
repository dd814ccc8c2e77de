// The review room's controller (Art. 19): loads while a lead is signed in, re-reads on the pushed
// `review.queued` / `review.done` / `resync` (records:event), pages on, opens one sampled call and
// sends the review to main. The records service decides every rule; this only shows its answers.
import type { AgentDeskApi } from '../../../common/contract.js';
import type { ReviewBody, ReviewStatus } from '../../../common/reviews-api.js';
import { createStore, type Store } from '../../state/store.js';
import { followLead, type SessionSource } from '../follow-lead.js';
import { initialReview, reviewReducer, type ReviewEvent, type ReviewState } from './store.js';

const KINDS = new Set(['review.queued', 'review.done', 'resync']);

export interface ReviewController {
  readonly store: Store<ReviewState, ReviewEvent>;
  start(): () => void;
  refresh(): Promise<void>;
  more(): Promise<void>;
  show(view: ReviewStatus): Promise<void>;
  open(sessionId: string): Promise<void>;
  close(): void;
  submit(sessionId: string, body: ReviewBody): Promise<boolean>;
}

export function createReviewController(options: {
  api: AgentDeskApi;
  session: SessionSource;
}): ReviewController {
  const { api } = options;
  const store = createStore(reviewReducer, initialReview);
  let generation = 0;

  const load = async (append: boolean) => {
    const state = store.getState();
    if (!state.enabled) return;
    const gen = ++generation;
    store.dispatch({ type: 'loading' });
    const offset = append ? (state.nextOffset ?? 0) : 0;
    const list = await api.invoke('reviews:list', { status: state.view, offset });
    if (gen !== generation || !store.getState().enabled) return;
    store.dispatch(
      list.ok
        ? { type: 'loaded', page: list.value, append }
        : { type: 'load-failed', code: list.error.code },
    );
  };
  const refresh = () => load(false);

  return {
    store,
    start() {
      return followLead({
        api,
        session: options.session,
        onLead(next) {
          generation += 1;
          store.dispatch({ type: 'enabled', enabled: next !== null });
          if (next !== null) void refresh();
        },
        kinds: KINDS,
        onEvent: () => void refresh(),
      });
    },
    refresh,
    more: () => load(true),
    async show(view) {
      store.dispatch({ type: 'view', view });
      await refresh();
    },
    async open(sessionId) {
      if (!store.getState().enabled) return;
      store.dispatch({ type: 'open', sessionId });
      const r = await api.invoke('reviews:open', { sessionId });
      store.dispatch(
        r.ok
          ? { type: 'opened', detail: r.value }
          : { type: 'open-failed', sessionId, code: r.error.code },
      );
    },
    close: () => store.dispatch({ type: 'close' }),
    async submit(sessionId, body) {
      const state = store.getState();
      if (!state.enabled || state.submitting) return false;
      store.dispatch({ type: 'submitting' });
      const r = await api.invoke('reviews:submit', { sessionId, ...body });
      if (!r.ok) {
        store.dispatch({ type: 'submit-failed', code: r.error.code });
        return false;
      }
      store.dispatch({ type: 'submitted', detail: r.value });
      return true;
    },
  };
}
