// Art. 10 approval on the agent's panel: why a lead must approve, the request once every check
// has passed (never earlier: the lead reviews a complete case), the wait, and the decision.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon.js';
import { checksDoneForApproval } from '../../common/policy.js';
import type { Verification } from '../../common/records-api.js';
import { Script } from './Steps.js';

export interface ApprovalCardProps {
  session: Verification;
  canAct: boolean;
  busy: boolean;
  onRequest: (note: string) => void;
}

/** Why a lead must approve (the policy's reasons, in words). */
function Needed({ reasons }: { reasons: Verification['approval']['reasons'] }) {
  const { t } = useTranslation();
  return (
    <>
      <p>{t('verify.approval.needed')}</p>
      <ul className="approval-card__reasons">
        {reasons.map((reason) => (
          <li key={reason}>{t(`verify.approval.reasons.${reason}`)}</li>
        ))}
      </ul>
    </>
  );
}

/**
 * Art. 10: a lead must approve this session; request it once every check has passed (the lead
 * reviews a complete case), wait, and show who decided and why.
 */
export function ApprovalCard({ session, canAct, busy, onRequest }: ApprovalCardProps) {
  const { t } = useTranslation();
  const id = useId();
  const [note, setNote] = useState('');
  const { approval } = session;
  if (approval.state === 'not-required') return null;
  const by = approval.decidedByName ?? approval.decidedBy ?? t('verify.approval.someone');
  const why = approval.reason ?? t('verify.approval.noReason');
  return (
    <section
      className={`verify-section approval-card approval-card--${approval.state}`}
      aria-labelledby={`${id}-title`}
      data-testid="approval-status"
      data-state={approval.state}
    >
      <h3 id={`${id}-title`} className="section-title">
        {t('verify.approval.title')}
      </h3>
      {approval.state === 'not-requested' && !checksDoneForApproval(session.nextStep) && (
        <div className="field-note" data-testid="approval-after-checks">
          <Icon name="info" />
          <div>
            <Needed reasons={approval.reasons} />
            <p>{t('verify.approval.afterChecks')}</p>
          </div>
        </div>
      )}
      {approval.state === 'not-requested' && checksDoneForApproval(session.nextStep) && (
        <form
          className="approval-card__form"
          onSubmit={(event) => {
            event.preventDefault();
            onRequest(note);
          }}
        >
          <div className="field-note">
            <Icon name="info" />
            <div>
              <Needed reasons={approval.reasons} />
            </div>
          </div>
          <div className="field">
            <label htmlFor={`${id}-note`}>{t('verify.approval.note')}</label>
            <input
              id={`${id}-note`}
              data-testid="approval-note"
              maxLength={500}
              autoComplete="off"
              value={note}
              onChange={(event) => setNote(event.target.value)}
            />
          </div>
          <div className="verify-action__buttons">
            <button
              type="submit"
              className="button button--primary"
              data-testid="approval-request"
              disabled={!canAct || busy}
              aria-busy={busy}
            >
              {busy ? t('verify.approval.requesting') : t('verify.approval.request')}
            </button>
          </div>
        </form>
      )}
      {approval.state === 'pending' && (
        <>
          <p className="verify-loading" role="status">
            <span className="loading__spinner" aria-hidden="true" />
            {t('verify.approval.pending')}
          </p>
          <Script>{t('verify.approval.waitScript')}</Script>
        </>
      )}
      {approval.state === 'approved' && (
        <p className="approval-card__decision" role="status" data-testid="approval-decision">
          <Icon name="check" />
          {t('verify.approval.approved', { by, reason: why })}
        </p>
      )}
      {approval.state === 'denied' && (
        <>
          <p
            className="approval-card__decision approval-card__decision--denied"
            role="alert"
            data-testid="approval-decision"
          >
            <Icon name="error" />
            {t('verify.approval.denied', { by, reason: why })}
          </p>
          <Script tone="warning">{t('verify.approval.deniedScript')}</Script>
        </>
      )}
    </section>
  );
}
