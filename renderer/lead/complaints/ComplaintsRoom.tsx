// The console's complaints room (Art. 16): the complaints not closed, overdue first and marked,
// each with its deadline; a lead assigns one (to a lead by name), records the answer and how the
// customer was told, and closes it; the closed ones as history; the month's counts by category.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ComplaintItem } from '../../../common/lead-complaints.js';
import { COMPLAINT_CHANNELS, type ComplaintChannel } from '../../../common/policy.js';
import { errorKey } from '../../i18n/index.js';
import type { ComplaintsController } from './controller.js';
import type { ComplaintsState } from './store.js';

export interface ComplaintsRoomProps {
  state: ComplaintsState;
  formatTime: (at: string) => string;
  actions: Pick<ComplaintsController, 'refresh' | 'more' | 'show' | 'assign' | 'answer' | 'close'>;
}

export function ComplaintsRoom({ state, formatTime, actions }: ComplaintsRoomProps) {
  const { t } = useTranslation();
  const empty = state.view === 'active' ? 'lead.complaints.empty' : 'lead.complaints.emptyClosed';
  return (
    <div className="complaints-room" data-testid="complaints-room">
      <section className="card complaints-room__list" aria-labelledby="complaints-title">
        <header className="complaints-room__head">
          <h2 id="complaints-title">{t('lead.complaints.title')}</h2>
          <div className="complaints-room__views" role="group">
            {(['active', 'closed'] as const).map((view) => (
              <button
                key={view}
                type="button"
                className="button button--small"
                aria-pressed={state.view === view}
                data-testid={`complaints-view-${view}`}
                onClick={() => void actions.show(view)}
              >
                {t(`lead.complaints.${view}`)}
              </button>
            ))}
            <button
              type="button"
              className="button button--quiet button--small"
              data-testid="complaints-refresh"
              disabled={state.loading}
              onClick={() => void actions.refresh()}
            >
              {t('lead.complaints.refresh')}
            </button>
          </div>
        </header>
        {state.problem && (
          <p className="field-problem" role="alert">
            {t('lead.complaints.failed', { reason: t(errorKey(state.problem)) })}
          </p>
        )}
        {state.loaded && !state.problem && state.complaints.length === 0 && (
          <p className="complaints-room__empty">{t(empty)}</p>
        )}
        {!state.loaded && <p>{t('lead.complaints.loading')}</p>}
        <ul className="complaints-room__items">
          {state.complaints.map((c) => (
            <li key={c.id}>
              <ComplaintCard c={c} state={state} formatTime={formatTime} actions={actions} />
            </li>
          ))}
        </ul>
        {state.nextOffset !== null && (
          <button
            type="button"
            className="button button--small"
            data-testid="complaints-more"
            disabled={state.loading}
            onClick={() => void actions.more()}
          >
            {t('lead.complaints.more')}
          </button>
        )}
      </section>
      <ComplaintCounts state={state} />
    </div>
  );
}

function ComplaintCard({
  c,
  state,
  formatTime,
  actions,
}: { c: ComplaintItem } & ComplaintsRoomProps) {
  const { t } = useTranslation();
  const id = useId();
  const open = c.status !== 'closed';
  const channel = (ch: string | null) => (ch ? t(`lead.complaints.channel.${ch}` as never) : '');
  return (
    <article
      className={`complaint-item${c.overdue ? ' complaint-item--overdue' : ''}`}
      data-testid="complaint-item"
      data-id={c.id}
      data-status={c.status}
      data-overdue={String(c.overdue)}
      aria-labelledby={`${id}-title`}
    >
      <header className="complaint-item__head">
        <h3 id={`${id}-title`}>
          {t(`verify.complaint.categories.${c.category}` as never, { defaultValue: c.category })}
        </h3>
        {c.overdue && (
          <span className="complaint-item__overdue" data-testid="complaint-overdue">
            {t('lead.complaints.overdue')}
          </span>
        )}
        <span className="complaint-item__status">{t(`lead.complaints.status.${c.status}`)}</span>
        <span className="complaint-item__due">
          {t('lead.complaints.dueBy', { at: formatTime(c.respondBy) })}
        </span>
      </header>
      <p className="complaint-item__summary">{c.summary}</p>
      <p className="complaint-item__meta">
        {c.customerRef && <span>{t('lead.complaints.customer', { ref: c.customerRef })}</span>}
        <span>
          {t('lead.complaints.recorded', {
            at: formatTime(c.recordedAt),
            name: c.recordedByName ?? c.recordedBy ?? '—',
          })}
        </span>
        <span data-testid="complaint-assignee">
          {c.assignedToName
            ? t('lead.complaints.assignedTo', { name: c.assignedToName })
            : t('lead.complaints.unassigned')}
        </span>
      </p>
      {c.response && (
        <div className="complaint-item__answer" data-testid="complaint-response">
          <p>
            {t('lead.complaints.answered', {
              at: c.answeredAt ? formatTime(c.answeredAt) : '',
              name: c.answeredByName ?? '—',
              channel: channel(c.toldBy),
            })}
          </p>
          <blockquote>{c.response}</blockquote>
        </div>
      )}
      {c.status === 'closed' && c.closedAt && (
        <p className="complaint-item__meta">
          {t('lead.complaints.closedBy', {
            at: formatTime(c.closedAt),
            name: c.closedByName ?? '—',
          })}
        </p>
      )}
      {open && <ComplaintActions c={c} state={state} formatTime={formatTime} actions={actions} />}
    </article>
  );
}

