// Art. 18 emergency steps on a fraud alert over HTTP: the suspension records itself, the agent
// records that the customer was informed, a lead the police report (with its case number) and
// the contact; each once, with who and when. Below lead is refused and recorded; bad input
// changes nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { countRows, DB_KIND, DB_TIMEOUT_MS, dumpDb } from '../helpers.js';
import {
  createHarness,
  LINA,
  LIUYANG,
  T0,
  WANGFANG,
  type Harness,
} from '../verification-harness.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

describe(`fraud emergency steps (${DB_KIND})`, () => {
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

  /** One caller number tries a third customer: the agent's session is suspended (Art. 18). */
  async function suspended(): Promise<{ sessionId: string; alertId: string }> {
    const caller = '13700000000';
    for (const customer of [LINA, WANGFANG]) {
      const id = (
        await h.open(h.tokens.agent, { businessType: 'enquiry', callerNumber: caller })
      ).json().id;
      await h.basic(h.tokens.agent, id, customer, { mobile: '13900000009' });
    }
    const sessionId = (
      await h.open(h.tokens.agent, { businessType: 'enquiry', callerNumber: caller })
    ).json().id;
    expect((await h.basic(h.tokens.agent, sessionId, LIUYANG)).json().status).toBe('suspended');
    const alerts = (await h.req('GET', '/api/v1/alerts?kind=fraud-suspected', h.tokens.lead)).json()
      .alerts;
    expect(alerts).toHaveLength(1);
    return { sessionId, alertId: alerts[0].id };
  }

  const step = (token: string, alertId: string, name: string, body: object = {}) =>
    h.req('POST', `/api/v1/alerts/${alertId}/emergency-steps/${name}`, token, body);

  it('the suspension records business-suspended itself; GET of the alert returns the steps', async () => {
    const { alertId } = await suspended();
    const alert = (await h.req('GET', `/api/v1/alerts/${alertId}`, h.tokens.lead)).json();
    expect(alert).toMatchObject({
      kind: 'fraud-suspected',
      emergencySteps: [
        {
          step: 'business-suspended',
          doneBy: null,
          doneAt: T0.toISOString(),
          policeCaseNumber: null,
          note: null,
        },
      ],
    });
    // Other kinds have no emergency procedure.
    const others = (await h.req('GET', '/api/v1/alerts', h.tokens.lead)).json().alerts;
    for (const a of others.filter((x: { kind: string }) => x.kind !== 'fraud-suspected'))
      expect(a.emergencySteps).toBeNull();
  });

  it('the agent marks the customer informed once; a lead reports to the police and the contact', async () => {
    const { sessionId, alertId } = await suspended();
    h.tick(30);
    const informed = await h.req(
      'POST',
      `/api/v1/verifications/${sessionId}/customer-informed`,
      h.tokens.agent,
    );
    expect(informed.statusCode).toBe(200);
    const at = informed.json().fraud.customerInformedAt;
    expect(at).toBe(new Date(T0.getTime() + 30_000).toISOString());
    // Again (a retry): the same answer, nothing written twice.
    h.tick(5);
    const again = await h.req(
      'POST',
      `/api/v1/verifications/${sessionId}/customer-informed`,
      h.tokens.agent,
    );
    expect(again.json().fraud.customerInformedAt).toBe(at);
    expect(await countRows(h.db, 'alert_emergency_steps')).toBe(2);

    h.tick(600);
    const police = await step(h.tokens.lead, alertId, 'reported-to-police', {
      policeCaseNumber: '  京公(朝)立字[2026]1234号 ',
      note: '已向属地派出所报案',
    });
    expect(police.statusCode).toBe(200);
    h.tick(60);
    expect((await step(h.tokens.lead, alertId, 'customer-contacted')).statusCode).toBe(200);
    const steps = (await h.req('GET', `/api/v1/alerts/${alertId}`, h.tokens.lead)).json()
      .emergencySteps;
    expect(steps).toEqual([
      expect.objectContaining({ step: 'business-suspended', doneBy: null }),
      expect.objectContaining({ step: 'customer-informed', doneBy: 'agent01', doneAt: at }),
      {
        step: 'reported-to-police',
        doneBy: 'lead01',
        doneAt: new Date(T0.getTime() + 635_000).toISOString(),
        policeCaseNumber: '京公(朝)立字[2026]1234号',
        note: '已向属地派出所报案',
      },
      expect.objectContaining({ step: 'customer-contacted', doneBy: 'lead01', note: null }),
    ]);
    // The lead's retry of the very same record is answered, not duplicated.
    const retry = await step(h.tokens.lead, alertId, 'reported-to-police', {
      policeCaseNumber: '京公(朝)立字[2026]1234号',
      note: '已向属地派出所报案',
    });
    expect(retry.statusCode).toBe(200);
    expect(retry.json().emergencySteps).toEqual(steps);
  });

  it('below lead is refused and recorded; another agent cannot mark the customer informed', async () => {
    const { sessionId, alertId } = await suspended();
    const res = await step(h.tokens.agent, alertId, 'customer-contacted');
    expect(res.statusCode).toBe(403);
    expect((await step(h.tokens.senior, alertId, 'customer-contacted')).statusCode).toBe(403);
    expect((await h.req('GET', `/api/v1/alerts/${alertId}`, h.tokens.agent)).statusCode).toBe(403);
    const other = await h.req(
      'POST',
      `/api/v1/verifications/${sessionId}/customer-informed`,
      h.tokens.agent2,
    );
    expect(other.statusCode).toBe(403);
    expect((await h.alerts('over-permission')).map((a) => a.reasons[0]).sort()).toEqual([
      'inform-another-agents-customer',
      'read-alert',
      'record-emergency-step',
      'record-emergency-step',
    ]);
    expect(await countRows(h.db, 'alert_emergency_steps')).toBe(1);
  });

  it('bad input gets a clear error and changes nothing', async () => {
    const { alertId } = await suspended();
    expect((await step(h.tokens.lead, alertId, 'customer-contacted')).statusCode).toBe(200);
    await h.req('GET', '/api/v1/alerts', h.tokens.agent); // an over-permission alert
    const { rows } = await h.db.query<{ id: string }>(
      "select id from alerts where kind <> 'fraud-suspected' limit 1",
    );
    const before = await dumpDb(h.db);
    const cases: [string, string, object, number, RegExp][] = [
      [alertId, 'reported-to-police', {}, 400, /case number/],
      [alertId, 'reported-to-police', { policeCaseNumber: '   ' }, 400, /policeCaseNumber/],
      [alertId, 'reported-to-police', { policeCaseNumber: 'x'.repeat(65) }, 400, /64/],
      [alertId, 'customer-informed', { policeCaseNumber: 'A-1' }, 400, /reported-to-police only/],
      [alertId, 'customer-informed', { note: 'a\u0007b' }, 400, /control/],
      [alertId, 'customer-informed', { extra: 1 }, 400, /extra|unrecognized/i],
      [alertId, 'called-the-bank', {}, 400, /step/],
      [alertId, 'business-suspended', {}, 409, /suspension itself/],
      [alertId, 'customer-contacted', { note: 'again' }, 409, /recorded already/],
      [rows[0]!.id, 'customer-contacted', {}, 409, /no emergency procedure/],
      ['00000000-0000-4000-8000-000000000000', 'customer-contacted', {}, 404, /no such alert/],
      ['not-a-uuid', 'customer-contacted', {}, 400, /id/],
    ];
    for (const [id, name, body, status, message] of cases) {
      const res = await step(h.tokens.lead, id, name, body);
      expect(res.statusCode, `${name} ${JSON.stringify(body)}`).toBe(status);
      expect(res.json().error.message).toMatch(message);
    }
    expect(await dumpDb(h.db)).toBe(before);
    // The agent's route: a session that is not suspended has nothing to inform of.
    const open = (await h.open(h.tokens.agent, { businessType: 'enquiry', customer: LINA })).json()
      .id;
    const opened = await dumpDb(h.db);
    const url = (id: string) => `/api/v1/verifications/${id}/customer-informed`;
    expect((await h.req('POST', url(open), h.tokens.agent)).statusCode).toBe(409);
    expect(await dumpDb(h.db)).toBe(opened);
  });
});
