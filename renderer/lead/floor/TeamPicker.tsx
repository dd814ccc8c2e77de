// renderer/lead/floor/: which team a room shows (Art. 26) — the lead's own team first, the other
// teams, then all of them; the pick lasts the session (the floor store keeps it per room).
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { ALL_TEAMS } from '../../../common/policy.js';
import { pickedTeam, teamOptions, type FloorRoomState, type TeamRoom } from './floor-store.js';

export function TeamPicker({
  state,
  room,
  onChoose,
}: {
  state: FloorRoomState;
  room: TeamRoom;
  onChoose?: (room: TeamRoom, team: string) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const value = pickedTeam(state, room);
  return (
    <div className="lead-floor__team">
      <label htmlFor={id}>{t('lead.floor.team.label')}</label>
      <select
        id={id}
        value={value}
        data-testid={room === 'floor' ? 'floor-team' : 'queue-team'}
        disabled={value === '' || !onChoose}
        onChange={(e) => onChoose?.(room, e.target.value)}
      >
        {value === '' && <option value="">{t('lead.floor.team.loading')}</option>}
        {value !== '' &&
          teamOptions(state, room).map((team) => (
            <option key={team} value={team}>
              {team === ALL_TEAMS
                ? t('lead.floor.team.all')
                : team === state.ownTeam
                  ? t('lead.floor.team.own', { team })
                  : team}
            </option>
          ))}
      </select>
    </div>
  );
}
