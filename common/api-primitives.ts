// The small shapes every records-service API schema shares: ids, timestamps, typed free text.
// Pure zod; no I/O.
import { z } from 'zod';

export const Id = z.uuid();
export const Timestamp = z.string().meta({ description: 'ISO 8601 UTC' });
/** Free text a person types (reasons, notes): bounded, no control characters. */
export const Reason = z
  .string()
  .trim()
  .min(1)
  .max(500)
  .regex(/^[^\p{Cc}]*$/u, 'no control characters');
