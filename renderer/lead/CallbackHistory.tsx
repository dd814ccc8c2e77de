// renderer/lead/: the call-back room's history (Art. 12): the closed call-backs, newest closed
// first, with who closed each and how — what a lead checks when a customer rings about a promised
// call. The number is the masked one only (Art. 11).
import { useTranslation } from 'react-i18next';
import { errorKey } from '../i18n/index.js';
import type { CallbackHistoryState } from './callback-queue.js';
import { shownCustomerRef } from './callback-wanted.js';

export function CallbackHistory({
  history,
  formatTime,
}: {
  history: CallbackHistoryState;
  formatTime: (at: string) => string;
}) {
  const { t } = useTranslation();
  return (
    <>
      {history.problem && (
        <p
          className="field-problem"
          role="alert"
          data-testid="callback-history-problem"
          data-code={history.problem}
        >
          {t('lead.callbacks.historyFailed', { reason: t(errorKey(history.problem)) })}
        </p>
      )}
      {!history.loaded && history.loading && (
        <p className="field-hint">{t('verify.callbacks.loading')}</p>
      )}
      {history.loaded && !history.problem && history.callbacks.length === 0 && (
        <div className="empty-state empty-state--compact" data-testid="callback-history-empty">
          <p className="empty-state__title">{t('lead.callbacks.historyEmpty')}</p>
        </div>
      )}
      <ul className="callback-list">
        {history.callbacks.map((item) => (
          <li key={item.id}>
            <article
              className="callback-item"
              data-testid="callback-history-item"
              data-id={item.id}
              data-status={item.status}
            >
              <header className="callback-item__head">
                <h3 className="callback-item__number">
                  <span className="visually-hidden">{t('verify.callbacks.number')} </span>
                  {shownCustomerRef(item.customerRef)}
                </h3>
                <span className="window-pill" data-testid="callback-history-outcome">
                  {t(`lead.callbacks.outcome.${item.status === 'done' ? 'done' : 'cancelled'}`)}
                </span>
                {item.kind === 'exception' && (
                  <span className="window-pill window-pill--asap">
                    {t('verify.callbacks.exception')}
                  </span>
                )}
              </header>
              <p className="callback-item__facts">
                <span>
                  {t('verify.callbacks.requestedAt', { time: formatTime(item.requestedAt) })}
                </span>
                <span>
                  {item.requestedBy
                    ? t('verify.callbacks.requestedBy', {
                        name: item.requestedByName ?? item.requestedBy,
                      })
                    : t('verify.callbacks.requestedByUnknown')}
                </span>
              </p>
              <p className="callback-item__facts">
                <span>
                  {t('lead.callbacks.closedAt', {
                    time: item.closedAt ? formatTime(item.closedAt) : '—',
                  })}
                </span>
                <span>
                  {t('lead.callbacks.closedBy', {
                    name: item.closedByName ?? item.closedBy ?? '—',
                  })}
                </span>
              </p>
              {item.notes && <p>{t('verify.callbacks.notes', { notes: item.notes })}</p>}
            </article>
          </li>
        ))}
      </ul>
    </>
  );
}
