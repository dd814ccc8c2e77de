// A re-fetch triggered by pushes, not a timer: triggers while one runs are coalesced into one more
// run after it, so a burst of pushes costs two fetches and the last answer is always the newest.
// The watches (approvals inbox, call-backs, a session awaiting approval) each hold one.

export interface Refresher {
  /** Runs the fetch now, or once more after the running one. Resolves when that run is done. */
  trigger(): Promise<void>;
}

export function createRefresher(run: () => Promise<void>): Refresher {
  let running: Promise<void> | null = null;
  let again: Promise<void> | null = null;

  const start = (): Promise<void> => {
    const current = run().finally(() => {
      if (running === current) running = null;
    });
    running = current;
    return current;
  };

  return {
    trigger() {
      if (!running) return start();
      again ??= running
        .catch(() => undefined)
        .then(() => {
          again = null;
          return start();
        });
      return again;
    },
  };
}
