// Art. 6 password unlock: after the reset procedure a lead finds the customer by the reserved
// mobile or ID number (masked answers only, Art. 11) or comes from a password-locked alert, and
// lifts the lock with a reason. Never on the lead's own call (the records service refuses it).
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PasswordKind } from '../../../common/policy.js';
import { errorKey } from '../../i18n/index.js';
import type { AlertsState } from './alerts-store.js';
import type { AlertsController } from './controller.js';

/** A lift asked for from an alert: the customer and the password kind it names. */
export interface UnlockTarget {
  customerId: string;
  kind: PasswordKind;
}

export function LockPanel({
  state,
  actions,
  target,
  formatTime,
  onDone,
}: {
  state: AlertsState['locks'];
  actions: AlertsController;
  target: UnlockTarget | null;
  formatTime: (at: string) => string;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [query, setQuery] = useState('');
  return (
    <section className="card lock-panel" aria-labelledby={`${id}-title`} data-testid="lock-panel">
      <h2 id={`${id}-title`} className="card__title">
        {t('lead.alerts.unlock.title')}
      </h2>
      <p className="field-hint">{t('lead.alerts.unlock.intro')}</p>
      {target && (
        <LiftForm
          label={t('lead.alerts.unlock.fromAlert', {
            kind: t(`lead.alerts.lockKind.${target.kind}`),
          })}
          onLift={(reason) =>
            actions.unlock(target.customerId, target.kind, reason).then((ok) => {
              if (ok) onDone();
              return ok;
            })
          }
        />
      )}
      <form
        className="lock-panel__search"
        onSubmit={(e) => {
          e.preventDefault();
          void actions.searchLocks(query);
          // The typed number leaves the screen once sent (Art. 11): results show masked forms.
          setQuery('');
        }}
      >
        <label className="alert-field alert-field--wide">
          <span>{t('lead.alerts.unlock.query')}</span>
          <input
            type="text"
            aria-label={t('lead.alerts.unlock.query')}
            inputMode="numeric"
            autoComplete="off"
            maxLength={32}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            data-testid="lock-search-input"
          />
        </label>
        <button
          type="submit"
          className="button button--small"
          disabled={state.busy}
          data-testid="lock-search"
        >
          {state.busy ? t('lead.alerts.unlock.searching') : t('lead.alerts.unlock.search')}
        </button>
      </form>
      {state.problem && (
        <p className="field-problem" role="alert">
          {t('lead.alerts.unlock.failed', { reason: t(errorKey(state.problem)) })}
        </p>
      )}
      {state.customers && state.customers.length === 0 && (
        <p className="field-hint">{t('lead.alerts.unlock.none')}</p>
      )}
      <ul className="lock-panel__results">
        {state.customers?.map((c) => (
          <li key={c.customerId} data-testid="lock-customer" data-customer-id={c.customerId}>
            <p className="lock-panel__who">
              {c.name} · {c.mobile} · {c.nationalId}
            </p>
            {c.locks.length === 0 && (
              <p className="field-hint">{t('lead.alerts.unlock.noLocks')}</p>
            )}
            {c.locks.map((l) => (
              <div
                key={l.kind}
                className="lock-panel__lock"
                data-testid="lock-row"
                data-kind={l.kind}
              >
                <span>
                  {t(`lead.alerts.lockKind.${l.kind}`)} ·{' '}
                  {t('lead.alerts.unlock.lockedAt', { time: formatTime(l.lockedAt) })}
                </span>
                {l.own ? (
                  <span className="field-hint">{t('lead.alerts.unlock.own')}</span>
                ) : (
                  <LiftForm onLift={(reason) => actions.unlock(c.customerId, l.kind, reason)} />
                )}
              </div>
            ))}
          </li>
        ))}
      </ul>
    </section>
  );
}

function LiftForm({
  label,
  onLift,
}: {
  label?: string;
  onLift: (reason: string) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="lock-panel__lift"
      data-testid="lock-lift-form"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        void onLift(reason.trim()).finally(() => setBusy(false));
      }}
    >
      {label && <p className="lock-panel__target">{label}</p>}
      <label className="alert-field alert-field--wide">
        <span>{t('lead.alerts.unlock.reason')}</span>
        <input
          type="text"
          aria-label={t('lead.alerts.unlock.reason')}
          maxLength={500}
          value={reason}
          placeholder={t('lead.alerts.unlock.reasonPlaceholder')}
          onChange={(e) => setReason(e.target.value)}
          data-testid="lock-reason"
        />
      </label>
      <button
        type="submit"
        className="button button--primary button--small"
        disabled={busy || !reason.trim()}
        data-testid="lock-lift"
      >
        {t('lead.alerts.unlock.button')}
      </button>
    </form>
  );
}
