// What the zod schemas cannot see in a training scenario or course file: the customers, prompts
// and scenarios it names must exist, a trigger must name something, and a customer who answers
// the read-back "no" can only be expected not confirmed (Art. 8). Pure; the catalog loader refuses
// a file with these reasons, and the content tests run them over every file shipped.
import { hasPrompt } from './training-prompts.js';
import type { Course, Scenario } from './training.js';

/** Why this scenario cannot be played (empty: it can). Never repeats customer data. */
export function scenarioProblems(scenario: Scenario, customerKeys: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  if (!customerKeys.has(scenario.customer))
    problems.push(`customer ${scenario.customer} is not a training customer`);
  scenario.reactions.forEach((reaction, n) => {
    if (Object.values(reaction.on).every((v) => v === undefined))
      problems.push(`reaction ${n + 1}: its trigger names nothing`);
    for (const action of reaction.do) {
      if (action.do !== 'say') continue;
      if (!hasPrompt(action.prompt))
        problems.push(`reaction ${n + 1}: no prompt ${action.prompt} in prompts.json`);
      if (action.as !== undefined && !customerKeys.has(action.as))
        problems.push(`reaction ${n + 1}: ${action.as} is not a training customer`);
    }
  });
  const saysNo = scenario.reactions.some(
    (r) =>
      r.on.said === 'read-back' && r.do.some((a) => a.do === 'say' && a.prompt === 'confirm-no'),
  );
  if (saysNo !== (scenario.expect.outcome === 'not-confirmed'))
    problems.push('a customer who answers the read-back "no" is expected not-confirmed (Art. 8)');
  return problems;
}

/** Why this course cannot be taken (empty: it can). */
export function courseProblems(course: Course, scenarioIds: ReadonlySet<string>): string[] {
  const problems = course.scenarios
    .filter((id) => !scenarioIds.has(id))
    .map((id) => `no scenario ${id}`);
  if (new Set(course.scenarios).size !== course.scenarios.length)
    problems.push('a scenario is listed twice');
  return problems;
}
