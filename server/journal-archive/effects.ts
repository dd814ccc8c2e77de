// What an archived journal entry does on the records service besides being stored: its effect, by
// entry type (the outage call-back queue, Art. 12; complaints with a deadline, Art. 16). An effect
// runs in the entry's transaction, so it happens exactly once with the entry, never on a replay.
import type { z } from 'zod';
import type { JournalEntry } from '../../common/journal-chain.js';
import { callbackRequested } from '../callbacks/effect.js';
import { complaintRecorded, DEFAULT_COMPLAINT_RESPONSE_DAYS } from '../complaints/effect.js';
import type { Queryable } from '../db.js';

export interface EffectContext {
  tx: Queryable;
  entry: JournalEntry;
  now: Date;
}

/** What an entry type does on the records service besides being archived. */
export interface EntryEffect<T> {
  /** The entry's `data` must parse with this, or the entry is refused and nothing is written. */
  data: z.ZodType<T>;
  apply(context: EffectContext, data: T): Promise<void>;
}
// Stored type-erased; defineEffect keeps each effect's data and apply consistent.
type AnyEffect = EntryEffect<unknown>;
export const defineEffect = <T>(effect: EntryEffect<T>): AnyEffect =>
  effect as unknown as AnyEffect;

/** Entry type → effect. Types without an effect are only archived. */
export type EffectRegistry = Readonly<Record<string, AnyEffect>>;

export interface EffectOptions {
  /** Days from the complaint's `at` to its response deadline (Art. 16). Default 5. */
  complaintResponseDays?: number;
}

export function defaultEffects(options: EffectOptions = {}): EffectRegistry {
  const days = options.complaintResponseDays ?? DEFAULT_COMPLAINT_RESPONSE_DAYS;
  return {
    'callback.requested': defineEffect(callbackRequested),
    'complaint.recorded': defineEffect(complaintRecorded(days)),
  };
}
