// renderer/lead/: everything a team lead works with — the rooms of the team-lead console. The
// call-back queue (Art. 12): the call-backs agents recorded in an outage, shown with the masked
// number only (Art. 11); the team calls the number on record, never one typed here.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallbackOutcome } from '../../common/callback-reason.js';
import type { CallbackQueueItem } from '../../common/connectivity.js';
import type { ErrorCode } from '../../common/result.js';
import { parseBasicExceptionReason } from '../../common/policy.js';
import { Icon } from '../components/Icon.js';
import { errorKey } from '../i18n/index.js';
import { CallbackHistory } from './CallbackHistory.js';
import {
  CALLBACK_CLOSE_NOTE_MAX,
  openCallbackCount,
  type CallbackQueueState,
  type CallbackView,
} from './callback-queue.js';
import { callbackWanted, shownCustomerRef } from './callback-wanted.js';

export interface CallbackQueueProps {
  state: CallbackQueueState;
  formatTime: (at: string) => string;
  onRefresh: () => void;
  onClose: (id: string, outcome: CallbackOutcome, note: string) => Promise<boolean>;
  /** The open queue or the history of closed ones. */
  onView?: (view: CallbackView) => void;
  /** The next page of the list shown. */
  onMore?: () => void;
}

/**
 * Art. 12: the call-backs agents recorded during an outage, for the lead to work through. The
 * number is the masked one only (Art. 11); the team calls the number on record, never one typed
 * here.
 */
export function CallbackQueue(props: CallbackQueueProps) {
  const { state, formatTime, onRefresh, onClose } = props;
  const { t } = useTranslation();
  const count = openCallbackCount(state);
  const history = state.view === 'history';
  const more = history ? state.history.nextOffset !== null : state.openNext !== null;
  const busy = history ? state.history.loading : state.loadingMore;
  return (
    <section
      className="card callback-queue"
      aria-labelledby="callback-queue-title"
      data-testid="callback-queue"
      data-count={count}
    >
      <header className="card__title phone-card__title">
        <h2 id="callback-queue-title" className="phone-card__heading">
          <Icon name="phone" />
          {t('verify.callbacks.title')}
          {state.loaded && !state.problem && (
            <span className="count-pill" data-testid="callback-queue-count">
              {t('verify.callbacks.count', { count })}
            </span>
          )}
        </h2>
        <div className="callback-queue__views" role="group" aria-label={t('lead.callbacks.views')}>
          {(['open', 'history'] as const).map((view) => (
            <button
              key={view}
              type="button"
              className="button button--small"
              aria-pressed={state.view === view}
              data-testid="callbacks-view"
              data-view={view}
              onClick={() => props.onView?.(view)}
            >
              {t(`lead.callbacks.view.${view}`)}
            </button>
          ))}
          <button
            type="button"
            className="button button--quiet button--small"
            data-testid="callback-queue-refresh"
            disabled={history ? state.history.loading : state.loading}
            onClick={onRefresh}
          >
            {t('verify.callbacks.refresh')}
          </button>
        </div>
      </header>
      <div className="callback-queue__body">
        {history ? (
          <CallbackHistory history={state.history} formatTime={formatTime} />
        ) : (
          <OpenList state={state} formatTime={formatTime} onClose={onClose} />
        )}
        {more && (
          <button
            type="button"
            className="button button--small callback-queue__more"
            data-testid="callbacks-more"
            disabled={busy}
            onClick={() => props.onMore?.()}
          >
            {busy ? t('lead.callbacks.loadingMore') : t('lead.callbacks.more')}
          </button>
        )}
      </div>
    </section>
  );
}

/** The open call-backs, oldest first, each with its close. */
function OpenList({
  state,
  formatTime,
  onClose,
}: Pick<CallbackQueueProps, 'state' | 'formatTime' | 'onClose'>) {
  const { t } = useTranslation();
  const count = state.callbacks.length;
  return (
    <>
      {state.problem && (
        <p
          className="field-problem"
          role="alert"
          data-testid="callback-queue-problem"
          data-code={state.problem}
        >
          {t('verify.callbacks.loadFailed', { reason: t(errorKey(state.problem)) })}
        </p>
      )}
      {!state.loaded && state.loading && (
        <p className="field-hint">{t('verify.callbacks.loading')}</p>
      )}
      {state.loaded && count === 0 && !state.problem && (
        <div className="empty-state empty-state--compact" data-testid="callback-queue-empty">
          <p className="empty-state__title">{t('verify.callbacks.empty')}</p>
          <p className="empty-state__body">{t('verify.callbacks.emptyBody')}</p>
        </div>
      )}
      {count > 0 && <p className="field-hint">{t('verify.callbacks.intro')}</p>}
      <ul className="callback-list">
        {state.callbacks.map((item) => (
          <li key={item.id}>
            <CallbackItem
              item={item}
              busy={state.closing?.id === item.id ? state.closing.outcome : null}
              blocked={state.closing !== null}
              problem={state.closeProblem?.id === item.id ? state.closeProblem.code : null}
              formatTime={formatTime}
              onClose={onClose}
            />
          </li>
        ))}
      </ul>
    </>
  );
}

