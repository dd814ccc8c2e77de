// Quitting: sign out (the token is revoked and the journal says so) before the process goes. quit
// is held until that is done, but never longer than a few seconds: an unreachable records service
// must never keep a desk from closing (the journal has the sign-out either way).
import type { App } from 'electron';
import type { Logger } from '../core/logger.js';

const SHUTDOWN_TIMEOUT_MS = 5_000;

export function holdQuitForShutdown(
  app: App,
  options: {
    /**
     * Closes the core (signs out, flushes the journal). Runs once: an update's restart has already
     * run it to the end before the installer started, and then this quit finds it done.
     */
    close: () => Promise<void>;
    /** Runs once the core is closed or the wait timed out, just before the app quits. */
    cleanup: () => void;
    logger: Logger;
  },
): void {
  let shutdown: 'running' | 'closing' | 'done' = 'running';
  app.on('will-quit', (event) => {
    if (shutdown === 'done') return;
    event.preventDefault();
    if (shutdown === 'closing') return;
    shutdown = 'closing';
    const timeout = new Promise<void>((resolve) =>
      setTimeout(resolve, SHUTDOWN_TIMEOUT_MS).unref(),
    );
    void Promise.race([options.close(), timeout])
      .catch((error: Error) =>
        options.logger.error({ err: error.message }, 'shutdown was not clean'),
      )
      .finally(() => {
        shutdown = 'done';
        options.cleanup();
        app.quit();
      });
  });
}
