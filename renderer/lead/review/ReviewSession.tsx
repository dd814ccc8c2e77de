// One sampled call under review (Art. 19): what happened on it in words (the archive's timeline:
// steps, outcomes, approvals, journal entries, with times and names), then each step marked correct
// or incorrect — an incorrect one with a reason from the list and a note — and an overall note.
// Once reviewed, the marks are shown as made; the records service refuses a second review.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { INCORRECT_STEP_REASONS, type IncorrectStepReason } from '../../../common/policy.js';
import type { ErrorCode } from '../../../common/result.js';
import type { ReviewBody, StepMark } from '../../../common/reviews-api.js';
import { errorKey } from '../../i18n/index.js';
import { useTimelineText } from '../alerts/timeline-text.js';
import { useReviewLabels } from './labels.js';
import type { OpenedReview } from './store.js';

type Draft = Record<
  string,
  { correct?: boolean; reason?: IncorrectStepReason | ''; note?: string }
>;

/** The marks as the service wants them; null while a step is unmarked or lacks a reason. */
export function marksOf(steps: readonly string[], draft: Draft): StepMark[] | null {
  const marks: StepMark[] = [];
  for (const step of steps) {
    const d = draft[step];
    if (d?.correct === undefined) return null;
    if (!d.correct && !d.reason) return null;
    const note = d.note?.trim();
    marks.push({
      step: step as StepMark['step'],
      correct: d.correct,
      ...(!d.correct && d.reason ? { reason: d.reason } : {}),
      ...(!d.correct && note ? { note } : {}),
    });
  }
  return marks;
}

/** The call as it happened, in words: what was done, by whom, when (common CallTimeline). */
function ReviewTimeline({
  timeline,
  formatTime,
}: {
  timeline: NonNullable<OpenedReview['detail']>['timeline'];
  formatTime: (at: string) => string;
}) {
  const say = useTimelineText();
  return (
    <ol className="review-session__timeline" data-testid="review-timeline">
      {timeline.items.map((item) => {
        const { what, who } = say(item, timeline.names);
        return (
          <li key={`${item.source}-${item.id}`} data-source={item.source}>
            <time dateTime={item.at}>{formatTime(item.at)}</time> <span>{what}</span>
            {who && <span className="review-session__who"> · {who}</span>}
          </li>
        );
      })}
    </ol>
  );
}

