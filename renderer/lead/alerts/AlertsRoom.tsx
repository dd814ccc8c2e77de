// The console's Alerts room (Art. 6, 10, 11, 18): one list of everything the records service
// raised, newest first, with the call's archive timeline a click away, and the password unlock
// beside it. The open count lives on the tab and in the window title (controller.ts).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Alert } from '../../../common/records-api.js';
import { errorKey } from '../../i18n/index.js';
import { AlertItem } from './AlertItem.js';
import { openCount, type AlertsState } from './alerts-store.js';
import type { AlertsController } from './controller.js';
import { LockPanel, type UnlockTarget } from './LockPanel.js';
import { useTimelineText } from './timeline-text.js';

export interface AlertsRoomProps {
  state: AlertsState;
  actions: AlertsController;
  formatTime: (at: string) => string;
}

export function AlertsRoom({ state, actions, formatTime }: AlertsRoomProps) {
  const { t } = useTranslation();
  const [onlyOpen, setOnlyOpen] = useState(false);
  const [target, setTarget] = useState<UnlockTarget | null>(null);
  const open = openCount(state);
  const shown = onlyOpen ? state.alerts.filter((a) => a.status !== 'resolved') : state.alerts;
  const unlockFrom = (alert: Alert) => {
    const kind = alert.details.kind === 'transaction' ? 'transaction' : 'query';
    if (alert.customerId) setTarget({ customerId: alert.customerId, kind });
  };
  return (
    <div
      className="alerts-room"
      data-testid="alerts-room"
      data-open={open}
      data-chimes={state.chimes}
      onPointerDown={actions.requestPermission}
    >
      <section className="card alerts-list" aria-labelledby="alerts-title">
        <header className="card__title alerts-list__head">
          <h2 id="alerts-title">
            {t('lead.alerts.title')}
            {state.loaded && (
              <span className="count-pill" data-testid="alerts-open-count">
                {t('lead.alerts.openCount', { count: open })}
              </span>
            )}
          </h2>
          <label className="alert-field alert-field--inline">
            <span>{t('lead.alerts.filter.label')}</span>
            <select
              aria-label={t('lead.alerts.filter.label')}
              value={onlyOpen ? 'open' : 'all'}
              onChange={(e) => setOnlyOpen(e.target.value === 'open')}
              data-testid="alerts-filter"
            >
              <option value="all">{t('lead.alerts.filter.all')}</option>
              <option value="open">{t('lead.alerts.filter.open')}</option>
            </select>
          </label>
          <button
            type="button"
            className="button button--quiet button--small"
            disabled={state.loading}
            onClick={() => void actions.refresh()}
          >
            {t('lead.alerts.refresh')}
          </button>
        </header>
        <p className="field-hint">{t('lead.alerts.intro')}</p>
        {state.problem && (
          <p className="field-problem" role="alert">
            {t('lead.alerts.loadFailed', { reason: t(errorKey(state.problem)) })}
          </p>
        )}
        {!state.loaded && state.loading && <p className="field-hint">{t('lead.alerts.loading')}</p>}
        {state.loaded && state.alerts.length === 0 && !state.problem && (
          <div className="empty-state empty-state--compact" data-testid="alerts-empty">
            <p className="empty-state__title">{t('lead.alerts.empty')}</p>
            <p className="empty-state__body">{t('lead.alerts.emptyBody')}</p>
          </div>
        )}
        <ul className="alerts-list__items">
          {shown.map((alert) => (
            <li key={alert.id}>
              <AlertItem
                alert={alert}
                leads={state.leads}
                busy={state.busy === alert.id}
                problem={
                  state.actionProblem?.id === alert.id
                    ? state.actionProblem.message || t(errorKey(state.actionProblem.code))
                    : null
                }
                formatTime={formatTime}
                actions={actions}
                onUnlock={unlockFrom}
              />
              {state.timeline && state.timeline.callId === alert.callId && (
                <Timeline
                  state={state.timeline}
                  formatTime={formatTime}
                  onClose={actions.closeTimeline}
                />
              )}
            </li>
          ))}
        </ul>
      </section>
      <LockPanel
        state={state.locks}
        actions={actions}
        target={target}
        formatTime={formatTime}
        onDone={() => setTarget(null)}
      />
    </div>
  );
}

function Timeline({
  state,
  formatTime,
  onClose,
}: {
  state: NonNullable<AlertsState['timeline']>;
  formatTime: (at: string) => string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const say = useTimelineText();
  return (
    <section
      className="alert-timeline"
      data-testid="alert-timeline-view"
      aria-label={t('lead.alerts.timelineTitle', { callId: state.callId })}
    >
      <header className="alert-timeline__head">
        <h4>{t('lead.alerts.timelineTitle', { callId: state.callId })}</h4>
        <button type="button" className="button button--quiet button--small" onClick={onClose}>
          {t('lead.alerts.timelineClose')}
        </button>
      </header>
      {state.problem && (
        <p className="field-problem" role="alert">
          {t('lead.alerts.timelineFailed', { reason: t(errorKey(state.problem)) })}
        </p>
      )}
      {!state.timeline && !state.problem && (
        <p className="field-hint">{t('lead.alerts.timelineLoading')}</p>
      )}
      <ol className="alert-timeline__items">
        {state.timeline?.items.map((item) => {
          const { what, who } = say(item, state.timeline?.names ?? {});
          return (
            <li key={`${item.source}-${item.id}`} data-source={item.source}>
              <time dateTime={item.at}>{formatTime(item.at)}</time> <span>{what}</span>
              {who && <span className="alert-timeline__agent"> · {who}</span>}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
