import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon.js';
import { formatNumber } from '../components/PhoneNumber.js';
import { useNow } from '../components/use-now.js';
import type { ActiveCall as ActiveCallData, PhoneState } from '../phone/types.js';
import type { Shortcuts } from '../../common/phone.js';
import type { DeskState } from './desk-state.js';
import { CallerId } from './CallerId.js';
import { ariaKeys } from './IncomingCall.js';
import { Keypad } from './Keypad.js';
import { QualityIndicator } from './QualityIndicator.js';
import { callControls, formatDuration, secondsBetween } from './view.js';

export interface ActiveCallActions {
  onHangup: () => void;
  onHold: () => void;
  onMute: () => void;
  onKeypad: (open: boolean) => void;
  onTone: (tone: string) => void;
  onTransferOpen: (open: boolean) => void;
  onTransferTarget: (text: string) => void;
  onBlindTransfer: () => void;
  onConsult: () => void;
  onCompleteTransfer: () => void;
  onCancelConsult: () => void;
}

export interface ActiveCallProps extends ActiveCallActions {
  call: ActiveCallData;
  secureEntry: PhoneState['secureEntry'];
  desk: Pick<DeskState, 'keypadOpen' | 'transfer'>;
  shortcuts: Shortcuts;
}

/** A call in progress: who, how long, how it sounds, and every control the agent may need. */
export function ActiveCall(props: ActiveCallProps) {
  const { call, desk, shortcuts } = props;
  const { t } = useTranslation();
  const controls = callControls(call);
  const answered = call.answeredAt !== null;
  const now = useNow(answered);
  const ringingOut = call.direction === 'outbound' && !answered;

  return (
    <section
      className={`active-call active-call--${call.phase}`}
      aria-labelledby="active-call-title"
    >
      <header className="active-call__header">
        <h3 id="active-call-title" className="active-call__title">
          <Icon name={call.direction === 'inbound' ? 'arrow-in' : 'arrow-out'} />
          {t(`softphone.call.direction.${call.direction}`)}
        </h3>
        <span
          className={`call-state-pill call-state-pill--${call.phase}`}
          data-testid="call-state"
          data-phase={call.phase}
          role="status"
          aria-live="polite"
        >
          {t(`softphone.call.phase.${call.phase}`)}
        </span>
      </header>

      <div className="active-call__who">
        <CallerId remote={call.remote} size="normal" showSource={call.direction === 'inbound'} />
        {answered && (
          <div className="call-timer">
            <span className="call-timer__label">{t('softphone.call.timer')}</span>
            <time
              className="call-timer__value"
              data-testid="call-timer"
              dateTime={`PT${secondsBetween(call.answeredAt!, now)}S`}
            >
              {formatDuration(secondsBetween(call.answeredAt!, now))}
            </time>
          </div>
        )}
      </div>

      {answered && <QualityIndicator call={call} part="line" />}

      {answered && (
        <div className="call-controls" role="group" aria-label={t('softphone.call.region')}>
          <button
            type="button"
            className="control-button"
            data-testid="hold"
            aria-pressed={controls.held}
            aria-keyshortcuts={ariaKeys(shortcuts.hold)}
            disabled={!controls.hold}
            onClick={props.onHold}
          >
            <Icon name={controls.held ? 'play' : 'pause'} />
            {controls.held ? t('softphone.call.resume') : t('softphone.call.hold')}
          </button>
          <button
            type="button"
            className="control-button"
            data-testid="mute"
            aria-pressed={controls.muted}
            aria-keyshortcuts={ariaKeys(shortcuts.mute)}
            disabled={!controls.mute}
            onClick={props.onMute}
          >
            <Icon name={controls.muted ? 'mic-off' : 'mic'} />
            {controls.muted ? t('softphone.call.unmute') : t('softphone.call.mute')}
          </button>
          <button
            type="button"
            className="control-button"
            data-testid="keypad-toggle"
            aria-expanded={desk.keypadOpen}
            disabled={!controls.keypad}
            onClick={() => props.onKeypad(!desk.keypadOpen)}
          >
            <Icon name="keypad" />
            {desk.keypadOpen ? t('softphone.call.hideKeypad') : t('softphone.call.keypad')}
          </button>
          <button
            type="button"
            className="control-button"
            data-testid="transfer"
            aria-expanded={desk.transfer.open || controls.consulting}
            disabled={!controls.transfer || controls.consulting}
            onClick={() => props.onTransferOpen(!desk.transfer.open)}
          >
            <Icon name="transfer" />
            {t('softphone.call.transfer')}
          </button>
        </div>
      )}

      <button
        type="button"
        className="button button--hangup"
        data-testid="hangup"
        aria-keyshortcuts={ariaKeys(shortcuts.hangup)}
        onClick={props.onHangup}
      >
        <Icon name="hangup" />
        {ringingOut ? t('softphone.call.cancelCall') : t('softphone.call.hangup')}
      </button>

      {call.phase === 'reconnecting' && (
        <p className="call-note call-note--warning" role="status">
          {t('softphone.call.reconnectingNotice')}
        </p>
      )}
      {call.phase === 'held' && !controls.consulting && (
        <p className="call-note">{t('softphone.call.heldNotice')}</p>
      )}
      {call.muted && (
        <p className="call-note call-note--warning">{t('softphone.call.mutedNotice')}</p>
      )}
      {answered && <QualityIndicator call={call} part="warning" />}

      {desk.keypadOpen && controls.keypad && (
        <div className="call-keypad">
          <p className="call-keypad__title">{t('softphone.call.keypadTitle')}</p>
          <Keypad onKey={props.onTone} testIdPrefix="dtmf" />
          <p className="field-hint">{t('softphone.call.keypadHint')}</p>
        </div>
      )}

      {(desk.transfer.open || controls.consulting) && (
        <TransferPanel {...props} consulting={controls.consulting} />
      )}

      {props.secureEntry?.active && (
        // The digits go to the identity-check panel (its password and passcode steps own the
        // entry); here only a reminder that the caller's keys are being captured, never a count.
        <p
          className="call-note call-note--secure"
          data-testid="secure-entry-indicator"
          role="status"
        >
          <Icon name="lock" />
          {t('softphone.secureEntry.inUse')}
        </p>
      )}
    </section>
  );
}

