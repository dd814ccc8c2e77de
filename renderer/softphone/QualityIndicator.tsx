import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon.js';
import type { ActiveCall } from '../phone/types.js';
import { qualityView } from './view.js';

/**
 * Good / poor at a glance with the figures on one quiet line (`part="line"`), and a clear warning
 * when it is poor (`part="warning"`, placed below the call controls so they never move down).
 */
export function QualityIndicator({ call, part }: { call: ActiveCall; part: 'line' | 'warning' }) {
  const { t, i18n } = useTranslation();
  const view = qualityView(call);
  const figure = (value: number | null | undefined, unit: string, digits = 0) =>
    value === null || value === undefined
      ? t('softphone.quality.unknownValue')
      : `${value.toFixed(digits)}${unit}`;
  const reasons = new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(
    view.reasons.map((reason) => t(`softphone.quality.reasons.${reason}`)),
  );
  if (part === 'warning') {
    return view.level === 'poor' ? (
      <p className="quality__warning" role="alert" data-testid="quality-warning">
        <Icon name="warning" />
        {t('softphone.quality.warning', { reasons })}
      </p>
    ) : null;
  }
  return (
    <div
      className={`quality quality--${view.level}`}
      data-testid="call-quality"
      data-level={view.level}
    >
      <p className="quality__line">
        <Icon name="signal" />
        <span className="quality__label">{t('softphone.quality.label')}</span>
        <span className="quality__verdict">{t(`softphone.quality.${view.level}`)}</span>
        {view.latest && (
          <span className="quality__details">
            {t('softphone.quality.details', {
              rtt: figure(view.latest.rttMs, ' ms'),
              jitter: figure(view.latest.jitterMs, ' ms'),
              loss: figure(view.latest.lossPct, '%', 1),
              mos: figure(view.latest.mos, '', 1),
            })}
          </span>
        )}
      </p>
    </div>
  );
}
