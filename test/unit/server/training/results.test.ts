// Training results, standing and the live-call gate (Art. 9): the catalog refuses a bad file by
// name and serves the rest; a result is scored by the service from the trace (the body carries
// no score); an agent's standing passes a course only on passed results at its mark; with
// `--require-training` a live session waits for that course, a training session never does.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { Scenario, type TrainingEvent } from '../../../../common/training.js';
import { scoreTrainingCall } from '../../../../common/training-score.js';
import { loadCatalog } from '../../../../server/training/catalog.js';
import { defaultTrainingDir } from '../../../../server/training/start.js';
import type { TrainingOptions } from '../../../../server/training/options.js';
import { countRows, DB_KIND, DB_TIMEOUT_MS } from '../helpers.js';
import { LINA } from '../verification-harness.js';
import { catalogDir, COURSE, SCENARIO, TC_LI, trainingHarness } from './fixtures.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

const GOOD: TrainingEvent[] = [
  { kind: 'answered', at: 0 },
  { kind: 'said', line: 'greeting', at: 1000 },
  { kind: 'business', business: 'enquiry', at: 2000 },
  { kind: 'said', line: 'ask-details', at: 3000 },
  { kind: 'check', step: 'basic', result: 'passed', at: 4000 },
  { kind: 'said', line: 'read-back', at: 5000 },
  { kind: 'check', step: 'confirmation', result: 'verified', at: 6000 },
  { kind: 'status', status: 'verified', at: 7000 },
  { kind: 'said', line: 'goodbye', at: 8000 },
];
/** Read-back skipped and the wrong business: fails, naming Art. 8 and Art. 4. */
const BAD: TrainingEvent[] = GOOD.filter((e) => !(e.kind === 'said' && e.line === 'read-back')).map(
  (e) => (e.kind === 'business' ? { ...e, business: 'fund-transfer' } : e),
);

describe('the training catalog', () => {
  it('refuses a bad scenario file with its name and why, and serves the rest', async () => {
    const dir = await catalogDir({
      'scenarios/broken.json': JSON.stringify({ ...SCENARIO, id: 'broken', reactions: [] }),
      'scenarios/not-json.json': '{',
      'scenarios/renamed.json': JSON.stringify(SCENARIO),
      'scenarios/stranger.json': JSON.stringify({ ...SCENARIO, id: 'stranger', customer: 'tc-x' }),
      'courses/orphan.json': JSON.stringify({ ...COURSE, id: 'orphan', scenarios: ['broken'] }),
    });
    const { catalog, problems } = await loadCatalog(dir);
    expect(catalog.scenarios.map((s) => s.id)).toEqual(['enquiry-basic']);
    expect(catalog.courses.map((c) => c.id)).toEqual(['basics']);
    expect(catalog.customers).toHaveLength(6);
    expect(problems.map((p) => p.file).sort()).toEqual([
      'courses/orphan.json',
      'scenarios/broken.json',
      'scenarios/not-json.json',
      'scenarios/renamed.json',
      'scenarios/stranger.json',
    ]);
    expect(problems.find((p) => p.file === 'scenarios/broken.json')!.reason).toMatch(/reactions/);
    expect(problems.find((p) => p.file === 'scenarios/not-json.json')!.reason).toBe(
      'not valid JSON',
    );
  });
});

