// The training banner (Art. 9): while a training call is up, a banner in the training accent says
// so, captions what the simulated customer says, and offers the lines the agent speaks; a live
// call pauses it; after the call, the score report names each miss and its article.
import { useTranslation } from 'react-i18next';
import { Banner } from '../components/Banner.js';
import { Icon } from '../components/Icon.js';
import { errorKey } from '../i18n/index.js';
import type { AgentLine, Miss } from '../../common/training.js';
import type { TrainingResult } from '../../common/training-api.js';
import type { TrainingState } from './state.js';
import { AGENT_LINE_LIST, langOf, scenarioTitle } from './view.js';

export interface TrainingBannerProps {
  state: TrainingState;
  onSay(line: AgentLine): void;
  onEnterStated(): void;
  onHangup(): void;
  onRestart(scenarioId: string): void;
  /** Takes the scenario a live call interrupted again, from its start. */
  onRestartPaused(): void;
  /** A call is up on the phone (the live one that paused training): no restart until it ends. */
  lineBusy?: boolean;
  onDismissPause(): void;
  onCloseReport(): void;
  onDismissProblem(): void;
}

export function TrainingBanner(props: TrainingBannerProps) {
  const { state } = props;
  const { t } = useTranslation();
  const problem = state.problem;
  return (
    <>
      {problem && (
        <Banner level="error" testId="training-problem" onDismiss={props.onDismissProblem}>
          {problem.action === 'score' && problem.code === 'conflict'
            ? t('training.problem.unscored')
            : t(`training.problem.${problem.action}`, { reason: t(errorKey(problem.code)) })}
        </Banner>
      )}
      {state.call ? (
        <CallBanner {...props} />
      ) : state.paused ? (
        <PausedBanner {...props} scenarioId={state.paused.scenarioId} />
      ) : state.report ? (
        <ScoreReport
          state={state}
          report={state.report}
          onRestart={props.onRestart}
          onClose={props.onCloseReport}
        />
      ) : null}
    </>
  );
}

function CallBanner({ state, onSay, onHangup, onEnterStated }: TrainingBannerProps) {
  const { t, i18n } = useTranslation();
  const call = state.call!;
  const talking = call.phase === 'talking';
  return (
    <section
      className="training-banner"
      data-testid="training-banner"
      data-phase={call.phase}
      aria-labelledby="training-banner-title"
    >
      <header className="training-banner__header">
        <h2 id="training-banner-title" className="training-banner__title">
          <Icon name="headset" />
          {t('training.banner.title')}
        </h2>
        <span className="training-banner__scenario">
          {t('training.banner.scenario', {
            title: scenarioTitle(state, call.scenarioId, langOf(i18n.language)),
          })}
        </span>
        {call.phase !== 'scoring' && (
          <button type="button" className="button button--quiet button--small" onClick={onHangup}>
            {t('training.banner.hangup')}
          </button>
        )}
      </header>
      <p className="training-banner__notice">{t('training.banner.notice')}</p>
      {call.phase === 'starting' && <p role="status">{t('training.banner.starting')}</p>}
      {call.phase === 'ringing' && <p role="status">{t('training.banner.ringing')}</p>}
      {call.phase === 'scoring' && <p role="status">{t('training.banner.scoring')}</p>}
      {talking && (
        <div className="training-banner__body">
          <div className="training-banner__caption">
            <span className="training-banner__label">{t('training.banner.caption')}</span>
            <p data-testid="training-caption" aria-live="polite">
              {call.caption ?? t('training.banner.noCaption')}
            </p>
            {call.stated && (
              <button
                type="button"
                className="button button--quiet button--small training-banner__stated"
                data-testid="training-enter-details"
                onClick={onEnterStated}
              >
                {t('training.banner.enterStated')}
              </button>
            )}
          </div>
          <div
            className="training-banner__lines"
            role="group"
            aria-label={t('training.banner.lines')}
          >
            <span className="training-banner__label" aria-hidden="true">
              {t('training.banner.lines')}
            </span>
            {AGENT_LINE_LIST.map((line) => (
              <button
                key={line}
                type="button"
                className={`training-line${call.said.includes(line) ? ' training-line--said' : ''}`}
                data-testid="training-say"
                data-line={line}
                onClick={() => onSay(line)}
              >
                {t(`training.lines.${line}`)}
              </button>
            ))}
          </div>
        </div>
      )}
    </section>
  );
}

