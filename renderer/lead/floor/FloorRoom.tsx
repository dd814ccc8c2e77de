// renderer/lead/floor/: the live floor (Art. 10, 26) — counts at the top, then one row per agent
// of the team picked (the lead's own unless another or all) by name: state (+ reason) and time in
// state, the current call with the caller masked and where its verification stands, the desk's
// link and unsynced journal, and today's workload with a warning past the break threshold. A lead
// may set their own team's agents not ready.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { mayOrderNotReady } from '../../../common/floor-counts.js';
import type { NotReadyReason } from '../../../common/phone.js';
import { useNow } from '../../components/use-now.js';
import { formatDuration } from '../../softphone/view.js';
import {
  FLOOR_SORTS,
  mayDirect,
  sinceBreak,
  sortFloor,
  timeInStateMs,
  type FloorEntry,
  type FloorRoomState,
  type FloorSort,
  type TeamRoom,
} from './floor-store.js';
import { OrderResult, SetNotReadyForm } from './SetNotReady.js';
import { TeamPicker } from './TeamPicker.js';

const ms = (value: number) => formatDuration(value / 1000);

export interface FloorRoomProps {
  state: FloorRoomState;
  onRefresh: () => void;
  onSetNotReady: (username: string, reason: NotReadyReason) => Promise<boolean>;
  onDismissOrder: () => void;
  /** Picks the team shown (a name, or `all`) for the session. */
  onChooseTeam?: (room: TeamRoom, team: string) => void;
  /** Tests pass a fixed time; the room ticks every second otherwise. */
  now?: number;
}

