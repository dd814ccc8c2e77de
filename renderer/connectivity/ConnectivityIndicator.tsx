import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon.js';
import { linksDown, type ConnectivityState, type Link } from './state.js';

export interface ConnectivityIndicatorProps {
  state: ConnectivityState;
  /** `lastSyncedAt` as the agent reads a time of day. */
  formatTime: (at: string) => string;
}

/**
 * Always in the window's chrome (Art. 12, 25): whether the desk is online, what is down, and how
 * many journal entries still wait to sync. `journal-backlog` holds one number, the backlog, so a
 * reader (or a test) can take it from the text.
 */
export function ConnectivityIndicator({ state, formatTime }: ConnectivityIndicatorProps) {
  const { t, i18n } = useTranslation();
  const current = state.current;
  const name = current?.state ?? 'unknown';
  const down = linksDown(current);
  const linkName = (link: Link) => t(`connectivity.links.${link}`);
  const downText =
    down.length > 0
      ? t('connectivity.down', { links: listOf(i18n.language, down.map(linkName)) })
      : null;
  const label = current
    ? t(`connectivity.states.${current.state}`)
    : state.problem
      ? t('connectivity.failed')
      : t('connectivity.states.unknown');
  const details = current
    ? [
        t('connectivity.lines.network', {
          status: t(`connectivity.status.${current.os === 'online' ? 'up' : 'down'}`),
        }),
        t('connectivity.lines.records', { status: t(`connectivity.status.${current.records}`) }),
        t('connectivity.lines.sip', { status: t(`connectivity.status.${current.sip}`) }),
        current.lastSyncedAt
          ? t('connectivity.lastSynced', { time: formatTime(current.lastSyncedAt) })
          : t('connectivity.neverSynced'),
      ]
    : [label];

  return (
    <section
      className={`connectivity connectivity--${name}`}
      aria-label={t('connectivity.region')}
      title={details.join('\n')}
      data-testid="connectivity"
      data-state={name}
      data-records={current?.records}
      data-sip={current?.sip}
      data-os={current?.os}
    >
      <span className="connectivity__dot" aria-hidden="true" />
      <span className="connectivity__status" role="status">
        <span className="connectivity__label">{label}</span>
        {downText && (
          <span
            className="connectivity__detail"
            data-testid="connectivity-detail"
            data-down={down.join(' ')}
          >
            {downText}
          </span>
        )}
      </span>
      {current && (
        <span
          className={
            current.backlog > 0
              ? 'connectivity__backlog connectivity__backlog--waiting'
              : 'connectivity__backlog'
          }
          data-testid="journal-backlog"
          data-count={current.backlog}
          title={t('connectivity.backlogHint')}
        >
          {t('connectivity.backlog', { count: current.backlog })}
        </span>
      )}
      {current && current.deadLettered > 0 && (
        <span
          className="connectivity__dead"
          data-testid="journal-dead-letters"
          data-count={current.deadLettered}
          title={t('connectivity.deadLettersHint')}
        >
          <Icon name="warning" />
          {t('connectivity.deadLetters', { count: current.deadLettered })}
        </span>
      )}
      {current?.syncRefused && (
        // The archive refuses this workstation (Art. 11): entries wait here; IT must act.
        <span
          className="connectivity__dead"
          role="alert"
          data-testid="journal-refused"
          data-code={current.syncRefused}
          title={t(`error.${current.syncRefused}`)}
        >
          <Icon name="warning" />
          {t(`connectivity.refused.${current.syncRefused}`)}
        </span>
      )}
    </section>
  );
}

/** "records service and phone line" / "记录服务和电话线路", in the UI language's own way. */
function listOf(language: string, items: string[]): string {
  try {
    return new Intl.ListFormat(language, { style: 'long', type: 'conjunction' }).format(items);
  } catch {
    return items.join(', ');
  }
}