function TransferPanel(props: ActiveCallProps & { consulting: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const { call, desk } = props;
  if (props.consulting && call.consult) {
    return (
      <div className="transfer-panel" data-testid="transfer-panel">
        <div className="transfer-panel__head">
          <p className="transfer-panel__title">
            {t('softphone.transfer.consulting', { number: formatNumber(call.consult.number) })}
          </p>
          <span
            className={`call-state-pill call-state-pill--${call.consult.phase}`}
            data-testid="consult-state"
            data-phase={call.consult.phase}
          >
            {t(`softphone.call.phase.${call.consult.phase}`)}
          </span>
        </div>
        <p className="field-hint">{t('softphone.transfer.consultHint')}</p>
        <div className="transfer-panel__actions">
          <button
            type="button"
            className="button button--quiet"
            data-testid="consult-cancel"
            onClick={props.onCancelConsult}
          >
            {t('softphone.transfer.cancelConsult')}
          </button>
          <button
            type="button"
            className="button button--primary"
            data-testid="transfer-complete"
            disabled={call.consult.phase !== 'connected'}
            onClick={props.onCompleteTransfer}
          >
            <Icon name="transfer" />
            {t('softphone.transfer.complete')}
          </button>
        </div>
      </div>
    );
  }
  return (
    <form
      className="transfer-panel"
      data-testid="transfer-panel"
      onSubmit={(event) => {
        event.preventDefault();
        props.onBlindTransfer();
      }}
    >
      <div className="field">
        <label htmlFor={id}>{t('softphone.transfer.target')}</label>
        <input
          id={id}
          data-testid="transfer-target"
          inputMode="tel"
          autoComplete="off"
          placeholder={t('softphone.transfer.placeholder')}
          value={desk.transfer.target}
          aria-invalid={desk.transfer.problem !== null}
          aria-describedby={desk.transfer.problem ? `${id}-problem` : undefined}
          onChange={(event) => props.onTransferTarget(event.target.value)}
        />
        {desk.transfer.problem && (
          <p id={`${id}-problem`} className="field-problem" role="alert">
            {t('softphone.transfer.invalid')}
          </p>
        )}
      </div>
      <div className="transfer-panel__actions">
        <button
          type="button"
          className="button button--quiet"
          data-testid="transfer-consult"
          onClick={props.onConsult}
        >
          {t('softphone.transfer.consult')}
        </button>
        <button type="submit" className="button button--primary" data-testid="transfer-blind">
          {t('softphone.transfer.blind')}
        </button>
      </div>
    </form>
  );
}
