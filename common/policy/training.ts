// Art. 9: where an agent stands in a course, and whether they may take live calls when the
// service requires a course first. Pure: the records service reads the best scores, this decides.
import type { CourseStanding } from '../training-api.js';
import type { Course } from '../training.js';

/** Per scenario the agent tried: the best score, and the best among results that passed. */
export interface ScenarioBest {
  scenarioId: string;
  best: number;
  bestPassed: number | null;
}

/**
 * Passed once every scenario of the course has a passed result scoring at least the pass mark.
 * `best` lists the best score of each of the course's scenarios tried so far.
 */
export function courseStanding(course: Course, bests: readonly ScenarioBest[]): CourseStanding {
  const byScenario = new Map(bests.map((b) => [b.scenarioId, b]));
  const best: Record<string, number> = {};
  let passed = true;
  for (const id of course.scenarios) {
    const b = byScenario.get(id);
    if (b) best[id] = b.best;
    if (!b || b.bestPassed === null || b.bestPassed < course.passMark) passed = false;
  }
  return { courseId: course.id, passed, best };
}

/** Cleared for live calls: no course required, or the required one passed. */
export const clearedForLive = (
  requiredCourse: string | null,
  standings: readonly CourseStanding[],
): boolean =>
  requiredCourse === null || standings.some((s) => s.courseId === requiredCourse && s.passed);
