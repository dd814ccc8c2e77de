// One alert in the lead's list: kind, when, masked context, status and assignee by name, its
// history, the Art. 18 checklist on a suspected fraud, and the lead's actions (acknowledge,
// assign, resolve with an outcome). The records service decides; a refusal shows beside it.
import { Fragment, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ALERT_OUTCOMES,
  EMERGENCY_STEPS,
  type AlertOutcome,
  type EmergencyStep,
} from '../../../common/policy.js';
import type { Alert } from '../../../common/records-api.js';
import { useAlertText } from './alert-text.js';
import type { AlertsController } from './controller.js';

const KNOWN_KINDS = [
  'fraud-suspected',
  'verification-exception',
  'password-locked',
  'over-permission',
  'journal-tamper',
  'dead-letters',
] as const;
type KnownKind = (typeof KNOWN_KINDS)[number];

export function useKindLabel(): (kind: string) => string {
  const { t } = useTranslation();
  return (kind) =>
    (KNOWN_KINDS as readonly string[]).includes(kind)
      ? t(`lead.alerts.kind.${kind as KnownKind}`)
      : t('lead.alerts.kind.other', { kind });
}

export interface AlertItemProps {
  alert: Alert;
  leads: { username: string; name: string }[];
  busy: boolean;
  problem: string | null;
  formatTime: (at: string) => string;
  actions: AlertsController;
  onUnlock: (alert: Alert) => void;
}

