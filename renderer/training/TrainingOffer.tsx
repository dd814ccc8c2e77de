// The training line on the phone card (Art. 9): offered prominently when no live line is
// configured (or the policy holds it until a course is passed), and always as a quiet button;
// the scenario list with the agent's standing in each course. Plain props; the controller acts.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon.js';
import type { Course } from '../../common/training.js';
import type { TrainingState } from './state.js';
import { courseOf, courseTitle, langOf, standingOf } from './view.js';

export interface TrainingOfferProps {
  state: TrainingState;
  /** No live line: the offer is the phone's main action. */
  noLine: boolean;
  /** A call is up (live or training): no new training call now. */
  busy: boolean;
  onChoosing(open: boolean): void;
  onStart(scenarioId: string, courseId: string | null): void;
}

export function TrainingOffer({ state, noLine, busy, onChoosing, onStart }: TrainingOfferProps) {
  const { t, i18n } = useTranslation();
  const required =
    state.status && !state.status.clearedForLive ? state.status.requiredCourse : null;
  const requiredTitle = required ? courseTitle(state, required, langOf(i18n.language)) : null;
  // The records service could not be reached: the standing is not known yet (asked again).
  const unknown = state.status === null && state.statusUnknown;
  const prominent = noLine || required !== null;
  const listId = useId();
  return (
    <div className={`training-offer${prominent ? ' training-offer--prominent' : ''}`}>
      {prominent && (
        <p className="training-offer__note" data-testid="training-offer-note">
          <Icon name="info" />
          {required
            ? requiredTitle
              ? t('training.required', { course: requiredTitle })
              : t('training.requiredUnknown')
            : unknown
              ? t('training.standingUnknown')
              : t('training.noLine')}
        </p>
      )}
      <button
        type="button"
        className={`button ${prominent ? 'button--primary' : 'button--quiet'} training-offer__start`}
        data-testid="training-start"
        disabled={busy && !state.choosing}
        aria-expanded={state.choosing}
        aria-controls={state.choosing ? listId : undefined}
        onClick={() => onChoosing(!state.choosing)}
      >
        <Icon name="headset" />
        {t('training.start')}
      </button>
      {prominent && !state.choosing && (
        <p className="training-offer__hint">{t('training.startHint')}</p>
      )}
      {state.choosing && (
        <ScenarioList
          id={listId}
          state={state}
          busy={busy}
          onStart={onStart}
          onClose={() => onChoosing(false)}
        />
      )}
    </div>
  );
}

function ScenarioList({
  id,
  state,
  busy,
  onStart,
  onClose,
}: {
  id: string;
  state: TrainingState;
  busy: boolean;
  onStart(scenarioId: string, courseId: string | null): void;
  onClose(): void;
}) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const catalog = state.catalog;
  return (
    <section id={id} className="training-list" aria-labelledby="training-list-title">
      <header className="training-list__header">
        <h3 id="training-list-title">{t('training.choose')}</h3>
        <button type="button" className="button button--quiet button--small" onClick={onClose}>
          {t('training.close')}
        </button>
      </header>
      {catalog?.courses.map((course) => (
        <CourseLine key={course.id} course={course} state={state} lang={lang} />
      ))}
      {!catalog ? (
        <p role="status">{t('training.loading')}</p>
      ) : catalog.scenarios.length === 0 ? (
        <p>{t('training.empty')}</p>
      ) : (
        <ul className="training-list__items" data-testid="training-scenario">
          {catalog.scenarios.map((scenario) => {
            const course = courseOf(catalog, scenario.id);
            const best = course ? standingOf(state, course.id)?.best[scenario.id] : undefined;
            return (
              <li key={scenario.id}>
                <button
                  type="button"
                  className="training-list__option"
                  data-scenario={scenario.id}
                  disabled={busy}
                  onClick={() => onStart(scenario.id, course?.id ?? null)}
                >
                  <span className="training-list__title">{scenario.title[lang]}</span>
                  <span className="training-list__summary">{scenario.summary[lang]}</span>
                  {scenario.forTier && (
                    <span className="training-list__tier" data-tier={scenario.forTier}>
                      {t('training.forTier', {
                        tier: t(`training.tiers.${scenario.forTier}`),
                      })}
                    </span>
                  )}
                  {course && (
                    <span className="training-list__best">
                      {best === undefined
                        ? t('training.notTried')
                        : t('training.best', { score: best })}
                    </span>
                  )}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function CourseLine({
  course,
  state,
  lang,
}: {
  course: Course;
  state: TrainingState;
  lang: 'zh-CN' | 'en';
}) {
  const { t } = useTranslation();
  const passed = standingOf(state, course.id)?.passed ?? false;
  return (
    <p className="training-list__course" data-testid="training-course" data-passed={passed}>
      {t('training.course', { title: course.title[lang], mark: course.passMark })}{' '}
      <span className={`training-badge training-badge--${passed ? 'passed' : 'open'}`}>
        {passed ? t('training.coursePassed') : t('training.courseOpen')}
      </span>
    </p>
  );
}
