// renderer/app/: the window before and around the signed-in shell. This is the last line under
// every screen: a render error becomes a full-window message with a reload, never a white window.
// It must never show or log the error: it could quote customer data from the screen.
import { Component, type ReactNode } from 'react';
import { withTranslation, type WithTranslation } from 'react-i18next';
import { FatalScreen } from './FatalScreen.js';

interface State {
  crashed: boolean;
}

/**
 * A render error must not leave an agent mid-shift with a white window: say so, offer a reload.
 * The error itself is not shown or logged here: it could quote customer data from the screen.
 */
class CrashBoundaryInner extends Component<WithTranslation & { children: ReactNode }, State> {
  override state: State = { crashed: false };

  static getDerivedStateFromError(): State {
    return { crashed: true };
  }

  override render() {
    const { t, children } = this.props;
    if (!this.state.crashed) return children;
    return (
      <FatalScreen
        title={<h1>{t('fatal.crashed.title')}</h1>}
        body={<p>{t('fatal.crashed.body')}</p>}
        action={
          <button
            type="button"
            className="button button--primary"
            onClick={() => window.location.reload()}
          >
            {t('fatal.crashed.reload')}
          </button>
        }
      />
    );
  }
}

export const CrashBoundary = withTranslation()(CrashBoundaryInner);
