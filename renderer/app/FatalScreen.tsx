// renderer/app/: the window before and around the signed-in shell. The frame of a full-window
// stop (no host, a crash): title, body and one action, nothing the agent could work with.
import type { ReactNode } from 'react';
import { Icon } from '../components/Icon.js';

export interface FatalScreenProps {
  title: ReactNode;
  body: ReactNode;
  action?: ReactNode;
}

/** A full-window stop: the app cannot run, and says why and what to do. */
export function FatalScreen({ title, body, action }: FatalScreenProps) {
  return (
    <main className="fatal" data-testid="fatal-screen">
      <div className="fatal__card" role="alert">
        <Icon name="warning" className="fatal__icon" />
        <div className="fatal__content">
          {title}
          {body}
          {action}
        </div>
      </div>
    </main>
  );
}
