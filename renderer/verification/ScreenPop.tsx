import { useTranslation } from 'react-i18next';
import type { MaskedCustomer } from '../../common/records-api.js';
import { errorKey } from '../i18n/index.js';
import { PhoneNumber } from '../components/PhoneNumber.js';
import type { PanelCall, VerificationState } from './state.js';

export interface ScreenPopProps {
  call: PanelCall;
  lookup: VerificationState['lookup'];
  customerId: string | null;
  /** Once a session is tied to a customer, the choice is fixed. */
  locked: boolean;
  onChoose: (customerId: string) => void;
}

/** Art. 4, 5: who is calling and the masked customers reserved on that number, before answering. */
export function ScreenPop({ call, lookup, customerId, locked, onChoose }: ScreenPopProps) {
  const { t } = useTranslation();
  const customers = lookup.customers;
  return (
    <section
      className="verify-section screen-pop"
      aria-labelledby="screen-pop-title"
      data-testid="screen-pop"
      data-lookup={lookup.status}
    >
      <div className="screen-pop__head">
        <h3 id="screen-pop-title" className="section-title">
          {t('verify.caller.title')}
        </h3>
        <span className="screen-pop__number" data-testid="pop-caller">
          <span className="visually-hidden">{t('verify.caller.number')}: </span>
          {call.number ? <PhoneNumber value={call.number} /> : t('verify.caller.unknownNumber')}
          <span className="screen-pop__direction">
            {t(call.direction === 'inbound' ? 'verify.caller.inbound' : 'verify.caller.outbound')}
          </span>
        </span>
      </div>
      {call.direction === 'inbound' && call.number && (
        // Art. 18: only a number the phone system asserted can count as the reserved mobile.
        <p
          className={call.callerIdSource === 'pai' ? 'field-hint' : 'field-note'}
          data-testid="caller-id-source"
          data-source={call.callerIdSource}
        >
          {t(
            call.callerIdSource === 'pai' ? 'verify.caller.sourcePai' : 'verify.caller.sourceFrom',
          )}
        </p>
      )}
      {!call.answered && !call.ended && <p className="field-hint">{t('verify.caller.ringing')}</p>}
      {lookup.status === 'loading' && lookup.slow && (
        <p className="verify-loading" role="status" data-testid="lookup-spinner">
          <span className="loading__spinner" aria-hidden="true" />
          {t('verify.caller.lookingUp')}
        </p>
      )}
      {lookup.status === 'failed' && (
        <p className="field-problem" role="alert">
          {t('verify.caller.lookupFailed', { reason: t(errorKey(lookup.problem ?? 'internal')) })}
        </p>
      )}
      {lookup.status === 'skipped' && <p className="field-hint">{t('verify.caller.skipped')}</p>}
      {lookup.status === 'done' && customers.length === 0 && (
        <p className="field-hint" data-testid="no-customer">
          {t('verify.caller.none')}
        </p>
      )}
      {lookup.status === 'done' && customers.length > 0 && (
        <>
          <p className="field-hint">
            {customers.length === 1
              ? t('verify.caller.one')
              : t('verify.caller.several', { count: customers.length })}
          </p>
          <ul className="customer-list" aria-label={t('verify.caller.title')}>
            {customers.map((customer) => (
              <li key={customer.id}>
                <CustomerCard
                  customer={customer}
                  chosen={customer.id === customerId}
                  disabled={locked || customers.length === 1}
                  onChoose={() => onChoose(customer.id)}
                />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function CustomerCard({
  customer,
  chosen,
  disabled,
  onChoose,
}: {
  customer: MaskedCustomer;
  chosen: boolean;
  disabled: boolean;
  onChoose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <button
      type="button"
      className={`customer-card${chosen ? ' is-chosen' : ''}`}
      data-testid="customer-card"
      data-customer-id={customer.id}
      data-chosen={chosen}
      aria-pressed={chosen}
      disabled={disabled && !chosen}
      onClick={disabled ? undefined : onChoose}
    >
      <span className="visually-hidden">{t('verify.caller.chooseAction')} </span>
      <span className="customer-card__name">{customer.name}</span>
      <span className="customer-card__detail">
        <span className="customer-card__label">{t('verify.caller.mobile')}</span> {customer.mobile}
      </span>
      <span className="customer-card__detail">
        <span className="customer-card__label">{t('verify.caller.nationalId')}</span>{' '}
        {customer.nationalId}
      </span>
      {chosen && <span className="customer-card__chosen">{t('verify.caller.chosen')}</span>}
    </button>
  );
}