export function FloorRoom({
  state,
  onRefresh,
  onSetNotReady,
  onDismissOrder,
  onChooseTeam,
  now,
}: FloorRoomProps) {
  const { t } = useTranslation();
  const ticking = useNow(now === undefined);
  const at = now ?? ticking;
  const sortId = useId();
  const [sort, setSort] = useState<FloorSort>('state');
  const [ordering, setOrdering] = useState<string | null>(null);
  const { counts } = state;
  const rows = sortFloor(state.agents, sort, at, state.skewMs);
  const nameOf = (username: string) =>
    state.agents.find((e) => e.agent.username === username)?.agent.name ?? username;
  return (
    <section className="lead-floor" aria-label={t('lead.floor.label')}>
      <div className="lead-floor__bar">
        <ul
          className="lead-floor__counts"
          data-testid="floor-counts"
          data-ready={counts.ready}
          data-on-call={counts.onCall}
          data-not-ready={counts.notReady}
          data-offline={counts.offline}
          aria-label={t('lead.floor.counts.label')}
        >
          {(['ready', 'onCall', 'notReady', 'offline'] as const).map((key) => (
            <li key={key} className={`lead-floor__count lead-floor__count--${key}`}>
              <span className="lead-floor__count-value">{counts[key]}</span>
              <span className="lead-floor__count-label">{t(`lead.floor.counts.${key}`)}</span>
            </li>
          ))}
        </ul>
        <TeamPicker state={state} room="floor" onChoose={onChooseTeam} />
        <div className="lead-floor__sort">
          <label htmlFor={sortId}>{t('lead.floor.sort.label')}</label>
          <select
            id={sortId}
            value={sort}
            data-testid="floor-sort"
            onChange={(e) => setSort(e.target.value as FloorSort)}
          >
            {FLOOR_SORTS.map((s) => (
              <option key={s} value={s}>
                {t(`lead.floor.sort.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="button button--quiet" onClick={onRefresh}>
          {t('lead.floor.refresh')}
        </button>
      </div>
      {state.order && (
        <OrderResult
          order={state.order}
          name={nameOf(state.order.username)}
          onDismiss={onDismissOrder}
        />
      )}
      {state.problem && (
        <p className="lead-floor__problem" role="alert">
          {t('lead.floor.problem', { code: state.problem })}
        </p>
      )}
      {!state.loaded && <p className="lead-floor__note">{t('lead.floor.loading')}</p>}
      {state.loaded && !state.problem && rows.length === 0 && (
        <p className="lead-floor__note">{t('lead.floor.empty')}</p>
      )}
      {rows.length > 0 && (
        <div className="lead-floor__scroll">
          <table className="lead-floor__table">
            <thead>
              <tr>
                {(['agent', 'state', 'call', 'desk', 'workload', 'action'] as const).map((c) => (
                  <th key={c} scope="col">
                    {t(`lead.floor.columns.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((entry) => (
                <AgentRow
                  key={entry.agent.username}
                  entry={entry}
                  now={at}
                  skewMs={state.skewMs}
                  busy={state.ordering !== null}
                  showTeam={state.loaded && state.floorTeam === null}
                  mayOrder={mayDirect(state, entry.agent)}
                  formOpen={ordering === entry.agent.username}
                  onOpen={() => {
                    onDismissOrder();
                    setOrdering(entry.agent.username);
                  }}
                  onClose={() => setOrdering(null)}
                  onSetNotReady={onSetNotReady}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function AgentRow({
  entry,
  now,
  skewMs,
  busy,
  showTeam,
  mayOrder,
  formOpen,
  onOpen,
  onClose,
  onSetNotReady,
}: {
  entry: FloorEntry;
  now: number;
  skewMs: number;
  busy: boolean;
  /** Every team is shown: each row says whose team the agent is in. */
  showTeam: boolean;
  /** The lead may order this agent (their own team's). */
  mayOrder: boolean;
  formOpen: boolean;
  onOpen: () => void;
  onClose: () => void;
  onSetNotReady: FloorRoomProps['onSetNotReady'];
}) {
  const { t } = useTranslation();
  const { agent } = entry;
  const inState = timeInStateMs(entry, now, skewMs);
  const pause = sinceBreak(entry, now);
  const away = agent.state === 'offline' || agent.state === 'signed-out';
  return (
    <>
      <tr
        className={`lead-floor__row lead-floor__row--${agent.state}`}
        data-testid="floor-agent"
        data-username={agent.username}
        data-state={agent.state}
      >
        <th scope="row" className="lead-floor__name">
          {agent.name}
          {showTeam && (
            <span className="lead-floor__sub" data-testid="floor-agent-team">
              {agent.team ?? t('lead.floor.team.none')}
            </span>
          )}
        </th>
        <td>
          <span className={`floor-state floor-state--${agent.state}`}>
            {t(`lead.floor.state.${agent.state}`)}
            {agent.reason && ` · ${t(`softphone.agentState.reasons.${agent.reason}`)}`}
          </span>
          <span className="lead-floor__sub">
            {inState === null
              ? t('lead.floor.neverReported')
              : t('lead.floor.inState', { time: ms(inState) })}
          </span>
        </td>
        <td>
          <CallCell entry={entry} />
        </td>
        <td>
          {away && agent.state === 'signed-out' ? (
            <span className="lead-floor__sub">—</span>
          ) : (
            <>
              <span className={`floor-link floor-link--${agent.connectivity ?? 'unknown'}`}>
                {t(`lead.floor.connectivity.${agent.connectivity ?? 'unknown'}`)}
              </span>
              <span className={`lead-floor__sub${agent.backlog ? ' lead-floor__sub--warn' : ''}`}>
                {agent.backlog
                  ? t('lead.floor.backlog', { count: agent.backlog })
                  : t('lead.floor.synced')}
              </span>
            </>
          )}
        </td>
        <td>
          <span>
            {t('lead.floor.workload.calls', { count: agent.workload.calls })} ·{' '}
            {t('lead.floor.workload.talk', { time: ms(agent.workload.talkMs) })}
          </span>
          {pause.ms === null ? (
            <span className="lead-floor__sub">{t('lead.floor.workload.offShift')}</span>
          ) : pause.warn ? (
            <span className="floor-warning" data-testid="floor-warning" data-warning="no-break">
              {t('lead.floor.workload.noBreak', { time: ms(pause.ms) })}
            </span>
          ) : (
            <span className="lead-floor__sub">
              {t('lead.floor.workload.sinceBreak', { time: ms(pause.ms) })}
            </span>
          )}
        </td>
        <td>
          {mayOrder && mayOrderNotReady(agent.state) && !formOpen && (
            <button
              type="button"
              className="button button--quiet button--small"
              data-testid="set-not-ready"
              data-username={agent.username}
              disabled={busy}
              aria-label={t('lead.floor.setNotReady.openFor', { name: agent.name })}
              onClick={onOpen}
            >
              {t('lead.floor.setNotReady.open')}
            </button>
          )}
        </td>
      </tr>
      {formOpen && (
        <tr className="lead-floor__form-row">
          <td colSpan={6}>
            <SetNotReadyForm
              name={agent.name}
              busy={busy}
              onCancel={onClose}
              onConfirm={async (reason) => {
                await onSetNotReady(agent.username, reason);
                onClose();
              }}
            />
          </td>
        </tr>
      )}
    </>
  );
}

function CallCell({ entry }: { entry: FloorEntry }) {
  const { t } = useTranslation();
  const { call } = entry.agent;
  if (!call) return <span className="lead-floor__sub">{t('lead.floor.call.none')}</span>;
  return (
    <>
      <span>
        {call.caller
          ? t('lead.floor.call.caller', { caller: call.caller })
          : t('lead.floor.call.withheld')}
        {' · '}
        {call.businessType
          ? t(`verify.business.types.${call.businessType}`)
          : t('lead.floor.call.noBusiness')}
      </span>
      <span className="lead-floor__sub">
        {call.step
          ? t('lead.floor.call.step', { step: t(`verify.steps.names.${call.step}`) })
          : call.businessType
            ? t('lead.floor.call.verified')
            : ''}
        {call.awaitingApproval && (
          <span className="floor-badge floor-badge--approval">{t('lead.floor.call.awaiting')}</span>
        )}
      </span>
    </>
  );
}
