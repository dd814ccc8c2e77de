// Art. 16 complaint categories, as plain data: the contract's list lives in common/verify.ts,
// which pulls in zod, and the renderer bundle stays zod-free (test/unit/renderer/bundle.test.ts).
// The type ties the two together; test/unit/renderer/verification checks the lists are equal.
import type { COMPLAINT_CATEGORIES } from '../../common/verify.js';

export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];

export const COMPLAINT_CATEGORY_LIST = [
  'service',
  'wait-time',
  'verification',
  'product',
  'fees',
  'other',
] as const satisfies readonly ComplaintCategory[];
