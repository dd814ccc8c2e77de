// The keypad satisfaction survey over HTTP (Art. 22): the session's own agent records one answer
// once the business is done; another agent is refused and recorded (Art. 10); a second answer, an
// answer while the session runs, or bad input changes nothing; leads read it back.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { asSuperuser, DB_KIND, DB_TIMEOUT_MS, dumpDb } from '../helpers.js';
import { createHarness, LINA, through, type Harness } from '../verification-harness.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

describe(`keypad satisfaction survey (${DB_KIND})`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(async () => {
    await h.reset();
  });

  const post = (token: string, id: string, body: object) =>
    h.req('POST', `/api/v1/sessions/${id}/survey`, token, body);
  const get = (token: string, id: string) => h.req('GET', `/api/v1/sessions/${id}/survey`, token);
  /** A session of agent01's in the given status (the steps themselves are other suites' work). */
  const sessionIn = async (status: string, training = false) => {
    const id = await through(h, h.tokens.agent, 'enquiry', LINA);
    await asSuperuser(
      h.db,
      `update verification_sessions set status = '${status}', training = ${training}
        where id = '${id}'`,
    );
    return id;
  };

  it('records a rating once for a session verified through its steps; a lead reads it back', async () => {
    const id = await through(h, h.tokens.agent, 'enquiry', LINA, ['basic']);
    const confirmed = await h.confirm(h.tokens.agent, id);
    expect(confirmed.json().status).toBe('verified');
    h.tick(30);
    const res = await post(h.tokens.agent, id, { outcome: 'rated', rating: 5 });
    expect(res.statusCode).toBe(201);
    const record = {
      sessionId: id,
      callId: 'call-1',
      agent: 'agent01',
      agentName: expect.any(String),
      outcome: 'rated',
      rating: 5,
      recordedAt: h.clock.now.toISOString(),
      training: false,
    };
    expect(res.json()).toEqual(record);
    expect((await get(h.tokens.lead, id)).json()).toEqual(record);
    // The log says that an answer came, never the digit.
    const line = h.logs.find((l) => l.includes('survey recorded'));
    expect(line).toBeDefined();
    expect(line).not.toMatch(/"rating"/);
  });

  it('records declined and no-answer without a rating, for every ended status but suspended', async () => {
    for (const [status, outcome] of [
      ['not-confirmed', 'declined'],
      ['exception', 'no-answer'],
      ['password-reset', 'declined'],
      ['password-locked', 'no-answer'],
      ['denied', 'declined'],
    ] as const) {
      const id = await sessionIn(status);
      const res = await post(h.tokens.agent, id, { outcome });
      expect(res.statusCode, status).toBe(201);
      expect(res.json()).toMatchObject({ outcome, rating: null });
    }
  });

  it('refuses an answer while the business runs, waits for a lead, or is suspended (409, nothing written)', async () => {
    for (const status of ['in-progress', 'awaiting-approval', 'suspended']) {
      const id = await sessionIn(status);
      const before = await dumpDb(h.db);
      const res = await post(h.tokens.agent, id, { outcome: 'rated', rating: 4 });
      expect(res.statusCode, status).toBe(409);
      expect(res.json().error.message).toContain(status);
      expect(await dumpDb(h.db)).toBe(before);
    }
  });

  it('a second answer is a conflict and the first stands', async () => {
    const id = await sessionIn('verified');
    expect((await post(h.tokens.agent, id, { outcome: 'rated', rating: 2 })).statusCode).toBe(201);
    const before = await dumpDb(h.db);
    for (const body of [{ outcome: 'rated', rating: 5 }, { outcome: 'declined' }]) {
      const again = await post(h.tokens.agent, id, body);
      expect(again.statusCode).toBe(409);
      expect(again.json().error).toEqual({
        code: 'conflict',
        message: expect.stringMatching(/already recorded/),
      });
    }
    expect(await dumpDb(h.db)).toBe(before);
    expect((await get(h.tokens.lead, id)).json()).toMatchObject({ outcome: 'rated', rating: 2 });
  });

  it('two answers at once: exactly one is recorded', async () => {
    const id = await sessionIn('verified');
    const answers = await Promise.all([
      post(h.tokens.agent, id, { outcome: 'rated', rating: 1 }),
      post(h.tokens.agent, id, { outcome: 'no-answer' }),
    ]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409]);
    const { rows } = await h.db.query('select * from session_surveys where session_id = $1', [id]);
    expect(rows).toHaveLength(1);
  });

  it('another agent, even a lead, may not answer for the session: 403, recorded (Art. 10)', async () => {
    const id = await sessionIn('verified');
    for (const token of [h.tokens.agent2, h.tokens.lead]) {
      const res = await post(token, id, { outcome: 'rated', rating: 5 });
      expect(res.statusCode).toBe(403);
    }
    const alerts = await h.alerts('over-permission');
    // Both at the same clock reading: compared in a fixed order, not the database's.
    const seen = alerts.map((a) => [a.agent_username, a.session_id, a.reasons]);
    expect(seen.sort((x, y) => String(x[0]).localeCompare(String(y[0])))).toEqual([
      ['agent02', id, ['record-another-agents-survey']],
      ['lead01', id, ['record-another-agents-survey']],
    ]);
    expect((await get(h.tokens.lead, id)).statusCode).toBe(404);
  });

  it('bad input is a 400 and changes nothing; an unknown session is a 404; no token is a 401', async () => {
    const id = await sessionIn('verified');
    const before = await dumpDb(h.db);
    for (const body of [
      {},
      { outcome: 'rated' },
      { outcome: 'rated', rating: 0 },
      { outcome: 'rated', rating: 6 },
      { outcome: 'rated', rating: 4.5 },
      { outcome: 'rated', rating: '5' },
      { outcome: 'declined', rating: 3 },
      { outcome: 'no-answer', rating: null },
      { outcome: 'happy' },
      { outcome: 'rated', rating: 5, extra: true },
    ]) {
      const res = await post(h.tokens.agent, id, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('bad-request');
    }
    expect((await post(h.tokens.agent, 'not-a-uuid', { outcome: 'declined' })).statusCode).toBe(
      400,
    );
    expect(await dumpDb(h.db)).toBe(before);
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await post(h.tokens.agent, unknown, { outcome: 'declined' })).statusCode).toBe(404);
    const anonymous = await h.app.inject({
      method: 'POST',
      url: `/api/v1/sessions/${id}/survey`,
      payload: { outcome: 'declined' },
    });
    expect(anonymous.statusCode).toBe(401);
    expect(await dumpDb(h.db)).toBe(before);
  });

  it('a training session’s answer is accepted and read back marked as training', async () => {
    const id = await sessionIn('verified', true);
    const res = await post(h.tokens.agent, id, { outcome: 'rated', rating: 3 });
    expect(res.statusCode).toBe(201);
    expect(res.json().training).toBe(true);
    expect((await get(h.tokens.lead, id)).json().training).toBe(true);
  });

  it('reading an answer is for leads: an agent is refused (403, recorded); none yet is a 404', async () => {
    const id = await sessionIn('verified');
    expect((await get(h.tokens.lead, id)).statusCode).toBe(404);
    await post(h.tokens.agent, id, { outcome: 'declined' });
    const refused = await get(h.tokens.agent, id);
    expect(refused.statusCode).toBe(403);
    const alerts = await h.alerts('over-permission');
    expect(alerts.map((a) => [a.agent_username, a.reasons])).toEqual([
      ['agent01', ['read-survey']],
    ]);
    expect((await get(h.tokens.lead, id)).json()).toMatchObject({ outcome: 'declined' });
  });

  it('the table keeps answers as recorded: an update or delete is refused', async () => {
    const id = await sessionIn('verified');
    await post(h.tokens.agent, id, { outcome: 'rated', rating: 4 });
    await expect(
      h.db.query('update session_surveys set rating = 5 where session_id = $1', [id]),
    ).rejects.toThrow();
    await expect(
      h.db.query('delete from session_surveys where session_id = $1', [id]),
    ).rejects.toThrow();
  });
});
