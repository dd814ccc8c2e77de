// What the training routes and the live-call gate share (Art. 9): the catalog loaded at start
// (server/training/catalog.ts) and the course live verification requires, if any.
import type { TrainingCatalog } from '../../common/training-api.js';

export interface TrainingOptions {
  catalog: TrainingCatalog;
  /** `--require-training <courseId>`: a live session needs that course passed first. */
  requiredCourse: string | null;
}

export const NO_TRAINING: TrainingOptions = {
  catalog: { scenarios: [], courses: [], customers: [] },
  requiredCourse: null,
};
