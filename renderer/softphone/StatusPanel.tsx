import { memo, useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgentStateView, RegistrationStatus } from '../phone/types.js';
import {
  agentStateValue,
  formatDuration,
  NOT_READY_REASON_LIST,
  registrationTone,
  retryInSeconds,
  wrapUpLeft,
} from './view.js';
import { useNow } from '../components/use-now.js';

export interface StatusPanelProps {
  registration: RegistrationStatus;
  account: string | null;
  agent: AgentStateView;
  /** A call is live: the agent state cannot be changed by hand meanwhile. */
  onCall: boolean;
  onAgentState: (value: string) => void;
}

/**
 * The line (registered, connecting, failed + reason) and the agent's state, always in view.
 * Memoised: a ringing call's first frame passes it by (Softphone.tsx).
 */
export const StatusPanel = memo(function StatusPanel({
  registration,
  account,
  agent,
  onCall,
  onAgentState,
}: StatusPanelProps) {
  return (
    <div className="phone-status">
      <LineStatus registration={registration} account={account} />
      <AgentState agent={agent} onCall={onCall} onChange={onAgentState} />
    </div>
  );
});

function LineStatus({
  registration,
  account,
}: {
  registration: RegistrationStatus;
  account: string | null;
}) {
  const { t } = useTranslation();
  const tone = registrationTone(registration);
  const counting = registration.kind === 'connecting' || registration.kind === 'failed';
  const now = useNow(counting && registration.nextRetryAt !== undefined);
  const retry = retryInSeconds(registration, now);
  let title: string;
  let detail: string | null = null;
  switch (registration.kind) {
    case 'idle':
      title = t('softphone.status.idle');
      detail = t('softphone.status.idleHint');
      break;
    case 'registered':
      title = t('softphone.status.registered');
      break;
    case 'connecting':
      title =
        registration.attempt > 1
          ? t('softphone.status.reconnecting', { attempt: String(registration.attempt) })
          : t('softphone.status.connecting');
      break;
    case 'failed':
      title = t('softphone.status.failed');
      detail = t('softphone.status.reason', { reason: registration.reason });
      break;
  }
  const retryText =
    retry === null
      ? null
      : retry > 0
        ? t('softphone.status.retryIn', { seconds: String(retry) })
        : t('softphone.status.retryNow');
  return (
    <div
      className={`line-status line-status--${tone}`}
      data-testid="sip-status"
      data-state={registration.kind}
      role="status"
      aria-live="polite"
    >
      <span className="status-dot" aria-hidden="true" />
      <div className="line-status__text">
        <p className="line-status__title">
          {title}
          {registration.kind === 'registered' && account && (
            <span className="line-status__account">
              {t('softphone.status.account', { account })}
            </span>
          )}
        </p>
        {detail && <p className="line-status__detail">{detail}</p>}
        {(registration.kind === 'failed' ||
          (registration.kind === 'connecting' && registration.attempt > 1)) && (
          <p className="line-status__detail">
            {t('softphone.status.autoRetry')}
            {retryText && ` ${retryText}`}
          </p>
        )}
      </div>
    </div>
  );
}

function AgentState({
  agent,
  onCall,
  onChange,
}: {
  agent: AgentStateView;
  onCall: boolean;
  onChange: (value: string) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const now = useNow(agent.state === 'wrap-up' && agent.wrapUpEndsAt !== null);
  const left = wrapUpLeft(agent, now);
  const value = agentStateValue(agent);
  return (
    <div className={`agent-state agent-state--${agent.state}`}>
      <label htmlFor={id} className="agent-state__label">
        {t('softphone.agentState.label')}
      </label>
      <div className="agent-state__row">
        <span className="status-dot" aria-hidden="true" />
        <select
          id={id}
          data-testid="agent-state"
          data-state={agent.state}
          value={value}
          disabled={onCall}
          onChange={(event) => onChange(event.target.value)}
        >
          <option value="ready">{t('softphone.agentState.ready')}</option>
          <optgroup label={t('softphone.agentState.notReadyGroup')}>
            {NOT_READY_REASON_LIST.map((reason) => (
              <option key={reason} value={`not-ready:${reason}`}>
                {t('softphone.agentState.notReadyOption', {
                  reason: t(`softphone.agentState.reasons.${reason}`),
                })}
              </option>
            ))}
          </optgroup>
          <option value="break">{t('softphone.agentState.break')}</option>
          {agent.state === 'wrap-up' && (
            <option value="wrap-up" disabled>
              {t('softphone.agentState.wrap-up')}
            </option>
          )}
        </select>
        {agent.state === 'wrap-up' && (
          <button
            type="button"
            className="button button--quiet button--small"
            onClick={() => onChange('ready')}
          >
            {t('softphone.agentState.endWrapUp')}
          </button>
        )}
      </div>
      {agent.state === 'wrap-up' && (
        <p className="agent-state__note" data-testid="agent-wrap-up">
          {left === null
            ? t('softphone.agentState.wrapUpOpen')
            : t('softphone.agentState.wrapUpRemaining', { time: formatDuration(left) })}
        </p>
      )}
      {agent.state === 'not-ready' && (
        <p className="agent-state__note">{t('softphone.agentState.notReadyHint')}</p>
      )}
      {agent.declinedWhileNotReady > 0 && (
        <p className="agent-state__note" data-testid="declined-count">
          {t('softphone.agentState.declined', { count: agent.declinedWhileNotReady })}
        </p>
      )}
    </div>
  );
}
