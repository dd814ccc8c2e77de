// renderer/components/: reusable pieces with no domain — no store, no host call, no rule of the
// regulation of their own. A banner: one line of news with a level and an optional dismiss.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from './Icon.js';

export type BannerLevel = 'info' | 'warning' | 'error';

export interface BannerProps {
  level: BannerLevel;
  children: ReactNode;
  onDismiss?: () => void;
  testId?: string;
}

/** One line of news across the top of the work area; errors are announced to screen readers. */
export function Banner({ level, children, onDismiss, testId }: BannerProps) {
  const { t } = useTranslation();
  return (
    <div
      className={`banner banner--${level}`}
      role={level === 'error' ? 'alert' : 'status'}
      data-testid={testId}
    >
      <Icon name={level} className="banner__icon" />
      <div className="banner__text">{children}</div>
      {onDismiss && (
        <button
          type="button"
          className="icon-button banner__dismiss"
          aria-label={t('notice.dismiss')}
          title={t('notice.dismiss')}
          onClick={onDismiss}
        >
          <Icon name="close" />
        </button>
      )}
    </div>
  );
}
