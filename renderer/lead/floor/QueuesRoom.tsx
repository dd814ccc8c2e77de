// renderer/lead/floor/: today's queue figures (Art. 26), built from the desks' own reports (or a
// PBX's ACD adapter): what waits now and the longest wait, answered, abandoned and missed today,
// time to answer and the service level within the policy's threshold, then hour by hour.
import { useTranslation } from 'react-i18next';
import type { QueueStats } from '../../../common/floor-api.js';
import { useNow } from '../../components/use-now.js';
import { formatDuration } from '../../softphone/view.js';
import { longestWaitNowMs, type FloorRoomState, type TeamRoom } from './floor-store.js';
import { TeamPicker } from './TeamPicker.js';

const percent = (share: number | null, none: string) =>
  share === null ? none : `${Math.round(share * 100)}%`;

export function QueuesRoom({
  state,
  onRefresh,
  onChooseTeam,
  now,
}: {
  state: FloorRoomState;
  onRefresh: () => void;
  /** Picks the team whose queue is shown (a name, or `all`) for the session. */
  onChooseTeam?: (room: TeamRoom, team: string) => void;
  now?: number;
}) {
  const { t } = useTranslation();
  const ticking = useNow(now === undefined);
  const at = now ?? ticking;
  const none = t('lead.queues.none');
  const queues = state.queues;
  const duration = (ms: number | null) => (ms === null ? none : formatDuration(ms / 1000));
  return (
    <section className="lead-queues" aria-label={t('lead.queues.label')}>
      <div className="lead-floor__bar">
        <h2 className="lead-queues__title">{t('lead.queues.label')}</h2>
        <TeamPicker state={state} room="queues" onChoose={onChooseTeam} />
        <button type="button" className="button button--quiet" onClick={onRefresh}>
          {t('lead.queues.refresh')}
        </button>
      </div>
      {state.queuesProblem && (
        <p className="lead-floor__problem" role="alert">
          {t('lead.queues.problem', { code: state.queuesProblem })}
        </p>
      )}
      {!queues && !state.queuesProblem && (
        <p className="lead-floor__note">{t('lead.queues.loading')}</p>
      )}
      {queues && (
        <Figures
          stats={queues.stats}
          longestNow={longestWaitNowMs(queues, at)}
          duration={duration}
          none={none}
        />
      )}
    </section>
  );
}

function Figures({
  stats,
  longestNow,
  duration,
  none,
}: {
  stats: QueueStats;
  longestNow: number | null;
  duration: (ms: number | null) => string;
  none: string;
}) {
  const { t } = useTranslation();
  const seconds = Math.round(stats.thresholdMs / 1000);
  const tile = (key: string, value: string | number, hint?: string, warn = false) => (
    <div className={`queue-tile${warn ? ' queue-tile--warn' : ''}`} data-figure={key}>
      <dt>{t(`lead.queues.${key}` as 'lead.queues.offered')}</dt>
      <dd>
        <span className="queue-tile__value">{value}</span>
        {hint && <span className="queue-tile__hint">{hint}</span>}
      </dd>
    </div>
  );
  return (
    <>
      <div
        className="lead-queues__stats"
        data-testid="queue-stats"
        data-offered={stats.offered}
        data-answered={stats.answered}
        data-abandoned={stats.abandoned}
        data-missed={stats.missed}
        data-waiting={stats.waiting}
        data-longest-wait-ms={stats.longestWaitNowMs ?? ''}
        data-longest-wait-today-ms={stats.longestWaitTodayMs ?? ''}
      >
        <section aria-labelledby="queues-now">
          <h3 id="queues-now">{t('lead.queues.now')}</h3>
          <dl className="queue-tiles">
            {tile('waiting', stats.waiting, undefined, stats.waiting > 0)}
            {tile(
              'longestWait',
              duration(longestNow),
              undefined,
              (longestNow ?? 0) >= stats.thresholdMs,
            )}
          </dl>
        </section>
        <section aria-labelledby="queues-today">
          <h3 id="queues-today">{t('lead.queues.today')}</h3>
          <dl className="queue-tiles">
            {tile('offered', stats.offered)}
            {tile('answered', stats.answered)}
            {tile('abandoned', stats.abandoned, t('lead.queues.abandonedHint'))}
            {tile('missed', stats.missed)}
            {tile('longestWaitToday', duration(stats.longestWaitTodayMs))}
            {tile('averageAnswer', duration(stats.averageAnswerMs))}
            {tile(
              'serviceLevel',
              percent(stats.serviceLevel, none),
              t('lead.queues.serviceLevelHint', { seconds }),
            )}
          </dl>
        </section>
      </div>
      <section className="lead-queues__hours" aria-labelledby="queues-hours">
        <h3 id="queues-hours">{t('lead.queues.byHour.title')}</h3>
        {stats.hours.length === 0 ? (
          <p className="lead-floor__note">{t('lead.queues.byHour.empty')}</p>
        ) : (
          <table className="lead-floor__table lead-queues__table">
            <thead>
              <tr>
                <th scope="col">{t('lead.queues.byHour.hour')}</th>
                <th scope="col">{t('lead.queues.offered')}</th>
                <th scope="col">{t('lead.queues.answered')}</th>
                <th scope="col">{t('lead.queues.abandoned')}</th>
                <th scope="col">{t('lead.queues.missed')}</th>
                <th scope="col">{t('lead.queues.serviceLevel')}</th>
              </tr>
            </thead>
            <tbody>
              {stats.hours.map((h) => (
                <tr key={h.hour} data-testid="queue-hour" data-hour={h.hour}>
                  <th scope="row">{`${String(h.hour).padStart(2, '0')}:00`}</th>
                  <td>{h.offered}</td>
                  <td>{h.answered}</td>
                  <td>{h.abandoned}</td>
                  <td>{h.missed}</td>
                  <td>{percent(h.serviceLevel, none)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
