// The open step's controls and scripts: password (Art. 6), passcode (Art. 7), another method
// (Art. 14) and the read-back (Art. 8). Plain props in, callbacks out.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlternativeId } from '../../common/policy.js';
import type { Verification } from '../../common/records-api.js';
import { useNow } from '../components/use-now.js';
import { SecureKeypad } from './SecureKeypad.js';
import { Script } from './Steps.js';
import type { KeypadView, VerificationState } from './state.js';
import { formatCountdown, secondsUntil } from './view.js';

interface KeypadControls {
  keypad: KeypadView | null;
  canAct: boolean;
  onKeypadStart: () => void;
  onKeypadStop: () => void;
}

export interface PasswordStepProps extends KeypadControls {
  session: Verification;
  last: VerificationState['last'];
  busy: boolean;
  onForgot: () => void;
  onDecline: () => void;
}

export function PasswordStep({
  session,
  last,
  busy,
  keypad,
  canAct,
  onKeypadStart,
  onKeypadStop,
  onForgot,
  onDecline,
}: PasswordStepProps) {
  const { t } = useTranslation();
  const kind = t(`verify.password.kinds.${session.passwordKind ?? 'transaction'}`);
  const failed = last?.action === 'password' && last.result === 'failed';
  return (
    <section
      className="verify-section verify-action"
      aria-labelledby="password-step-title"
      data-testid="password-step"
    >
      <h3 id="password-step-title" className="section-title">
        {t('verify.password.title')}
      </h3>
      <Script tone={failed ? 'warning' : 'normal'}>
        {failed ? t('verify.password.failedScript') : t('verify.password.script', { kind })}
      </Script>
      {failed && (
        <p
          className="field-problem"
          role="alert"
          data-testid="password-attempts-left"
          data-left={last.attemptsLeft ?? ''}
        >
          {t('verify.password.failed', { count: last.attemptsLeft ?? 0 })}
        </p>
      )}
      <SecureKeypad
        keypad={keypad}
        canStart={canAct}
        onStart={onKeypadStart}
        onStop={onKeypadStop}
      />
      <div className="verify-action__links">
        <button
          type="button"
          className="button button--quiet button--small"
          data-testid="password-forgot"
          aria-label={t('verify.password.forgotLabel')}
          disabled={!canAct || busy}
          onClick={onForgot}
        >
          {t('verify.password.forgot')}
        </button>
        {session.alternatives.available.length > 0 && (
          <button
            type="button"
            className="button button--quiet button--small"
            data-testid="method-decline"
            disabled={!canAct || busy}
            onClick={onDecline}
          >
            {t('verify.password.decline')}
          </button>
        )}
      </div>
    </section>
  );
}

export interface OtpStepProps extends KeypadControls {
  session: Verification;
  last: VerificationState['last'];
  otp: VerificationState['otp'];
  sending: boolean;
  onSend: () => void;
}

export function OtpStep({
  session,
  last,
  otp,
  sending,
  keypad,
  canAct,
  onKeypadStart,
  onKeypadStop,
  onSend,
}: OtpStepProps) {
  const { t } = useTranslation();
  const now = useNow(otp !== null, 500);
  const remaining = otp ? secondsUntil(otp.expiresAt, now) : 0;
  const resendIn = otp ? secondsUntil(otp.resendAvailableAt, now) : 0;
  const expiredLocally = otp !== null && remaining === 0;
  const result = last?.action === 'otp' ? last.result : null;
  const dead = result === 'killed' || result === 'expired' || expiredLocally;
  const mobile = session.customer?.mobile;
  return (
    <section
      className="verify-section verify-action"
      aria-labelledby="otp-step-title"
      data-testid="otp-step"
    >
      <h3 id="otp-step-title" className="section-title">
        {t('verify.otp.title')}
      </h3>
      {dead && otp === null ? (
        <Script tone="warning">{t('verify.otp.expiredScript')}</Script>
      ) : result === 'failed' ? (
        <Script tone="warning">{t('verify.otp.failedScript')}</Script>
      ) : (
        <Script>
          {mobile ? t('verify.otp.script', { mobile }) : t('verify.otp.scriptNoMobile')}
        </Script>
      )}
      <div className="otp-row">
        {otp && !expiredLocally ? (
          <p
            className="otp-countdown"
            data-testid="otp-countdown"
            data-seconds={remaining}
            role="timer"
            aria-live="off"
          >
            <span className="otp-countdown__label">{t('verify.otp.countdown')}</span>
            <span className="otp-countdown__value">{formatCountdown(remaining)}</span>
          </p>
        ) : (
          <span />
        )}
        <button
          type="button"
          className={otp ? 'button button--quiet' : 'button button--primary'}
          data-testid="otp-send"
          disabled={!canAct || sending || (otp !== null && resendIn > 0)}
          aria-busy={sending}
          onClick={onSend}
        >
          {sending ? t('verify.otp.sending') : otp ? t('verify.otp.resend') : t('verify.otp.send')}
        </button>
      </div>
      {otp && resendIn > 0 && (
        <p className="field-hint" data-testid="otp-resend-wait">
          {t('verify.otp.resendIn', { time: formatCountdown(resendIn) })}
        </p>
      )}
      {otp && !expiredLocally && result !== 'killed' && (
        <p className="field-hint">{t('verify.otp.sent')}</p>
      )}
      {result === 'failed' && (
        <p
          className="field-problem"
          role="alert"
          data-testid="otp-attempts-left"
          data-left={last?.attemptsLeft ?? ''}
        >
          {t('verify.otp.failed', { count: last?.attemptsLeft ?? 0 })}
        </p>
      )}
      {(result === 'killed' || result === 'expired' || expiredLocally) && (
        <p
          className="field-problem"
          role="alert"
          data-testid="otp-dead"
          data-reason={result === 'killed' ? 'killed' : 'expired'}
        >
          {result === 'killed' ? t('verify.otp.killed') : t('verify.otp.expired')}
        </p>
      )}
      {otp && !expiredLocally && (
        <SecureKeypad
          keypad={keypad}
          canStart={canAct}
          onStart={onKeypadStart}
          onStop={onKeypadStop}
        />
      )}
    </section>
  );
}

