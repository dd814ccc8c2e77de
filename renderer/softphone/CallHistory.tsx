import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallRecord } from '../../common/phone.js';
import { isMaskedNumber } from '../../common/phone-number.js';
import { errorKey } from '../i18n/index.js';
import type { ErrorCode } from '../../common/result.js';
import { Icon } from '../components/Icon.js';
import { PhoneNumber } from '../components/PhoneNumber.js';
import { formatDuration } from './view.js';

export interface CallHistoryProps {
  calls: readonly CallRecord[];
  problem: ErrorCode | null;
  /** Redial is off while a call is live or the line is down. */
  canRedial: boolean;
  onRedial: (number: string) => void;
}

const MISSED = new Set<CallRecord['outcome']>(['missed', 'declined-not-ready']);

/**
 * Recent calls, newest first; a click on one calls it back. Memoised: it re-renders only when its
 * props change (not on every change of the phone's state).
 */
export const CallHistory = memo(function CallHistory({
  calls,
  problem,
  canRedial,
  onRedial,
}: CallHistoryProps) {
  const { t, i18n } = useTranslation();
  const today = new Date().toDateString();
  const { time, dayTime } = useMemo(() => formatsFor(i18n.language), [i18n.language]);
  return (
    <section
      className="card history-card"
      aria-labelledby="call-history-title"
      data-testid="call-history"
    >
      <h2 id="call-history-title" className="card__title">
        <Icon name="history" />
        {t('softphone.history.title')}
      </h2>
      {problem && (
        <p className="field-problem history-card__problem">
          {t('softphone.history.loadFailed', { reason: t(errorKey(problem)) })}
        </p>
      )}
      {calls.length === 0 ? (
        <p className="history-card__empty">{t('softphone.history.empty')}</p>
      ) : (
        <ul className="history-list">
          {calls.map((call) => {
            const started = new Date(call.startedAt);
            const when =
              started.toDateString() === today ? time.format(started) : dayTime.format(started);
            return (
              <li key={call.id}>
                <button
                  type="button"
                  className={`history-item${MISSED.has(call.outcome) ? ' history-item--missed' : ''}`}
                  data-testid="history-item"
                  data-number={call.number}
                  disabled={!canRedial || call.number === '' || isMaskedNumber(call.number)}
                  onClick={() => onRedial(call.number)}
                >
                  <span
                    className={`history-item__dir history-item__dir--${call.direction}`}
                    aria-hidden="true"
                  >
                    <Icon name={call.direction === 'inbound' ? 'arrow-in' : 'arrow-out'} />
                  </span>
                  <span className="visually-hidden">{t('softphone.history.redialAction')} </span>
                  <span className="history-item__who">
                    <span className="history-item__name">
                      {call.name ?? <PhoneNumber value={call.number} />}
                    </span>
                    <span className="history-item__meta">
                      {call.name && (
                        <span>
                          <PhoneNumber value={call.number} />
                        </span>
                      )}
                      <span>{t(`softphone.history.outcome.${call.outcome}`)}</span>
                      {call.durationSeconds > 0 && (
                        <span>
                          {t('softphone.history.duration', {
                            duration: formatDuration(call.durationSeconds),
                          })}
                        </span>
                      )}
                    </span>
                  </span>
                  <span className="history-item__when">{when}</span>
                  <span className="history-item__call" aria-hidden="true">
                    <Icon name="phone" />
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
});

function formatsFor(language: string) {
  return {
    time: new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit' }),
    dayTime: new Intl.DateTimeFormat(language, {
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    }),
  };
}
