import type { TFunction } from 'i18next';
import { memo, useCallback, useDeferredValue } from 'react';
import { useTranslation } from 'react-i18next';
import { Banner } from '../components/Banner.js';
import { Icon } from '../components/Icon.js';
import { errorKey } from '../i18n/index.js';
import type { Phone, PhoneState } from '../phone/types.js';
import { useStore } from '../state/use-store.js';
import { ActiveCall } from './ActiveCall.js';
import { CallHistory } from './CallHistory.js';
import type { Desk } from './desk.js';
import type { DeskState } from './desk-state.js';
import { DialPad } from './DialPad.js';
import { IncomingCall } from './IncomingCall.js';
import { MicrophoneExplainer } from './MicrophoneExplainer.js';
import { SettingsDialog } from './SettingsDialog.js';
import { StatusPanel } from './StatusPanel.js';
import { dialBlock, isRinging } from './view.js';
import type { TrainingController } from '../training/controller.js';
import { trainingActive } from '../training/state.js';
import { TrainingOffer } from '../training/TrainingOffer.js';

/**
 * The softphone column of the workspace: the line and the agent's state on top, then whatever the
 * call needs (ringing, in call, or the dial pad), then recent calls. The verification panel sits
 * to its right (a later issue). Memoised: it follows its own stores, not the window's re-renders
 * (the shell re-renders when a call rings; the INVITE's first frame must stay small).
 */
export const Softphone = memo(function Softphone({
  desk,
  training,
}: {
  desk: Desk;
  training?: TrainingController;
}) {
  const { t } = useTranslation();
  const state = useStore(desk.store);
  const phone = useStore(desk.phone);
  const running = state.phase === 'running' && phone !== null;
  return (
    <div className="softphone" data-testid="softphone-panel">
      <section className="card phone-card" aria-labelledby="softphone-title">
        <header className="card__title phone-card__title">
          <h2 id="softphone-title" className="phone-card__heading">
            <Icon name="phone" />
            {t('softphone.title')}
          </h2>
          {running && (
            <button
              type="button"
              className="icon-button"
              data-testid="phone-settings-open"
              aria-label={t('softphone.openSettings')}
              title={t('softphone.openSettings')}
              aria-haspopup="dialog"
              onClick={() => desk.setSettingsOpen(true)}
            >
              <Icon name="settings" />
            </button>
          )}
        </header>
        {running ? (
          <PhoneBody desk={desk} phone={phone} state={state} training={training} />
        ) : (
          <NotRunning desk={desk} state={state} />
        )}
      </section>
      {running && <History desk={desk} phone={phone} state={state} />}
    </div>
  );
});

function NotRunning({ desk, state }: { desk: Desk; state: DeskState }) {
  const { t } = useTranslation();
  if (state.phase === 'explain-microphone')
    return (
      <MicrophoneExplainer busy={false} onContinue={() => void desk.acknowledgeMicrophone()} />
    );
  if (state.phase === 'failed') {
    return (
      <div className="phone-card__body phone-card__problem">
        <Banner level="error" testId="phone-failed">
          {t('softphone.loadFailed', { reason: t(errorKey(state.problem ?? 'internal')) })}
        </Banner>
        <button type="button" className="button button--quiet" onClick={() => void desk.retry()}>
          {t('softphone.retry')}
        </button>
      </div>
    );
  }
  return (
    <div className="phone-card__body phone-card__loading" role="status">
      <span className="loading__spinner" aria-hidden="true" />
      <p>{t('softphone.loading')}</p>
    </div>
  );
}

function PhoneBody({
  desk,
  phone,
  state,
  training,
}: {
  desk: Desk;
  phone: Phone;
  state: DeskState;
  training: TrainingController | undefined;
}) {
  const ps: PhoneState = useStore(phone.store);
  const call = ps.call && ps.call.phase !== 'ended' ? ps.call : null;
  // A ringing call's first frame is the call zone alone (the caller ID); the line and agent state,
  // the training offer stepping aside and the notices follow in the render right after. Each is
  // memoised, so the first frame passes them by with the state they already show.
  const shown = useDeferredValue(ps);
  const shownOnCall = shown.call !== null && shown.call.phase !== 'ended';
  const locked = state.preferences?.locked.includes('shortcuts') ?? false;
  return (
    <div className="phone-card__body">
      <StatusPanel
        registration={shown.registration}
        account={state.account}
        agent={shown.agent}
        onCall={shownOnCall}
        onAgentState={desk.setAgentState}
      />
      {training && (
        <PhoneTraining
          training={training}
          noLine={shown.registration.kind === 'idle'}
          busy={shownOnCall}
        />
      )}
      <NotReadyOrderBanner desk={desk} state={state} />
      <PhoneNotices desk={desk} ps={shown} />
      <div className="call-zone">
        {call && isRinging(call) ? (
          <IncomingCall
            call={call}
            answerShortcut={state.shortcuts.answer}
            rejectShortcut={state.shortcuts.hangup}
            onAnswer={desk.answer}
            onReject={desk.reject}
          />
        ) : call ? (
          <ActiveCall
            call={call}
            secureEntry={ps.secureEntry}
            desk={state}
            shortcuts={state.shortcuts}
            onHangup={desk.hangup}
            onHold={desk.toggleHold}
            onMute={desk.toggleMute}
            onKeypad={desk.setKeypadOpen}
            onTone={desk.sendTone}
            onTransferOpen={desk.setTransferOpen}
            onTransferTarget={desk.setTransferTarget}
            onBlindTransfer={desk.blindTransfer}
            onConsult={desk.startConsult}
            onCompleteTransfer={desk.completeTransfer}
            onCancelConsult={desk.cancelConsult}
          />
        ) : (
          <DialPad
            dial={state.dial}
            block={dialBlock(ps)}
            onInput={desk.setDialInput}
            onKey={desk.pressDialKey}
            onBackspace={desk.backspace}
            onDial={() => void desk.dial()}
          />
        )}
      </div>
      {state.settingsOpen && (
        <SettingsDialog
          devices={ps.devices}
          shortcuts={state.shortcuts}
          shortcutsLocked={locked}
          desk={state}
          onDevice={desk.selectDevice}
          onRecord={desk.recordShortcut}
          onClearShortcut={(action) => void desk.clearShortcut(action)}
          onResetShortcuts={() => void desk.resetShortcuts()}
          onClose={() => desk.setSettingsOpen(false)}
        />
      )}
    </div>
  );
}