export interface MethodChoiceProps {
  available: readonly AlternativeId[];
  busy: boolean;
  onSwitch: (alternative: AlternativeId, reason: string) => void;
  onCancel: () => void;
}

/** Art. 14: the customer declines a method; the agent records the agreed alternative and why. */
export function MethodChoice({ available, busy, onSwitch, onCancel }: MethodChoiceProps) {
  const { t } = useTranslation();
  const id = useId();
  const [alternative, setAlternative] = useState<AlternativeId>(available[0]!);
  const [reason, setReason] = useState('');
  return (
    <form
      className="verify-section verify-action method-choice"
      data-testid="method-choice"
      aria-labelledby={`${id}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        if (reason.trim()) onSwitch(alternative, reason);
      }}
    >
      <h3 id={`${id}-title`} className="section-title">
        {t('verify.method.title')}
      </h3>
      <p className="field-hint">{t('verify.method.intro')}</p>
      <div className="field">
        <label htmlFor={`${id}-alt`}>{t('verify.method.alternative')}</label>
        <select
          id={`${id}-alt`}
          data-testid="method-alternative"
          value={alternative}
          onChange={(event) => setAlternative(event.target.value as AlternativeId)}
        >
          {available.map((a) => (
            <option key={a} value={a}>
              {t(`verify.method.alternatives.${a}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-reason`}>{t('verify.method.reason')}</label>
        <input
          id={`${id}-reason`}
          data-testid="method-reason"
          maxLength={500}
          autoComplete="off"
          placeholder={t('verify.method.reasonPlaceholder')}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        />
      </div>
      <Script>{t('verify.method.script')}</Script>
      <div className="verify-action__buttons">
        <button type="button" className="button button--quiet" onClick={onCancel}>
          {t('verify.method.cancel')}
        </button>
        <button
          type="submit"
          className="button button--primary"
          data-testid="method-submit"
          disabled={busy || reason.trim() === ''}
        >
          {t('verify.method.submit')}
        </button>
      </div>
    </form>
  );
}

export interface ConfirmStepProps {
  session: Verification;
  canAct: boolean;
  busy: boolean;
  onConfirm: (confirmed: boolean) => void;
}

/**
 * Art. 8: the regulation's read-back — the customer's full name with the title the records service
 * derived (neutral when it could not), the ID and mobile masked; only "yes" verifies.
 */
export function ConfirmStep({ session, canAct, busy, onConfirm }: ConfirmStepProps) {
  const { t } = useTranslation();
  const customer = session.customer;
  const readBack = session.readBack;
  const approval = session.approval.state;
  const blocked = approval === 'not-requested' || approval === 'pending' || approval === 'denied';
  return (
    <section
      className="verify-section verify-action"
      aria-labelledby="confirm-step-title"
      data-testid="confirm-step"
    >
      <h3 id="confirm-step-title" className="section-title">
        {t('verify.confirm.title')}
      </h3>
      {customer && (
        <Script testId="confirm-script">
          {t(`verify.confirm.script.${readBack?.title ?? 'neutral'}`, {
            name: readBack?.name ?? customer.name,
            id: customer.nationalId,
            mobile: customer.mobile,
          })}
        </Script>
      )}
      {blocked && (
        <p className="field-note" role="status">
          {approval === 'not-requested'
            ? t('verify.confirm.needsApproval')
            : t('verify.confirm.waitingApproval')}
        </p>
      )}
      <div className="verify-action__buttons">
        <button
          type="button"
          className="button button--quiet"
          data-testid="confirm-no"
          disabled={!canAct || busy || blocked}
          onClick={() => onConfirm(false)}
        >
          {t('verify.confirm.no')}
        </button>
        <button
          type="button"
          className="button button--answer"
          data-testid="confirm-yes"
          disabled={!canAct || busy || blocked}
          onClick={() => onConfirm(true)}
        >
          {t('verify.confirm.yes')}
        </button>
      </div>
    </section>
  );
}