function CallbackItem({
  item,
  busy,
  blocked,
  problem,
  formatTime,
  onClose,
}: {
  item: CallbackQueueItem;
  busy: CallbackOutcome | null;
  blocked: boolean;
  problem: ErrorCode | null;
  formatTime: (at: string) => string;
  onClose: (id: string, outcome: CallbackOutcome, note: string) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [note, setNote] = useState('');
  const wanted = callbackWanted(item);
  // Art. 5(2): the exception procedure's follow-up, opened by the records service.
  const exception = item.kind === 'exception' ? parseBasicExceptionReason(item.reason) : null;
  const close = (outcome: CallbackOutcome) => {
    void onClose(item.id, outcome, note).then((closed) => {
      if (closed) setNote('');
    });
  };
  return (
    <article
      className="callback-item"
      data-testid="callback-item"
      data-id={item.id}
      aria-labelledby={`${id}-title`}
      aria-busy={busy !== null}
    >
      <header className="callback-item__head">
        <h3 id={`${id}-title`} className="callback-item__number">
          <span className="visually-hidden">{t('verify.callbacks.number')} </span>
          <span data-testid="callback-item-number">{shownCustomerRef(item.customerRef)}</span>
        </h3>
        {item.kind === 'exception' && (
          <span className="window-pill window-pill--asap" data-testid="callback-item-kind">
            {t('verify.callbacks.exception')}
          </span>
        )}
        {wanted.window && (
          <span
            className={`window-pill${wanted.window === 'asap' ? ' window-pill--asap' : ''}`}
            data-testid="callback-item-window"
            data-window={wanted.window}
          >
            {t('verify.callbacks.window', {
              window: t(`verify.outage.callback.windows.${wanted.window}`),
            })}
          </span>
        )}
        <span className="field-hint callback-item__time">
          {t('verify.callbacks.requestedAt', { time: formatTime(item.requestedAt) })}
        </span>
      </header>
      <p className="callback-item__facts">
        {(wanted.raw === null || wanted.businessType !== null) && (
          <span data-testid="callback-item-business">
            {t('verify.callbacks.business', {
              business: wanted.businessType
                ? t(`verify.business.types.${wanted.businessType}`)
                : t('verify.callbacks.businessNone'),
            })}
          </span>
        )}
        <span>
          {item.requestedBy
            ? t('verify.callbacks.requestedBy', { name: item.requestedByName ?? item.requestedBy })
            : t('verify.callbacks.requestedByUnknown')}
        </span>
      </p>
      {exception && (
        <p data-testid="callback-item-reason" data-kind="exception">
          {t('verify.callbacks.exceptionReason', {
            count: exception.failures,
            hours: exception.hours,
          })}
        </p>
      )}
      {wanted.raw !== null && !exception && (
        <p data-testid="callback-item-reason">
          {t('verify.callbacks.reason', { reason: wanted.raw })}
        </p>
      )}
      {item.notes && (
        <p data-testid="callback-item-notes">
          {t('verify.callbacks.notes', { notes: item.notes })}
        </p>
      )}
      <div className="callback-item__close">
        <div className="field callback-item__note">
          <label htmlFor={`${id}-note`}>{t('verify.callbacks.closeNote')}</label>
          <input
            id={`${id}-note`}
            data-testid="callback-close-note"
            maxLength={CALLBACK_CLOSE_NOTE_MAX}
            autoComplete="off"
            placeholder={t('verify.callbacks.closeNotePlaceholder')}
            value={note}
            disabled={busy !== null}
            onChange={(event) => setNote(event.target.value)}
          />
        </div>
        <div className="verify-action__buttons">
          <button
            type="button"
            className="button button--quiet"
            data-testid="callback-cancel"
            disabled={blocked}
            onClick={() => close('cancelled')}
          >
            {busy === 'cancelled' ? t('verify.callbacks.closing') : t('verify.callbacks.cancel')}
          </button>
          <button
            type="button"
            className="button button--primary"
            data-testid="callback-done"
            disabled={blocked}
            onClick={() => close('done')}
          >
            {busy === 'done' ? t('verify.callbacks.closing') : t('verify.callbacks.done')}
          </button>
        </div>
      </div>
      {problem && (
        <p
          className="field-problem"
          role="alert"
          data-testid="callback-close-problem"
          data-code={problem}
        >
          {problem === 'conflict'
            ? t('verify.callbacks.closeConflict')
            : t('verify.callbacks.closeFailed', { reason: t(errorKey(problem)) })}
        </p>
      )}
    </article>
  );
}