/** Art. 9: the training line, offered on the phone (renderer/training/). */
const PhoneTraining = memo(function PhoneTraining({
  training,
  noLine,
  busy,
}: {
  training: TrainingController;
  noLine: boolean;
  busy: boolean;
}) {
  const state = useStore(training.store);
  // On a call (live or training) the offer steps aside: the call needs the room.
  if (busy || trainingActive(state)) return null;
  return (
    <TrainingOffer
      state={state}
      noLine={noLine}
      busy={false}
      onChoosing={training.setChoosing}
      onStart={(scenarioId, courseId) => void training.startScenario(scenarioId, courseId)}
    />
  );
});

/** A team lead set this desk not ready: who, why and when, until the agent dismisses it. */
const NotReadyOrderBanner = memo(function NotReadyOrderBanner({
  desk,
  state,
}: {
  desk: Desk;
  state: DeskState;
}) {
  const { t } = useTranslation();
  const order = state.notReadyOrder;
  if (!order) return null;
  const time = new Date(order.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return (
    <div className="phone-notices">
      <Banner level="warning" testId="not-ready-order" onDismiss={desk.dismissNotReadyOrder}>
        {t('deskFloor.notReadyOrder', {
          by: order.by,
          reason: t(`softphone.agentState.reasons.${order.reason}`),
          time,
        })}
      </Banner>
    </div>
  );
});

const PhoneNotices = memo(function PhoneNotices({ desk, ps }: { desk: Desk; ps: PhoneState }) {
  const { t } = useTranslation();
  const notice = ps.devices.notice;
  const error = ps.lastError;
  if (!notice && !error) return null;
  return (
    <div className="phone-notices">
      {notice && (
        <Banner level="warning" testId="device-notice" onDismiss={desk.dismissDeviceNotice}>
          {t(`softphone.devices.fallback.${notice.kind}`, {
            label: notice.label || t('softphone.devices.unknownDevice'),
          })}
        </Banner>
      )}
      {error && (
        <Banner level="error" testId="phone-error" onDismiss={desk.dismissPhoneError}>
          {phoneErrorText(t, error)}
        </Banner>
      )}
    </div>
  );
});

const PHONE_ERROR_KEYS = [
  'no-account',
  'not-connected',
  'busy',
  'bad-target',
  'no-call',
  'call-failed',
  'answer-failed',
  'hold-failed',
  'bad-dtmf',
  'dtmf-failed',
  'transfer-failed',
  'transfer-unconfirmed',
  'consult-failed',
  'consult-ended',
  'microphone-failed',
  'device-failed',
  'unexpected',
] as const;
type PhoneErrorKey = (typeof PHONE_ERROR_KEYS)[number];

/** The engine's error in the agent's language, with a SIP status when it came with one. */
export function phoneErrorText(t: TFunction, error: NonNullable<PhoneState['lastError']>): string {
  const known = (PHONE_ERROR_KEYS as readonly string[]).includes(error.key);
  // One key at a time for the type checker: a union of keys in one `t` call instantiates too deep
  // once the catalogue passes ~700 keys.
  const errorKey = `softphone.error.${error.key as PhoneErrorKey}` as 'softphone.error.unknown';
  const text = known ? t(errorKey) : t('softphone.error.unknown', { key: error.key.slice(0, 40) });
  const status = error.params?.status;
  return status ? `${text} (${status.slice(0, 60)})` : text;
}

/**
 * Recent calls. Not part of a ringing call's first frame: whether a row can be redialled (off
 * while a call is live) follows in the render right after — up to 100 rows re-rendered would hold
 * back the caller ID. A redial clicked in between is refused by the engine ('busy').
 */
function History({ desk, phone, state }: { desk: Desk; phone: Phone; state: DeskState }) {
  const ps = useStore(phone.store);
  const canRedial = useDeferredValue(dialBlock(ps) === null);
  const onRedial = useCallback((number: string) => void desk.redial(number), [desk]);
  return (
    <CallHistory
      calls={ps.history}
      problem={state.historyProblem}
      canRedial={canRedial}
      onRedial={onRedial}
    />
  );
}
