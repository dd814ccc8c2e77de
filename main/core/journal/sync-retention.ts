// Retention of what the archive already has: after a drain, at most once per interval, segments
// acknowledged longer than the retention period ago are pruned. Nothing unsynced ever expires
// (Art. 12); a failed prune is logged and tried again at a later drain.
import type { Logger } from '../logger.js';
import type { SyncEvent, SyncJournal } from './sync-types.js';

export interface RetentionOptions {
  journal: Pick<SyncJournal, 'prune'>;
  logger: Logger;
  now: () => Date;
  retentionMs: number;
  intervalMs: number;
  emit: (event: SyncEvent) => void;
}

/** Answers a function to call after each drain. */
export function createRetention(options: RetentionOptions): () => Promise<void> {
  const { journal, logger, now, retentionMs, intervalMs, emit } = options;
  let lastPrune = -Infinity;
  return async function maybePrune() {
    const t = now().getTime();
    if (t - lastPrune < intervalMs) return;
    lastPrune = t;
    try {
      const segments = await journal.prune(new Date(t - retentionMs));
      if (segments > 0) emit({ type: 'pruned', segments });
    } catch (error) {
      logger.warn({ err: (error as Error).message }, 'journal prune failed; retried later');
    }
  };
}
