// What the training screens show, as pure functions of the training state: which course a
// scenario counts for, the agent's standing in it, a scenario's title in the agent's language.
import type { AgentLine, Course } from '../../common/training.js';
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

/**
 * common/training.ts's AGENT_LINES, restated: importing it would bring zod into the renderer
 * bundle. The type checks below fail the build if the two lists ever differ.
 */
export const AGENT_LINE_LIST = [
  'greeting',
  'ask-intent',
  'ask-details',
  'recheck',
  'ask-password-keypad',
  'ask-password-aloud',
  'announce-otp',
  'ask-otp-aloud',
  'read-back',
  'fraud-notice',
  'outage-notice',
  'offer-alternative',
  'complaint-heard',
  'goodbye',
] as const satisfies readonly AgentLine[];
type MissingLine = Exclude<AgentLine, (typeof AGENT_LINE_LIST)[number]>;
const everyLineListed: [MissingLine] extends [never] ? true : never = true;
void everyLineListed;
