// What the training screens show, as pure functions of the training state: which course a
// scenario counts for, the agent's standing in it, a scenario's title in the agent's language.
import type { Course } from '../../common/training.js';
import type { CourseStanding } from '../../common/training-api.js';
import type { ShownCatalog, TrainingState } from './state.js';

/** The first course that counts this scenario, if any. */
export const courseOf = (catalog: ShownCatalog, scenarioId: string): Course | undefined =>
  catalog.courses.find((course) => course.scenarios.includes(scenarioId));

export const standingOf = (state: TrainingState, courseId: string): CourseStanding | undefined =>
  state.status?.courses.find((c) => c.courseId === courseId);

export function scenarioTitle(
  state: TrainingState,
  scenarioId: string,
  lang: 'zh-CN' | 'en',
): string {
  return state.catalog?.scenarios.find((s) => s.id === scenarioId)?.title[lang] ?? scenarioId;
}

export function courseTitle(
  state: TrainingState,
  courseId: string,
  lang: 'zh-CN' | 'en',
): string | null {
  return state.catalog?.courses.find((c) => c.id === courseId)?.title[lang] ?? null;
}

export const langOf = (language: string): 'zh-CN' | 'en' => (language === 'en' ? 'en' : 'zh-CN');