function PausedBanner({
  state,
  scenarioId,
  lineBusy = false,
  onRestartPaused,
  onDismissPause,
}: TrainingBannerProps & { scenarioId: string }) {
  const { t, i18n } = useTranslation();
  return (
    <section
      className="training-banner training-banner--paused"
      data-testid="training-banner"
      data-phase="paused"
    >
      <header className="training-banner__header">
        <h2 className="training-banner__title">
          <Icon name="info" />
          {t('training.banner.paused')}
        </h2>
        <span className="training-banner__scenario">
          {t('training.banner.scenario', {
            title: scenarioTitle(state, scenarioId, langOf(i18n.language)),
          })}
        </span>
      </header>
      <p className="training-banner__notice" role="status">
        {t(lineBusy ? 'training.banner.pausedWaiting' : 'training.banner.pausedHint')}
      </p>
      <div className="training-banner__actions">
        <button
          type="button"
          className="button button--primary button--small"
          data-testid="training-restart"
          disabled={lineBusy}
          onClick={onRestartPaused}
        >
          {t('training.banner.restart')}
        </button>
        <button
          type="button"
          className="button button--quiet button--small"
          onClick={onDismissPause}
        >
          {t('training.banner.dismiss')}
        </button>
      </div>
    </section>
  );
}

/** One miss in words, with the article behind it. */
export function useMissText(): (miss: Miss) => string {
  const { t } = useTranslation();
  return (miss) => {
    const words =
      miss.rule === 'line-missing'
        ? t('training.rules.line-missing', {
            line: miss.line ? t(`training.lines.${miss.line}`) : '',
          })
        : t(`training.rules.${miss.rule}` as 'training.rules.too-slow');
    return `${words}${t('training.report.article', { article: miss.article })}`;
  };
}

function ScoreReport({
  state,
  report,
  onRestart,
  onClose,
}: {
  state: TrainingState;
  report: TrainingResult;
  onRestart(scenarioId: string): void;
  onClose(): void;
}) {
  const { t, i18n } = useTranslation();
  const missText = useMissText();
  return (
    <section
      className={`training-report training-report--${report.passed ? 'passed' : 'failed'}`}
      data-testid="training-score"
      data-score={report.score}
      data-passed={String(report.passed)}
      aria-labelledby="training-report-title"
    >
      <header className="training-banner__header">
        <h2 id="training-report-title" className="training-banner__title">
          {t('training.report.title')}
        </h2>
        <span className="training-banner__scenario">
          {t('training.banner.scenario', {
            title: scenarioTitle(state, report.scenarioId, langOf(i18n.language)),
          })}
        </span>
      </header>
      <p className="training-report__figure">
        <strong>{t('training.report.score', { score: report.score })}</strong>
        <span className={`training-badge training-badge--${report.passed ? 'passed' : 'open'}`}>
          {report.passed ? t('training.report.passed') : t('training.report.failed')}
        </span>
        <span>
          {report.secondsToVerify === null
            ? t('training.report.noTime')
            : t('training.report.time', { seconds: Math.round(report.secondsToVerify) })}
        </span>
      </p>
      <h3 className="training-report__misses-title">{t('training.report.misses')}</h3>
      {report.misses.length === 0 ? (
        <p>{t('training.report.none')}</p>
      ) : (
        <ul className="training-report__misses">
          {report.misses.map((miss, i) => (
            <li
              key={`${miss.rule}-${i}`}
              data-testid="training-miss"
              data-rule={miss.rule}
              data-article={miss.article}
            >
              {missText(miss)}
            </li>
          ))}
        </ul>
      )}
      <div className="training-banner__actions">
        <button
          type="button"
          className="button button--primary button--small"
          onClick={() => onRestart(report.scenarioId)}
        >
          {t('training.report.again')}
        </button>
        <button type="button" className="button button--quiet button--small" onClick={onClose}>
          {t('training.report.close')}
        </button>
      </div>
    </section>
  );
}