/** Assign, answer (and how the customer was told), close: a lead's work on a complaint. */
function ComplaintActions({ c, state, actions }: { c: ComplaintItem } & ComplaintsRoomProps) {
  const { t } = useTranslation();
  const id = useId();
  const [assignee, setAssignee] = useState(c.assignedTo ?? state.assignees[0]?.username ?? '');
  const [response, setResponse] = useState('');
  const [toldBy, setToldBy] = useState<ComplaintChannel>('phone');
  const busy = state.busy !== null;
  const problem = state.actionProblem?.id === c.id ? state.actionProblem : null;
  const channel = (ch: string | null) => (ch ? t(`lead.complaints.channel.${ch}` as never) : '');
  return (
    <div className="complaint-item__actions">
      <div className="complaint-item__assign">
        <label htmlFor={`${id}-assignee`}>{t('lead.complaints.assign')}</label>
        <select
          id={`${id}-assignee`}
          data-testid="complaint-assignee-select"
          value={assignee}
          onChange={(e) => setAssignee(e.target.value)}
        >
          {state.assignees.map((l) => (
            <option key={l.username} value={l.username}>
              {l.name}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button button--small"
          data-testid="complaint-assign"
          disabled={busy || !assignee}
          onClick={() => void actions.assign(c.id, assignee)}
        >
          {t('lead.complaints.assignButton')}
        </button>
      </div>
      <div className="field">
        <label htmlFor={`${id}-response`}>{t('lead.complaints.answerLabel')}</label>
        <textarea
          id={`${id}-response`}
          data-testid="complaint-answer-text"
          rows={2}
          maxLength={2000}
          placeholder={t('lead.complaints.answerPlaceholder')}
          value={response}
          onChange={(e) => setResponse(e.target.value)}
        />
      </div>
      <div className="complaint-item__buttons">
        <label htmlFor={`${id}-told`}>{t('lead.complaints.toldBy')}</label>
        <select
          id={`${id}-told`}
          data-testid="complaint-told-by"
          value={toldBy}
          onChange={(e) => setToldBy(e.target.value as ComplaintChannel)}
        >
          {COMPLAINT_CHANNELS.map((ch) => (
            <option key={ch} value={ch}>
              {channel(ch)}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button button--small"
          data-testid="complaint-answer"
          disabled={busy || response.trim() === ''}
          onClick={() =>
            void actions.answer(c.id, response, toldBy).then((ok) => ok && setResponse(''))
          }
        >
          {t('lead.complaints.answer')}
        </button>
        <button
          type="button"
          className="button button--primary button--small"
          data-testid="complaint-close"
          disabled={busy || c.status !== 'answered'}
          onClick={() => void actions.close(c.id)}
        >
          {t('lead.complaints.close')}
        </button>
      </div>
      {problem && (
        <p className="field-problem" role="alert" data-testid="complaint-problem">
          {t('lead.complaints.actionFailed', { reason: t(errorKey(problem.code)) })}
        </p>
      )}
    </div>
  );
}

function ComplaintCounts({ state }: { state: ComplaintsState }) {
  const { t } = useTranslation();
  const counts = state.counts;
  if (!counts) return null;
  const cols = ['total', 'open', 'answered', 'closed', 'overdue'] as const;
  return (
    <section
      className="card complaints-room__counts"
      data-testid="complaint-counts"
      data-month={counts.month}
      data-total={counts.total}
      aria-labelledby="complaint-counts-title"
    >
      <h2 id="complaint-counts-title">
        {t('lead.complaints.counts.title', { month: counts.month })}
      </h2>
      {counts.categories.length === 0 ? (
        <p>{t('lead.complaints.counts.none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('lead.complaints.counts.category')}</th>
              {cols.map((k) => (
                <th key={k} scope="col">
                  {t(`lead.complaints.counts.${k}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {counts.categories.map((row) => (
              <tr key={row.category} data-category={row.category}>
                <th scope="row">
                  {t(`verify.complaint.categories.${row.category}` as never, {
                    defaultValue: row.category,
                  })}
                </th>
                {cols.map((k) => (
                  <td key={k}>{row[k]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
