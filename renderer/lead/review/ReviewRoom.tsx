// The console's quality review room (Art. 19): the queue of sampled calls (to review, or reviewed),
// newest day first, each with its agent, business, outcome and why it was sampled; opening one
// shows the call in words and its steps to mark (ReviewSession.tsx).
import { useTranslation } from 'react-i18next';
import { errorKey } from '../../i18n/index.js';
import type { ReviewController } from './controller.js';
import { useReviewLabels } from './labels.js';
import { ReviewSession } from './ReviewSession.js';
import type { ReviewItem, ReviewState } from './store.js';

export interface ReviewRoomProps {
  state: ReviewState;
  formatTime: (at: string) => string;
  actions: Pick<ReviewController, 'refresh' | 'more' | 'show' | 'open' | 'close' | 'submit'>;
}

export function ReviewRoom({ state, formatTime, actions }: ReviewRoomProps) {
  const { t } = useTranslation();
  return (
    <div className="review-room" data-testid="review-room">
      <section className="card review-room__list" aria-labelledby="review-title">
        <header className="review-room__head">
          <h2 id="review-title">{t('lead.review.title')}</h2>
          <div className="review-room__views" role="group" aria-label={t('lead.review.title')}>
            {(['pending', 'reviewed'] as const).map((view) => (
              <button
                key={view}
                type="button"
                className="button button--small"
                aria-pressed={state.view === view}
                data-testid={`review-view-${view}`}
                onClick={() => void actions.show(view)}
              >
                {t(`lead.review.${view}`)}
              </button>
            ))}
            <button
              type="button"
              className="button button--quiet button--small"
              data-testid="review-refresh"
              disabled={state.loading}
              onClick={() => void actions.refresh()}
            >
              {t('lead.review.refresh')}
            </button>
          </div>
        </header>
        {state.problem && (
          <p className="field-problem" role="alert">
            {t('lead.review.failed', { reason: t(errorKey(state.problem)) })}
          </p>
        )}
        {state.loaded && !state.problem && state.items.length === 0 && (
          <p className="review-room__empty">
            {t(state.view === 'pending' ? 'lead.review.empty' : 'lead.review.emptyReviewed')}
          </p>
        )}
        {!state.loaded && <p>{t('lead.review.loading')}</p>}
        <ul className="review-room__items" data-testid="review-queue">
          {state.items.map((item) => (
            <li key={item.sessionId}>
              <ReviewEntry
                item={item}
                selected={state.opened?.sessionId === item.sessionId}
                formatTime={formatTime}
                onOpen={() => void actions.open(item.sessionId)}
              />
            </li>
          ))}
        </ul>
        {state.nextOffset !== null && (
          <button
            type="button"
            className="button button--small"
            data-testid="review-more"
            disabled={state.loading}
            onClick={() => void actions.more()}
          >
            {t('lead.review.more')}
          </button>
        )}
      </section>
      <section className="card review-room__session" aria-label={t('lead.review.steps')}>
        {state.opened ? (
          <ReviewSession
            key={state.opened.sessionId}
            opened={state.opened}
            submitting={state.submitting}
            submitProblem={state.submitProblem}
            formatTime={formatTime}
            onSubmit={(body) => actions.submit(state.opened!.sessionId, body)}
            onClose={actions.close}
          />
        ) : (
          <p className="review-room__empty">{t('lead.review.choose')}</p>
        )}
      </section>
    </div>
  );
}

function ReviewEntry({
  item,
  selected,
  formatTime,
  onOpen,
}: {
  item: ReviewItem;
  selected: boolean;
  formatTime: (at: string) => string;
  onOpen: () => void;
}) {
  const { t } = useTranslation();
  const labels = useReviewLabels();
  const reasons = item.reasons.map((r) => t(`lead.review.reason.${r}`)).join('、');
  return (
    <button
      type="button"
      className={`review-item${selected ? ' review-item--selected' : ''}`}
      data-testid="review-item"
      data-session-id={item.sessionId}
      data-status={item.status}
      aria-current={selected ? 'true' : undefined}
      onClick={onOpen}
    >
      <span className="review-item__title">
        {t('lead.review.item', {
          day: item.day,
          agent: item.agentName,
          business: labels.business(item.businessType),
        })}
      </span>
      <span className="review-item__meta">
        {t('lead.review.caller', { caller: item.caller })} ·{' '}
        {t('lead.review.outcome', { outcome: labels.outcome(item.outcome) })}
      </span>
      <span className="review-item__meta">{t('lead.review.why', { reasons })}</span>
      {item.status === 'reviewed' && (
        <span
          className={`review-item__verdict review-item__verdict--${item.correct ? 'ok' : 'bad'}`}
        >
          {t(`lead.review.verdict.${item.correct ? 'correct' : 'incorrect'}`)} ·{' '}
          {t('lead.review.reviewedBy', {
            name: item.reviewerName ?? '',
            at: item.reviewedAt ? formatTime(item.reviewedAt) : '',
          })}
        </span>
      )}
    </button>
  );
}