export function ReviewSession({
  opened,
  submitting,
  submitProblem,
  formatTime,
  onSubmit,
  onClose,
}: {
  opened: OpenedReview;
  submitting: boolean;
  submitProblem: ErrorCode | null;
  formatTime: (at: string) => string;
  onSubmit: (body: ReviewBody) => Promise<boolean>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const labels = useReviewLabels();
  const [draft, setDraft] = useState<Draft>({});
  const [note, setNote] = useState('');
  const noteId = useId();
  const { detail } = opened;
  if (opened.problem)
    return (
      <p className="field-problem" role="alert">
        {t('lead.review.openFailed', { reason: t(errorKey(opened.problem)) })}
      </p>
    );
  if (!detail) return <p className="field-hint">{t('lead.review.opening')}</p>;
  const done = detail.review;
  const marks = marksOf(detail.steps, draft);
  const unmarked = detail.steps.filter((s) => marksOf([s], draft) === null).length;
  const set = (step: string, change: Draft[string]) =>
    setDraft((d) => ({ ...d, [step]: { ...d[step], ...change } }));
  const shownMark = (step: string) => done?.steps.find((m) => m.step === step);

  return (
    <div className="review-session" data-testid="review-session" data-session-id={opened.sessionId}>
      <header className="review-session__head">
        <h3>
          {t('lead.review.item', {
            day: detail.item.day,
            agent: detail.item.agentName,
            business: labels.business(detail.item.businessType),
          })}
        </h3>
        <button type="button" className="button button--quiet button--small" onClick={onClose}>
          {t('lead.review.close')}
        </button>
      </header>
      <h4>{t('lead.review.timeline')}</h4>
      <ReviewTimeline timeline={detail.timeline} formatTime={formatTime} />
      <h4>{t('lead.review.steps')}</h4>
      {!done && <p className="field-hint">{t('lead.review.stepsHint')}</p>}
      <ul className="review-session__steps">
        {detail.steps.map((step) => {
          const mark = done ? shownMark(step) : draft[step];
          const name = labels.step(step);
          return (
            <li key={step} className="review-step" data-testid="review-step" data-step={step}>
              <span className="review-step__name">{name}</span>
              <div className="review-step__marks" role="group" aria-label={name}>
                {([true, false] as const).map((correct) => (
                  <button
                    key={String(correct)}
                    type="button"
                    className={`button button--small review-step__mark--${correct ? 'ok' : 'bad'}`}
                    data-testid={correct ? 'review-correct' : 'review-incorrect'}
                    aria-pressed={mark?.correct === correct}
                    disabled={!!done || submitting}
                    onClick={() => set(step, { correct })}
                  >
                    {t(`lead.review.${correct ? 'correct' : 'incorrect'}`)}
                  </button>
                ))}
              </div>
              {mark?.correct === false && (
                <StepReason
                  step={step}
                  name={name}
                  reason={mark.reason ?? ''}
                  note={mark.note ?? ''}
                  readOnly={!!done || submitting}
                  onChange={(change) => set(step, change)}
                />
              )}
            </li>
          );
        })}
      </ul>
      {done ? (
        <p className="review-session__done" data-testid="review-done">
          {t(`lead.review.verdict.${done.correct ? 'correct' : 'incorrect'}`)} ·{' '}
          {t('lead.review.reviewedBy', {
            name: done.reviewerName,
            at: formatTime(done.reviewedAt),
          })}
          {done.note && <> · {done.note}</>}
        </p>
      ) : (
        <form
          className="review-session__submit"
          onSubmit={(e) => {
            e.preventDefault();
            if (marks)
              void onSubmit({ steps: marks, ...(note.trim() ? { note: note.trim() } : {}) });
          }}
        >
          <label className="field" htmlFor={noteId}>
            <span>{t('lead.review.note')}</span>
            <textarea
              id={noteId}
              data-testid="review-note"
              rows={2}
              maxLength={1000}
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
          </label>
          {submitProblem && (
            <p className="field-problem" role="alert" data-testid="review-problem">
              {submitProblem === 'forbidden'
                ? t('lead.review.ownCall')
                : t('lead.review.submitFailed', { reason: t(errorKey(submitProblem)) })}
            </p>
          )}
          {!marks && (
            <p className="field-hint">{t('lead.review.notAllMarked', { count: unmarked })}</p>
          )}
          <button
            type="submit"
            className="button button--primary"
            data-testid="review-submit"
            disabled={!marks || submitting}
          >
            {t(submitting ? 'lead.review.submitting' : 'lead.review.submit')}
          </button>
        </form>
      )}
    </div>
  );
}

function StepReason({
  step,
  name,
  reason,
  note,
  readOnly,
  onChange,
}: {
  step: string;
  name: string;
  reason: string;
  note: string;
  readOnly: boolean;
  onChange: (change: { reason?: IncorrectStepReason | ''; note?: string }) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="review-step__why">
      <label className="field" htmlFor={`${id}-reason`}>
        <span>
          {t('lead.review.incorrectReason')} <span className="visually-hidden">{name}</span>
        </span>
        <select
          id={`${id}-reason`}
          data-testid="review-reason"
          data-step={step}
          value={reason}
          disabled={readOnly}
          onChange={(e) => onChange({ reason: e.target.value as IncorrectStepReason | '' })}
        >
          <option value="">{t('lead.review.chooseReason')}</option>
          {INCORRECT_STEP_REASONS.map((r) => (
            <option key={r} value={r}>
              {t(`lead.review.incorrectReasons.${r}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field" htmlFor={`${id}-note`}>
        <span>
          {t('lead.review.stepNote')} <span className="visually-hidden">{name}</span>
        </span>
        <input
          id={`${id}-note`}
          type="text"
          data-testid="review-step-note"
          maxLength={500}
          value={note}
          readOnly={readOnly}
          onChange={(e) => onChange({ note: e.target.value })}
        />
      </label>
    </div>
  );
}
