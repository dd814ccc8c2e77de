// renderer/lead/console/: the team-lead console (Art. 10, 26) — the floor, queues, alerts,
// approvals, call-backs and complaints, one room per tab across the whole window. The lead's own
// phone and panel stay mounted behind it (renderer/shell/), one click away. Each room is a
// component of its own folder under renderer/lead/; this file only lays them out.
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export const CONSOLE_ROOMS = [
  'floor',
  'queues',
  'alerts',
  'approvals',
  'callbacks',
  'complaints',
  'review',
  'reports',
  'training',
  'devices',
] as const;
export type ConsoleRoom = (typeof CONSOLE_ROOMS)[number];

export interface ConsoleRoomView {
  room: ConsoleRoom;
  /** What waits in the room (open alerts, pending approvals…), shown on its tab; absent: none. */
  count?: number;
  /** The count needs attention now (overdue, unacknowledged): the tab is marked. */
  urgent?: boolean;
  content: ReactNode;
}

/** The console: a row of tabs and the room shown; rooms not given are not offered. */
export function LeadConsole({
  rooms,
  initial = 'floor',
}: {
  rooms: ConsoleRoomView[];
  initial?: ConsoleRoom;
}) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<ConsoleRoom>(initial);
  const shown = rooms.find((r) => r.room === chosen) ?? rooms[0];
  if (!shown) return null;
  return (
    <section className="lead-console" data-testid="lead-console" aria-label={t('lead.title')}>
      <div className="lead-console__tabs" role="tablist" aria-label={t('lead.rooms')}>
        {rooms.map((r) => (
          <button
            key={r.room}
            type="button"
            role="tab"
            id={`console-tab-${r.room}`}
            aria-controls={`console-room-${r.room}`}
            aria-selected={shown.room === r.room}
            className={`lead-console__tab${r.urgent ? ' lead-console__tab--urgent' : ''}`}
            data-testid="console-tab"
            data-room={r.room}
            data-count={r.count}
            onClick={() => setChosen(r.room)}
          >
            {t(`lead.room.${r.room}`)}
            {r.count !== undefined && r.count > 0 && (
              <span className="lead-console__count">
                <span aria-hidden="true">{r.count}</span>
                <span className="visually-hidden">{t('lead.waiting', { count: r.count })}</span>
              </span>
            )}
          </button>
        ))}
      </div>
      <div
        className="lead-console__room"
        role="tabpanel"
        id={`console-room-${shown.room}`}
        aria-labelledby={`console-tab-${shown.room}`}
        data-testid="console-room"
        data-room={shown.room}
      >
        {shown.content}
      </div>
    </section>
  );
}
