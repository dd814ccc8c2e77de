// The training content as shipped: every scenario and course file validates and names customers,
// prompts and scenarios that exist; the drills the records service remembers across calls still
// pass when taken again. Playing each scenario: training-play.test.ts.
import { describe, expect, it } from 'vitest';
import { courseProblems, scenarioProblems } from '../../../common/training-check.js';
import { scoreTrainingCall } from '../../../common/training-score.js';
import { Course, Scenario } from '../../../common/training.js';
import {
  check,
  customerKeys,
  filesIn,
  MODEL,
  play,
  readJson,
  say,
  scenarios,
  start,
  status,
} from './training-fixture.js';

describe('scenario and course files', () => {
  it("ships the regulation's scenarios", () => {
    expect([...scenarios.keys()].sort()).toEqual(
      [
        'complaint',
        'declines-password',
        'details-changed-exception',
        'forgotten-password',
        'fraud-many-customers',
        'fund-transfer-password',
        'large-loan-otp',
        'not-reserved-mobile',
        'otp-expires-resent',
        'read-back-denied',
        'records-down-midcall',
        'routine-enquiry',
      ].sort(),
    );
  });

  it.each([...scenarios])('%s: named after its id, nothing it names is missing', (file, s) => {
    expect(s.id).toBe(file);
    expect(scenarioProblems(s, customerKeys)).toEqual([]);
  });

  it('scenarioProblems finds what the schema cannot', () => {
    const s = scenarios.get('routine-enquiry')!;
    const broken = Scenario.parse({
      ...s,
      customer: 'tc-nobody',
      reactions: [
        { on: {}, do: [{ do: 'say', prompt: 'no-such-prompt', as: 'tc-ghost' }] },
        { on: { said: 'read-back' }, do: [{ do: 'say', prompt: 'confirm-no' }] },
      ],
    });
    expect(scenarioProblems(broken, customerKeys)).toEqual([
      'customer tc-nobody is not a training customer',
      'reaction 1: its trigger names nothing',
      'reaction 1: no prompt no-such-prompt in prompts.json',
      'reaction 1: tc-ghost is not a training customer',
      'a customer who answers the read-back "no" is expected not-confirmed (Art. 8)',
    ]);
  });

  it('a caller number tries one customer only, except in the fraud drill (Art. 18 counts them)', () => {
    const tried = new Map<string, Set<string>>();
    for (const s of scenarios.values()) {
      if (s.expect.outcome === 'suspended') continue;
      const set = tried.get(s.callerNumber) ?? new Set();
      set.add(s.customer);
      tried.set(s.callerNumber, set);
    }
    for (const [number, set] of tried) expect([number, set.size]).toEqual([number, 1]);
    const fraud = [...scenarios.values()].filter((s) => s.expect.outcome === 'suspended');
    for (const s of fraud) expect(tried.has(s.callerNumber)).toBe(false);
  });

  it('the exception drill has its customer to itself (Art. 5(2) failures count for 24 h)', () => {
    for (const s of scenarios.values()) {
      if (s.expect.outcome !== 'exception') continue;
      const others = [...scenarios.values()].filter(
        (o) =>
          o.id !== s.id &&
          (o.customer === s.customer ||
            o.reactions.some((r) => r.do.some((a) => a.do === 'say' && a.as === s.customer))),
      );
      expect(others.map((o) => o.id)).toEqual([]);
    }
  });

  it('every course names scenarios that exist', () => {
    const courses = filesIn('courses').map((file) => Course.parse(readJson(file)));
    expect(courses.map((c) => c.id)).toContain('basic-verification');
    const ids = new Set(scenarios.keys());
    for (const course of courses) expect(courseProblems(course, ids)).toEqual([]);
    const basic = courses.find((c) => c.id === 'basic-verification')!;
    expect(basic.passMark).toBe(80);
    expect(basic.scenarios.length).toBe(scenarios.size);
    const twice = { ...basic, scenarios: ['routine-enquiry', 'routine-enquiry', 'nope'] };
    expect(courseProblems(twice, ids)).toEqual(['no scenario nope', 'a scenario is listed twice']);
  });
});

describe('drills the records service remembers (Art. 5(2), 18 count across calls)', () => {
  it('a second exception drill within 24 h goes to the exception at once, and still passes', () => {
    const s = scenarios.get('details-changed-exception')!;
    const steps = [
      ...start('important-query').slice(0, 3),
      check('basic', 'exception'),
      status('exception'),
      say('goodbye'),
    ];
    expect(scoreTrainingCall(s, play(s, steps).events, 'agent')).toMatchObject({
      score: 100,
      passed: true,
    });
  });

  it('a second fraud drill from the same number is suspended at once, and still passes', () => {
    const s = scenarios.get('fraud-many-customers')!;
    const steps = [
      ...start('fund-transfer').slice(0, 3),
      check('basic', 'suspended'),
      status('suspended'),
      say('fraud-notice'),
    ];
    expect(scoreTrainingCall(s, play(s, steps).events, 'agent').misses).toEqual([]);
  });

  it('the exception drill without the re-check script loses 20 (Art. 5(2))', () => {
    const s = scenarios.get('details-changed-exception')!;
    const steps = MODEL['details-changed-exception']!.steps.filter(
      (x) => !(x.kind === 'said' && x.line === 'recheck'),
    );
    expect(scoreTrainingCall(s, play(s, steps).events, 'agent')).toMatchObject({
      score: 80,
      misses: [{ rule: 'recheck-missing', article: 5 }],
    });
  });
});
