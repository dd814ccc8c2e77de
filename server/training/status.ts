// An agent's standing in the training courses (Art. 9) and whether they are cleared for live
// calls under `--require-training`: the best scores from the database, the rule from
// common/policy/training.ts, the courses from the catalog loaded at start.
import { clearedForLive, courseStanding } from '../../common/policy/training.js';
import type { TrainingCatalog, TrainingStatus } from '../../common/training-api.js';
import type { Queryable } from '../db.js';
import { bestScores } from './repository.js';

export async function trainingStatus(
  tx: Queryable,
  catalog: TrainingCatalog,
  requiredCourse: string | null,
  username: string,
): Promise<TrainingStatus> {
  const bests = await bestScores(tx, username);
  const courses = catalog.courses.map((course) => courseStanding(course, bests));
  return {
    username,
    courses,
    requiredCourse,
    clearedForLive: clearedForLive(requiredCourse, courses),
  };
}