describe(`training results and the live-call gate (${DB_KIND})`, () => {
  let h: Awaited<ReturnType<typeof trainingHarness>>;
  let training: TrainingOptions;
  beforeAll(async () => {
    h = await trainingHarness();
    training = { catalog: (await loadCatalog(await catalogDir())).catalog, requiredCourse: null };
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(async () => {
    await h.reset({ training });
  });

  const post = (token: string, body: object) =>
    h.req('POST', '/api/v1/training/results', token, body);
  const result = (events: TrainingEvent[], extra: object = {}) => ({
    scenarioId: 'enquiry-basic',
    courseId: 'basics',
    sessionId: null,
    events,
    ...extra,
  });
  const openTraining = (token: string) =>
    h.req('POST', '/api/v1/verifications', token, {
      callId: 'training-1',
      callerNumber: TC_LI.mobile,
      businessType: 'enquiry',
      customerId: h.trainee.get('tc-li'),
    });

  it('serves the catalog to any signed-in agent', async () => {
    const res = await h.req('GET', '/api/v1/training/catalog', h.tokens.agent);
    expect(res.statusCode).toBe(200);
    expect(res.json().scenarios.map((s: { id: string }) => s.id)).toEqual(['enquiry-basic']);
    expect((await h.app.inject({ url: '/api/v1/training/catalog' })).statusCode).toBe(401);
    // The repo's own catalog goes out whole through the response schema.
    const own = (await loadCatalog(defaultTrainingDir())).catalog;
    await h.reset({ training: { catalog: own, requiredCourse: null } });
    const served = await h.req('GET', '/api/v1/training/catalog', h.tokens.agent);
    expect(served.statusCode, served.body).toBe(200);
    expect(served.json().scenarios).toHaveLength(own.scenarios.length);
  });

  it('scores the trace itself: a score in the body is refused, the kept one is the rules’', async () => {
    const forged = await post(h.tokens.agent, { ...result(BAD), score: 100, passed: true });
    expect(forged.statusCode).toBe(400);
    expect(await countRows(h.db, 'training_results')).toBe(0);

    const bad = await post(h.tokens.agent, result(BAD));
    expect(bad.statusCode, bad.body).toBe(201);
    const expected = scoreTrainingCall(Scenario.parse(SCENARIO), BAD, 'agent', {
      passMark: 80,
      reservedMobile: TC_LI.mobile,
    });
    expect(bad.json()).toMatchObject({ ...expected, username: 'agent01', name: '张伟' });
    expect(bad.json().passed).toBe(false);
    expect(bad.json().misses).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ rule: 'read-back-missing', article: 8 }),
        expect.objectContaining({ rule: 'business-wrong', article: 4 }),
      ]),
    );
    const good = await post(h.tokens.agent, result(GOOD));
    expect(good.json()).toMatchObject({ score: 100, passed: true, secondsToVerify: 7 });

    expect((await post(h.tokens.agent, result(GOOD, { scenarioId: 'nope' }))).statusCode).toBe(404);
    const outside = await post(h.tokens.agent, result(GOOD, { courseId: 'other' }));
    expect(outside.statusCode).toBe(400);
  });

  it('ties a result to the agent’s own training session, once', async () => {
    const id = (await openTraining(h.tokens.agent)).json().id as string;
    const live = (await h.open(h.tokens.agent, { businessType: 'enquiry', customer: LINA })).json();
    expect((await post(h.tokens.agent2, result(GOOD, { sessionId: id }))).statusCode).toBe(404);
    expect((await post(h.tokens.agent, result(GOOD, { sessionId: live.id }))).statusCode).toBe(404);
    expect((await post(h.tokens.agent, result(GOOD, { sessionId: id }))).statusCode).toBe(201);
    expect((await post(h.tokens.agent, result(GOOD, { sessionId: id }))).statusCode).toBe(409);
    expect(await countRows(h.db, 'training_results')).toBe(1);
  });

  it('passes a course only on a passed result at its mark; others’ standing is for leads', async () => {
    const status = (token: string, username?: string) =>
      h.req('GET', `/api/v1/training/status${username ? `?username=${username}` : ''}`, token);
    expect((await status(h.tokens.agent)).json()).toEqual({
      username: 'agent01',
      courses: [{ courseId: 'basics', passed: false, best: {} }],
      requiredCourse: null,
      clearedForLive: true,
    });
    await post(h.tokens.agent, result(BAD));
    const failed = (await status(h.tokens.agent)).json();
    expect(failed.courses[0].passed).toBe(false);
    expect(failed.courses[0].best['enquiry-basic']).toBeLessThan(80);
    await post(h.tokens.agent, result(GOOD));
    expect((await status(h.tokens.agent)).json().courses[0]).toEqual({
      courseId: 'basics',
      passed: true,
      best: { 'enquiry-basic': 100 },
    });
    // A lead reads an agent's; an agent reading another's is refused and recorded.
    expect((await status(h.tokens.lead, 'agent01')).json().courses[0].passed).toBe(true);
    expect((await status(h.tokens.agent2, 'agent01')).statusCode).toBe(403);
    expect((await h.alerts('over-permission')).map((a) => a.reasons)).toEqual([
      ['view-training-results'],
    ]);
    const list = (token: string, query = '') =>
      h.req('GET', `/api/v1/training/results${query}`, token).then((r) => r.json());
    expect((await list(h.tokens.agent)).results).toHaveLength(2);
    expect((await list(h.tokens.agent2)).results).toEqual([]);
    expect((await list(h.tokens.lead)).results).toHaveLength(2); // the lead's team
    expect((await list(h.tokens.lead2)).results).toEqual([]); // in no team
    expect((await list(h.tokens.lead2, '?team=all')).results).toHaveLength(2);
    expect((await list(h.tokens.lead, '?username=agent02')).results).toEqual([]);
    expect(
      (await h.req('GET', '/api/v1/training/results?team=all', h.tokens.agent)).statusCode,
    ).toBe(403);
  });

  it('keeps an agent who has not passed the required course off live calls, every tier', async () => {
    await h.reset({ training: { ...training, requiredCourse: 'basics' } });
    const refused = await h.open(h.tokens.agent, { businessType: 'enquiry', customer: LINA });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('training-required');
    const lead = await h.open(h.tokens.lead, { businessType: 'enquiry', customer: LINA });
    expect(lead.json().error.code).toBe('training-required');
    // Training itself is open, and nothing of the refusal was written.
    expect((await openTraining(h.tokens.agent)).statusCode).toBe(201);
    expect(await countRows(h.db, 'verification_sessions')).toBe(1);
    await post(h.tokens.agent, result(BAD));
    expect(
      (await h.open(h.tokens.agent, { businessType: 'enquiry', customer: LINA })).statusCode,
    ).toBe(403);
    await post(h.tokens.agent, result(GOOD));
    const status = await h.req('GET', '/api/v1/training/status', h.tokens.agent);
    expect(status.json()).toMatchObject({ requiredCourse: 'basics', clearedForLive: true });
    expect(
      (await h.open(h.tokens.agent, { businessType: 'enquiry', customer: LINA })).statusCode,
    ).toBe(201);
  });
});
