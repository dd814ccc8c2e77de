// The console's training room (Art. 9): each agent's standing in the courses and whether they are
// cleared for live calls, then the team's recent results with each miss named with its article.
import { useTranslation } from 'react-i18next';
import { Banner } from '../../components/Banner.js';
import { errorKey } from '../../i18n/index.js';
import { useMissText } from '../../training/TrainingBanner.js';
import { langOf } from '../../training/view.js';
import type { LeadTrainingState } from './controller.js';

export function TrainingRoom({
  state,
  formatTime,
  onRefresh,
}: {
  state: LeadTrainingState;
  formatTime: (at: string) => string;
  onRefresh(): void;
}) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const missText = useMissText();
  const agents = [...new Map(state.results.map((r) => [r.username, r.name])).entries()];
  return (
    <section
      className="lead-training"
      data-testid="lead-training"
      aria-labelledby="lead-training-title"
    >
      <header className="lead-training__header">
        <h2 id="lead-training-title">{t('lead.training.title')}</h2>
        <button type="button" className="button button--quiet button--small" onClick={onRefresh}>
          {t('lead.training.refresh')}
        </button>
      </header>
      <p className="lead-training__intro">{t('lead.training.intro')}</p>
      {state.problem && (
        <Banner level="error" testId="lead-training-problem">
          {t('lead.training.failed', { reason: t(errorKey(state.problem)) })}
        </Banner>
      )}
      {state.loading && state.results.length === 0 && (
        <p role="status">{t('lead.training.loading')}</p>
      )}
      {!state.loading && state.results.length === 0 && !state.problem && (
        <p>{t('lead.training.empty')}</p>
      )}
      {agents.length > 0 && (
        <table className="lead-training__table" data-testid="lead-training-standing">
          <caption>{t('lead.training.standing')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('lead.training.agent')}</th>
              {state.courses.map((course) => (
                <th scope="col" key={course.id}>
                  {t('lead.training.course', { title: course.title[lang] })}
                </th>
              ))}
              <th scope="col">{t('lead.training.cleared')}</th>
            </tr>
          </thead>
          <tbody>
            {agents.map(([username, name]) => {
              const status = state.standings[username];
              return (
                <tr key={username} data-agent={username}>
                  <th scope="row">{name}</th>
                  {state.courses.map((course) => {
                    const standing = status?.courses.find((c) => c.courseId === course.id);
                    return (
                      <td key={course.id} data-passed={String(standing?.passed ?? false)}>
                        <span
                          className={`training-badge training-badge--${standing?.passed ? 'passed' : 'open'}`}
                        >
                          {standing?.passed ? t('lead.training.passed') : t('lead.training.open')}
                        </span>{' '}
                        {t('lead.training.tried', {
                          tried: Object.keys(standing?.best ?? {}).length,
                          of: course.scenarios.length,
                        })}
                      </td>
                    );
                  })}
                  <td>
                    {status?.clearedForLive
                      ? t('lead.training.cleared')
                      : t('lead.training.notCleared')}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {state.results.length > 0 && (
        <table className="lead-training__table" data-testid="lead-training-results">
          <caption>{t('lead.training.results')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('lead.training.at')}</th>
              <th scope="col">{t('lead.training.agent')}</th>
              <th scope="col">{t('lead.training.scenario')}</th>
              <th scope="col">{t('lead.training.score')}</th>
              <th scope="col">{t('lead.training.outcome')}</th>
              <th scope="col">{t('lead.training.misses')}</th>
            </tr>
          </thead>
          <tbody>
            {state.results.map((result) => (
              <tr key={result.id} data-testid="lead-training-result" data-score={result.score}>
                <td>{formatTime(result.at)}</td>
                <td>{result.name}</td>
                <td>{state.titles[result.scenarioId]?.[lang] ?? result.scenarioId}</td>
                <td>{result.score}</td>
                <td>
                  <span
                    className={`training-badge training-badge--${result.passed ? 'passed' : 'open'}`}
                  >
                    {result.passed ? t('lead.training.passed') : t('lead.training.open')}
                  </span>
                </td>
                <td className="lead-training__misses">
                  {result.misses.length === 0
                    ? t('lead.training.none')
                    : result.misses.map(missText).join(lang === 'en' ? '; ' : '；')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
