// renderer/lead/: everything a team lead works with — the rooms of the team-lead console. The
// approvals inbox (Art. 10): pending cases, masked as the records service sends them, and the
// lead's decision, which never goes without a reason. A training call's request (Art. 9) wears
// the training accent so it is never taken for live work.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Approval } from '../../common/records-api.js';
import { Icon } from '../components/Icon.js';
import { errorKey } from '../i18n/index.js';
import type { ApprovalsState } from './approvals.js';

export interface ApprovalsInboxProps {
  state: ApprovalsState;
  formatTime: (at: string) => string;
  onRefresh: () => void;
  onDecide: (approvalId: string, approve: boolean, reason: string) => Promise<boolean>;
}

/** Art. 10: the lead's pending approvals, each with the masked case and its step history. */
export function ApprovalsInbox({ state, formatTime, onRefresh, onDecide }: ApprovalsInboxProps) {
  const { t } = useTranslation();
  return (
    <section
      className="card approvals-inbox"
      aria-labelledby="approvals-title"
      data-testid="approvals-inbox"
      data-count={state.approvals.length}
    >
      <header className="card__title phone-card__title">
        <h2 id="approvals-title" className="phone-card__heading">
          <Icon name="shield" />
          {t('verify.approvals.title')}
        </h2>
        <button
          type="button"
          className="button button--quiet button--small"
          data-testid="approvals-refresh"
          disabled={state.loading}
          onClick={onRefresh}
        >
          {t('verify.approvals.refresh')}
        </button>
      </header>
      <div className="approvals-inbox__body">
        {state.problem && (
          <p className="field-problem" role="alert">
            {t('verify.approvals.loadFailed', { reason: t(errorKey(state.problem)) })}
          </p>
        )}
        {!state.loaded && state.loading && (
          <p className="field-hint">{t('verify.approvals.loading')}</p>
        )}
        {state.loaded && state.approvals.length === 0 && !state.problem && (
          <div className="empty-state empty-state--compact">
            <p className="empty-state__title">{t('verify.approvals.empty')}</p>
            <p className="empty-state__body">{t('verify.approvals.emptyBody')}</p>
          </div>
        )}
        <ul className="approvals-list">
          {state.approvals.map((approval) => (
            <li key={approval.id}>
              <ApprovalItem
                approval={approval}
                busy={state.deciding === approval.id}
                blocked={state.deciding !== null}
                problem={
                  state.decideProblem?.approvalId === approval.id ? state.decideProblem.code : null
                }
                formatTime={formatTime}
                onDecide={onDecide}
              />
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

function ApprovalItem({
  approval,
  busy,
  blocked,
  problem,
  formatTime,
  onDecide,
}: {
  approval: Approval;
  busy: boolean;
  blocked: boolean;
  problem: string | null;
  formatTime: (at: string) => string;
  onDecide: (approvalId: string, approve: boolean, reason: string) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const c = approval.case;
  const decide = (approve: boolean) => {
    if (reason.trim() === '') {
      setMissing(true);
      return;
    }
    void onDecide(approval.id, approve, reason).then((done) => {
      if (done) setReason('');
    });
  };
  return (
    <article
      className={c.training ? 'approval-item approval-item--training' : 'approval-item'}
      data-testid="approval-item"
      data-approval-id={approval.id}
      data-session-id={approval.sessionId}
      data-training={c.training === true}
      aria-labelledby={`${id}-title`}
    >
      <header className="approval-item__head">
        <h3 id={`${id}-title`} className="approval-item__title">
          {t(`verify.business.types.${c.businessType}`)}
          <span className={`risk-pill risk-pill--${c.risk}`}>
            {t('verify.business.riskLabel', { risk: t(`verify.business.risk.${c.risk}`) })}
          </span>
          {c.training && (
            <span className="training-badge training-badge--case" data-testid="approval-training">
              {t('lead.training.approvalBadge')}
            </span>
          )}
        </h3>
        <span className="field-hint">
          {t('verify.approvals.requestedAt', { time: formatTime(approval.requestedAt) })}
        </span>
      </header>
      {c.training && <p className="approval-item__training">{t('lead.training.approvalNote')}</p>}
      <p>
        {t('verify.approvals.requestedBy', {
          name: approval.requestedByName ?? approval.requestedBy,
        })}
      </p>
      <p>{t('verify.approvals.caller', { number: c.callerNumber })}</p>
      <p data-testid="approval-customer">
        {c.customer
          ? t('verify.approvals.customer', {
              name: c.customer.name,
              mobile: c.customer.mobile,
              id: c.customer.nationalId,
            })
          : t('verify.approvals.noCustomer')}
      </p>
      <p>
        {t('verify.approvals.status', { status: t(`verify.wrapUp.statuses.${c.sessionStatus}`) })}
      </p>
      <div>
        <p className="section-title">{t('verify.approvals.reasons')}</p>
        <ul className="approval-card__reasons">
          {approval.reasons.map((r) => (
            <li key={r}>{t(`verify.approvals.reasonsForLead.${r}`)}</li>
          ))}
        </ul>
      </div>
      {approval.note && <p>{t('verify.approvals.note', { note: approval.note })}</p>}
      <StepHistory approval={approval} formatTime={formatTime} />
      <div className="field">
        <label htmlFor={`${id}-reason`}>{t('verify.approvals.decision')}</label>
        <input
          id={`${id}-reason`}
          data-testid="approval-reason"
          maxLength={500}
          autoComplete="off"
          placeholder={t('verify.approvals.decisionPlaceholder')}
          value={reason}
          aria-invalid={missing}
          onChange={(event) => {
            setReason(event.target.value);
            setMissing(false);
          }}
        />
        {missing && (
          <p className="field-problem" role="alert">
            {t('verify.approvals.reasonRequired')}
          </p>
        )}
        {problem && (
          <p className="field-problem" role="alert">
            {t('verify.approvals.decideFailed', { reason: t(errorKey(problem)) })}
          </p>
        )}
      </div>
      <div className="verify-action__buttons">
        <button
          type="button"
          className="button button--quiet"
          data-testid="approval-deny"
          disabled={blocked}
          onClick={() => decide(false)}
        >
          {busy ? t('verify.approvals.deciding') : t('verify.approvals.deny')}
        </button>
        <button
          type="button"
          className="button button--primary"
          data-testid="approval-approve"
          disabled={blocked}
          onClick={() => decide(true)}
        >
          {t('verify.approvals.approve')}
        </button>
      </div>
    </article>
  );
}

/** The case's step history in words (Art. 10: the lead decides on what was checked). */
function StepHistory({
  approval,
  formatTime,
}: {
  approval: Approval;
  formatTime: (at: string) => string;
}) {
  const { t } = useTranslation();
  const c = approval.case;
  return (
    <details className="approval-item__history">
      <summary>{t('verify.approvals.history')}</summary>
      {c.steps.length === 0 ? (
        <p className="field-hint">{t('verify.approvals.noHistory')}</p>
      ) : (
        <ol>
          {c.steps.map((s, index) => (
            <li key={index} data-step={s.step} data-outcome={s.outcome}>
              {t('verify.approvals.historyLine', {
                time: formatTime(s.at),
                // Steps and outcomes the service may add later still show, as their code.
                step: t(`verify.approvals.historySteps.${s.step}`, { defaultValue: s.step }),
                outcome: t(`verify.approvals.historyOutcomes.${s.outcome}`, {
                  defaultValue: s.outcome,
                }),
                agent: s.agent,
              })}
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}
