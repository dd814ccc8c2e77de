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
/** Read-back skipped and the wrong business (a transfer, password keyed): fails, Art. 8 and 4. */
const BAD: TrainingEvent[] = GOOD.filter((e) => !(e.kind === 'said' && e.line === 'read-back'))
  .map((e) => (e.kind === 'business' ? { ...e, business: 'fund-transfer' as const } : e))
  .flatMap((e) =>
    e.kind === 'check' && e.step === 'basic'
      ? [e, { kind: 'check', step: 'password', result: 'passed', at: 4500 } as const]
      : [e],
  );

describe('the training catalog', () => {
  it('refuses a bad scenario file with its name and why, and serves the rest', async () => {
    const dir = await catalogDir({
      'scenarios/broken.json': JSON.stringify({ ...SCENARIO, id: 'broken', reactions: [] }),
      'scenarios/not-json.json': '{',
      'scenarios/renamed.json': JSON.stringify(SCENARIO),
      'scenarios/stranger.json': JSON.stringify({ ...SCENARIO, id: 'stranger', customer: 'tc-x' }),
      'scenarios/mumbles.json': JSON.stringify({
        ...SCENARIO,
        id: 'mumbles',
        reactions: [{ on: { answered: true }, do: [{ do: 'say', prompt: 'no-such-prompt' }] }],
      }),
      'scenarios/as-nobody.json': JSON.stringify({
        ...SCENARIO,
        id: 'as-nobody',
        reactions: [
          { on: { answered: true }, do: [{ do: 'say', prompt: 'give-details', as: 'tc-nobody' }] },
        ],
      }),
      'courses/orphan.json': JSON.stringify({ ...COURSE, id: 'orphan', scenarios: ['broken'] }),
    });
    const { catalog, problems } = await loadCatalog(dir);
    expect(catalog.scenarios.map((s) => s.id)).toEqual(['enquiry-basic']);
    expect(catalog.courses.map((c) => c.id)).toEqual(['basics']);
    expect(catalog.customers).toHaveLength(6);
    expect(problems.map((p) => p.file).sort()).toEqual([
      'courses/orphan.json',
      'scenarios/as-nobody.json',
      'scenarios/broken.json',
      'scenarios/mumbles.json',
      'scenarios/not-json.json',
      'scenarios/renamed.json',
      'scenarios/stranger.json',
    ]);
    expect(problems.find((p) => p.file === 'scenarios/broken.json')!.reason).toMatch(/reactions/);
    expect(problems.find((p) => p.file === 'scenarios/not-json.json')!.reason).toBe(
      'not valid JSON',
    );
    const why = (file: string) => problems.find((p) => p.file === file)!.reason;
    expect(why('scenarios/mumbles.json')).toMatch(/no prompt no-such-prompt in prompts\.json/);
    expect(why('scenarios/as-nobody.json')).toMatch(/tc-nobody is not a training customer/);
    expect(why('scenarios/stranger.json')).toMatch(/tc-x is not a training customer/);
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
  const result = (events: TrainingEvent[], sessionId: string | null, extra: object = {}) => ({
    scenarioId: 'enquiry-basic',
    courseId: 'basics',
    sessionId,
    events,
    ...extra,
  });
  let calls = 0;
  const openTraining = (token: string, businessType = 'enquiry') =>
    h.req('POST', '/api/v1/verifications', token, {
      callId: `training-${(calls += 1)}`,
      callerNumber: TC_LI.mobile,
      businessType,
      customerId: h.trainee.get('tc-li'),
    });
  /** A training call really played to "verified": the session GOOD (or BAD, a transfer) traces. */
  const played = async (token = h.tokens.agent, businessType = 'enquiry'): Promise<string> => {
    const id = (await openTraining(token, businessType)).json().id as string;
    const basic = await h.req('POST', `/api/v1/verifications/${id}/basic`, token, {
      customerId: h.trainee.get('tc-li'),
      mobile: TC_LI.mobile,
      nationalId: TC_LI.nationalId,
    });
    expect(basic.json().result).toBe('passed');
    if (businessType === 'fund-transfer')
      expect((await h.password(token, id, TC_LI.transactionPassword)).json().result).toBe('passed');
    expect((await h.confirm(token, id)).json().status).toBe('verified');
    return id;
  };

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
    const transfer = await played(h.tokens.agent, 'fund-transfer');
    const forged = await post(h.tokens.agent, {
      ...result(BAD, transfer),
      score: 100,
      passed: true,
    });
    expect(forged.statusCode).toBe(400);
    expect(await countRows(h.db, 'training_results')).toBe(0);

    const bad = await post(h.tokens.agent, result(BAD, transfer));
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
    const id = await played();
    const good = await post(h.tokens.agent, result(GOOD, id));
    expect(good.json()).toMatchObject({ score: 100, passed: true, secondsToVerify: 7 });

    const other = await played();
    const nope = await post(h.tokens.agent, result(GOOD, other, { scenarioId: 'nope' }));
    expect(nope.statusCode).toBe(404);
    const outside = await post(h.tokens.agent, result(GOOD, other, { courseId: 'other' }));
    expect(outside.statusCode).toBe(400);
  });

  it('ties a result to the agent’s own ended training session, once', async () => {
    const id = await played();
    const live = (await h.open(h.tokens.agent, { businessType: 'enquiry', customer: LINA })).json();
    expect((await post(h.tokens.agent2, result(GOOD, id))).statusCode).toBe(404);
    expect((await post(h.tokens.agent, result(GOOD, live.id))).statusCode).toBe(404);
    expect((await post(h.tokens.agent, result(GOOD, id))).statusCode).toBe(201);
    expect((await post(h.tokens.agent, result(GOOD, id))).statusCode).toBe(409);
    expect(await countRows(h.db, 'training_results')).toBe(1);
  });

  it('refuses a made-up trace: no session, an open one, or checks the session never saw', async () => {
    const refused = async (body: object, why: RegExp) => {
      const res = await post(h.tokens.agent, body);
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json().error.message).toMatch(why);
    };
    await refused(result(GOOD, null), /names the training session/);
    const open = (await openTraining(h.tokens.agent)).json().id as string;
    await refused(result(GOOD, open), /not ended/);
    const id = await played();
    const forged = GOOD.map((e) =>
      e.kind === 'check' && e.step === 'basic' ? { ...e, result: 'failed' as const } : e,
    );
    await refused(result(forged, id), /check 1 \(basic failed\).*basic passed/);
    const extra = [...GOOD, { kind: 'check', step: 'otp', result: 'passed', at: 9000 } as const];
    await refused(result(extra, id), /nothing more/);
    const fewer = GOOD.filter((e) => !(e.kind === 'check' && e.step === 'basic'));
    await refused(result(fewer, id), /check 1 \(confirmation verified\)/);
    const loan = GOOD.map((e) =>
      e.kind === 'business' ? { ...e, business: 'large-loan' as const } : e,
    );
    await refused(result(loan, id), /business "large-loan"/);
    const denied = [...GOOD, { kind: 'status', status: 'not-confirmed', at: 9000 } as const];
    await refused(result(denied, id), /ends not-confirmed/);
    // Another scenario's customer: the session is tc-li's, this scenario is tc-zhou's.
    await h.reset({
      training: {
        catalog: {
          ...training.catalog,
          scenarios: [Scenario.parse({ ...SCENARIO, id: 'zhou', customer: 'tc-zhou' })],
        },
        requiredCourse: null,
      },
    });
    const zhou = await played();
    await refused({ ...result(GOOD, zhou), scenarioId: 'zhou', courseId: null }, /customer/);
    expect(await countRows(h.db, 'training_results')).toBe(0);
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
    await post(h.tokens.agent, result(BAD, await played(h.tokens.agent, 'fund-transfer')));
    const failed = (await status(h.tokens.agent)).json();
    expect(failed.courses[0].passed).toBe(false);
    expect(failed.courses[0].best['enquiry-basic']).toBeLessThan(80);
    await post(h.tokens.agent, result(GOOD, await played()));
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
    await post(h.tokens.agent, result(BAD, await played(h.tokens.agent, 'fund-transfer')));
    expect(
      (await h.open(h.tokens.agent, { businessType: 'enquiry', customer: LINA })).statusCode,
    ).toBe(403);
    await post(h.tokens.agent, result(GOOD, await played()));
    const status = await h.req('GET', '/api/v1/training/status', h.tokens.agent);
    expect(status.json()).toMatchObject({ requiredCourse: 'basics', clearedForLive: true });
    expect(
      (await h.open(h.tokens.agent, { businessType: 'enquiry', customer: LINA })).statusCode,
    ).toBe(201);
  });
});