export function AlertItem({
  alert,
  leads,
  busy,
  problem,
  formatTime,
  actions,
  onUnlock,
}: AlertItemProps) {
  const { t } = useTranslation();
  const id = useId();
  const kindLabel = useKindLabel();
  const name = (u: string | null) => (u ? (alert.names[u] ?? u) : null);
  const resolved = alert.status === 'resolved';
  const text = useAlertText();
  const context = text.facts(alert);
  return (
    <article
      className={`alert-item alert-item--${alert.status}`}
      data-testid="alert-item"
      data-id={alert.id}
      data-kind={alert.kind}
      data-status={alert.status}
      aria-labelledby={`${id}-title`}
      aria-busy={busy}
    >
      <header className="alert-item__head">
        <h3 id={`${id}-title`} className="alert-item__kind">
          {kindLabel(alert.kind)}
        </h3>
        <span className={`alert-status alert-status--${alert.status}`}>
          {t(`lead.alerts.status.${alert.status}`)}
          {alert.outcome && ` · ${t(`lead.alerts.outcome.${alert.outcome}`)}`}
        </span>
        <time className="alert-item__time" dateTime={alert.raisedAt}>
          {formatTime(alert.raisedAt)}
        </time>
      </header>
      <dl className="alert-item__facts">
        {alert.agentUsername && (
          <>
            <dt>{t('lead.alerts.agent')}</dt>
            <dd>{name(alert.agentUsername)}</dd>
          </>
        )}
        {alert.customer && (
          <>
            <dt>{t('lead.alerts.customer')}</dt>
            <dd data-testid="alert-customer">
              {alert.customer.name} · {alert.customer.mobile} · {alert.customer.nationalId}
            </dd>
          </>
        )}
        {alert.reasons.length > 0 && (
          <>
            <dt>{t('lead.alerts.reasons')}</dt>
            <dd>
              <ul className="alert-item__reasons" data-testid="alert-reasons">
                {alert.reasons.map((code) => (
                  <li key={code}>{text.reason(code)}</li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {context.map(([label, value]) => (
          <Fragment key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </Fragment>
        ))}
        <dt>{t('lead.alerts.assignee')}</dt>
        <dd data-testid="alert-assignee">
          {name(alert.assignedTo) ?? t('lead.alerts.unassigned')}
        </dd>
      </dl>
      {alert.actions.length > 0 && (
        <ol className="alert-item__history">
          {alert.actions.map((a, i) => (
            <li key={i}>
              {t(`lead.alerts.history.${a.action}`, {
                name: name(a.by),
                to: name(a.to),
                outcome: a.outcome ? t(`lead.alerts.outcome.${a.outcome}`) : '',
              })}{' '}
              · {formatTime(a.at)}
              {a.note && <q className="alert-item__note">{a.note}</q>}
            </li>
          ))}
        </ol>
      )}
      {alert.emergencySteps && (
        <FraudChecklist
          alert={alert}
          busy={busy || resolved}
          formatTime={formatTime}
          actions={actions}
        />
      )}
      <div className="alert-item__actions">
        {alert.callId && (
          <button
            type="button"
            className="button button--quiet button--small"
            data-testid="alert-timeline"
            onClick={() => void actions.openTimeline(alert.callId!)}
          >
            {t('lead.alerts.timeline')}
          </button>
        )}
        {alert.kind === 'password-locked' && alert.customerId && !resolved && (
          <button
            type="button"
            className="button button--small"
            data-testid="password-unlock"
            onClick={() => onUnlock(alert)}
          >
            {t('lead.alerts.unlock.button')}
          </button>
        )}
        {alert.status === 'open' && (
          <button
            type="button"
            className="button button--small"
            data-testid="alert-ack"
            disabled={busy}
            onClick={() => void actions.acknowledge(alert.id)}
          >
            {t('lead.alerts.acknowledge')}
          </button>
        )}
      </div>
      {!resolved && <AlertForms alertId={alert.id} leads={leads} busy={busy} actions={actions} />}
      {problem && (
        <p className="field-problem" role="alert" data-testid="alert-problem">
          {t('lead.alerts.refused', { reason: problem })}
        </p>
      )}
    </article>
  );
}

/** Assign to a lead, or resolve with an outcome and a note: what a lead does to an open alert. */
function AlertForms({
  alertId,
  leads,
  busy,
  actions,
}: Pick<AlertItemProps, 'leads' | 'busy' | 'actions'> & { alertId: string }) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState<AlertOutcome>('handled');
  const [note, setNote] = useState('');
  const [to, setTo] = useState('');
  return (
    <div className="alert-item__forms">
      <label className="alert-field">
        <span>{t('lead.alerts.assignTo')}</span>
        <select
          aria-label={t('lead.alerts.assignTo')}
          value={to}
          onChange={(e) => setTo(e.target.value)}
          data-testid="alert-assign-to"
        >
          <option value="">—</option>
          {leads.map((l) => (
            <option key={l.username} value={l.username}>
              {l.name}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="button button--quiet button--small"
        data-testid="alert-assign"
        disabled={busy || to === ''}
        onClick={() => void actions.assign(alertId, to)}
      >
        {t('lead.alerts.assign')}
      </button>
      <label className="alert-field">
        <span>{t('lead.alerts.resolveOutcome')}</span>
        <select
          aria-label={t('lead.alerts.resolveOutcome')}
          value={outcome}
          onChange={(e) => setOutcome(e.target.value as AlertOutcome)}
          data-testid="alert-outcome"
        >
          {ALERT_OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {t(`lead.alerts.outcome.${o}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="alert-field alert-field--wide">
        <span>{t('lead.alerts.note')}</span>
        <input
          type="text"
          aria-label={t('lead.alerts.note')}
          maxLength={500}
          value={note}
          placeholder={t('lead.alerts.notePlaceholder')}
          onChange={(e) => setNote(e.target.value)}
          data-testid="alert-note"
        />
      </label>
      <button
        type="button"
        className="button button--primary button--small"
        data-testid="alert-resolve"
        disabled={busy}
        onClick={() => void actions.resolve(alertId, outcome, note)}
      >
        {t('lead.alerts.resolve')}
      </button>
    </div>
  );
}

/** Art. 18: the four emergency steps, each ticked once with who and when. */
function FraudChecklist({
  alert,
  busy,
  formatTime,
  actions,
}: {
  alert: Alert;
  busy: boolean;
  formatTime: (at: string) => string;
  actions: AlertsController;
}) {
  const { t } = useTranslation();
  const [caseNumber, setCaseNumber] = useState('');
  const done = new Map((alert.emergencySteps ?? []).map((s) => [s.step, s]));
  const tick = (step: EmergencyStep) =>
    void actions.step(alert.id, step, step === 'reported-to-police' ? caseNumber : undefined);
  return (
    <fieldset className="fraud-checklist">
      <legend>{t('lead.alerts.fraud.title')}</legend>
      <ul>
        {EMERGENCY_STEPS.map((step) => {
          const record = done.get(step);
          const by = record
            ? record.doneBy
              ? (alert.names[record.doneBy] ?? record.doneBy)
              : t('lead.alerts.fraud.system')
            : null;
          return (
            <li
              key={step}
              data-testid="fraud-step"
              data-step={step}
              data-done={record ? 'true' : 'false'}
            >
              <span
                className={`fraud-step__mark${record ? ' fraud-step__mark--done' : ''}`}
                aria-hidden="true"
              >
                {record ? '✓' : '○'}
              </span>
              <span className="fraud-step__label">{t(`lead.alerts.fraudStep.${step}`)}</span>
              {record ? (
                <span className="fraud-step__who">
                  {t('lead.alerts.byAt', { name: by, time: formatTime(record.doneAt) })}
                  {record.policeCaseNumber && ` · ${record.policeCaseNumber}`}
                </span>
              ) : step === 'business-suspended' ? (
                <span className="fraud-step__who">{t('lead.alerts.fraud.pending')}</span>
              ) : (
                <span className="fraud-step__record">
                  {step === 'reported-to-police' && (
                    <input
                      type="text"
                      maxLength={64}
                      aria-label={t('lead.alerts.fraud.caseNumber')}
                      placeholder={t('lead.alerts.fraud.caseNumber')}
                      value={caseNumber}
                      onChange={(e) => setCaseNumber(e.target.value)}
                      data-testid="fraud-case-number"
                    />
                  )}
                  <button
                    type="button"
                    className="button button--quiet button--small"
                    data-testid="fraud-step-record"
                    disabled={busy || (step === 'reported-to-police' && !caseNumber.trim())}
                    onClick={() => tick(step)}
                  >
                    {t('lead.alerts.fraud.record')}
                  </button>
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
