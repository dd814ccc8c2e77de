// renderer/lead/reports/: every agent's figures for the month (Art. 22, 26) in a table a lead can
// sort by any column (the header is the button; aria-sort says how it is sorted). A figure below
// target is marked in words for screen readers and print, not by colour alone.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgentIndicators } from '../../../common/reports-api.js';
import { minutes, percent, rate } from '../../../common/report-format.js';

const COLUMNS = [
  'name',
  'team',
  'calls',
  'accuracy',
  'satisfaction',
  'handle',
  'perHour',
  'fraud',
  'over',
] as const;
type Column = (typeof COLUMNS)[number];

/** What a column sorts by: text for names, numbers (none last) for figures. */
const key = (a: AgentIndicators, column: Column): string | number | null => {
  switch (column) {
    case 'name':
      return a.name;
    case 'team':
      return a.team ?? '';
    case 'calls':
      return a.efficiency.calls;
    case 'accuracy':
      return a.accuracy.value;
    case 'satisfaction':
      return a.satisfaction.value;
    case 'handle':
      return a.efficiency.averageHandleMs;
    case 'perHour':
      return a.efficiency.callsPerHour;
    case 'fraud':
      return a.risk.fraudSuspected;
    case 'over':
      return a.risk.overPermission;
  }
};

export function sortAgents(
  agents: readonly AgentIndicators[],
  column: Column,
  ascending: boolean,
): AgentIndicators[] {
  const sign = ascending ? 1 : -1;
  return [...agents].sort((a, b) => {
    const x = key(a, column);
    const y = key(b, column);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    const order = typeof x === 'string' ? x.localeCompare(String(y)) : x - Number(y);
    return sign * order || a.name.localeCompare(b.name);
  });
}

function Share({ value, below }: { value: number | null; below: boolean }) {
  const { t } = useTranslation();
  return (
    <td className={below ? 'report-table__below' : undefined}>
      {percent(value, '')}
      {below && <span className="visually-hidden">{t('lead.reports.below')}</span>}
    </td>
  );
}

export function AgentTable({ agents }: { agents: readonly AgentIndicators[] }) {
  const { t } = useTranslation();
  const [sort, setSort] = useState<{ column: Column; ascending: boolean }>({
    column: 'accuracy',
    ascending: true,
  });
  const sorted = sortAgents(agents, sort.column, sort.ascending);
  const header = (column: Column) => {
    const label = t(`lead.reports.agents.${column}`);
    const active = sort.column === column;
    return (
      <th
        key={column}
        scope="col"
        aria-sort={active ? (sort.ascending ? 'ascending' : 'descending') : 'none'}
      >
        <button
          type="button"
          className="report-table__sort"
          data-testid="report-sort"
          data-column={column}
          onClick={() => setSort({ column, ascending: active ? !sort.ascending : true })}
        >
          {label}
          <span aria-hidden="true">{active ? (sort.ascending ? ' ▲' : ' ▼') : ''}</span>
        </button>
      </th>
    );
  };
  return (
    <section className="report-section" aria-labelledby="report-agents-title">
      <h3 id="report-agents-title">{t('lead.reports.agents.title')}</h3>
      {agents.length === 0 ? (
        <p>{t('lead.reports.agents.none')}</p>
      ) : (
        <table className="report-table report-table--agents" data-testid="report-agents">
          <thead>
            <tr>{COLUMNS.map(header)}</tr>
          </thead>
          <tbody>
            {sorted.map((a) => (
              <tr key={a.username} data-testid="report-agent" data-username={a.username}>
                <th scope="row">{a.name}</th>
                <td>{a.team ?? t('lead.reports.noTeam')}</td>
                <td>{a.efficiency.calls}</td>
                <Share value={a.accuracy.value} below={a.accuracy.below} />
                <Share value={a.satisfaction.value} below={a.satisfaction.below} />
                <td>{minutes(a.efficiency.averageHandleMs, '')}</td>
                <td>{rate(a.efficiency.callsPerHour, '')}</td>
                <td>{a.risk.fraudSuspected}</td>
                <td>{a.risk.overPermission}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
