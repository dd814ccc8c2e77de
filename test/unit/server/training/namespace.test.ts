// The training namespace on the records service (Art. 9): live look-ups never see training
// customers and the training look-up sees only them; a session's training mark comes from its
// customer; a training session's passcode goes to the outbox its own agent reads; its exception,
// lock and fraud tell no lead; journal entries skip their effects whenever the service knows the
// call was training, marked or not.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  GENESIS_HASH,
  sealEntry,
  type EntryData,
  type JournalEntry,
} from '../../../../common/journal-chain.js';
import { randomUUID } from 'node:crypto';
import { seedTrainingCustomers } from '../../../../server/training/seed.js';
import { countRows, DB_KIND, DB_TIMEOUT_MS, TEST_COST, TEST_PEPPER } from '../helpers.js';
import { LINA } from '../verification-harness.js';
import { CUSTOMERS, TC_LI, TC_ZHOU, trainingHarness } from './fixtures.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

describe(`the training namespace (${DB_KIND})`, () => {
  let h: Awaited<ReturnType<typeof trainingHarness>>;
  beforeAll(async () => {
    h = await trainingHarness();
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(async () => {
    await h.reset();
  });

  const openTraining = (token: string, key = 'tc-li', extra: object = {}) =>
    h.req('POST', '/api/v1/verifications', token, {
      callId: `training-${randomUUID()}`,
      callerNumber: CUSTOMERS.find((c) => c.key === key)!.mobile,
      callerIdSource: 'pai',
      businessType: 'large-loan',
      customerId: h.trainee.get(key),
      ...extra,
    });
  const basicTraining = (token: string, id: string, customer = TC_LI, nationalId?: string) =>
    h.req('POST', `/api/v1/verifications/${id}/basic`, token, {
      customerId: h.trainee.get(customer.key),
      mobile: customer.mobile,
      nationalId: nationalId ?? customer.nationalId,
    });

  it('is seeded idempotently, hashed like live customers, and never turns a live one', async () => {
    const again = await seedTrainingCustomers(h.db, CUSTOMERS, {
      pepper: TEST_PEPPER,
      passwordCost: TEST_COST,
    });
    expect(again).toBe(0);
    const { rows } = await h.db.query<{ q: string; training: boolean }>(
      'select query_password_hash as q, training from customers order by training',
    );
    expect(rows.filter((r) => r.training)).toHaveLength(CUSTOMERS.length);
    expect(rows.every((r) => r.q.startsWith('scrypt$'))).toBe(true);
    // Two instances starting together: concurrent upserts agree, nothing doubles.
    await Promise.all(
      [0, 1].map(() =>
        seedTrainingCustomers(h.db, CUSTOMERS, { pepper: TEST_PEPPER, passwordCost: TEST_COST }),
      ),
    );
    expect(await countRows(h.db, 'customers')).toBe(rows.length);
  });

  it('keeps live look-ups and the training look-up apart, both ways', async () => {
    const look = (query: string) =>
      h.req('GET', `/api/v1/customers?${query}`, h.tokens.agent).then((r) => r.json());
    expect(await look(`mobile=${TC_LI.mobile}`)).toEqual({ customers: [] });
    const training = await look(`mobile=${TC_LI.mobile}&namespace=training`);
    expect(training.customers).toEqual([
      expect.objectContaining({ id: h.trainee.get('tc-li'), name: '李*' }),
    ]);
    expect((await look(`mobile=${LINA.mobile}&namespace=training`)).customers).toEqual([]);
    expect((await look(`mobile=${LINA.mobile}&namespace=live`)).customers).toHaveLength(2);
    const bad = await h.req(
      'GET',
      `/api/v1/customers?mobile=${LINA.mobile}&namespace=x`,
      h.tokens.agent,
    );
    expect(bad.statusCode).toBe(400);
    // The lead's password-lock search and the archive's customer search see live ones only.
    const locks = await h.req('POST', '/api/v1/password-locks/search', h.tokens.lead, {
      mobile: TC_LI.mobile,
    });
    expect(locks.json().customers).toEqual([]);
    await openTraining(h.tokens.agent);
    await h.open(h.tokens.agent, { businessType: 'enquiry', customer: LINA, callId: 'live-1' });
    const archive = async (customer: string) =>
      (await h.req('GET', `/api/v1/archive/calls?customer=${customer}`, h.tokens.lead)).json()
        .calls as { callId: string }[];
    expect(await archive('170****0101')).toEqual([]);
    expect((await archive('139****0001')).map((c) => c.callId)).toEqual(['live-1']);
  });

  it('derives the training mark from the customer: a desk cannot make a live session training', async () => {
    const live = await h.open(h.tokens.agent, { businessType: 'enquiry', customer: LINA });
    expect(live.json().training).toBe(false);
    const trained = await openTraining(h.tokens.agent);
    expect(trained.statusCode, trained.body).toBe(201);
    expect(trained.json().training).toBe(true);
    const before = await countRows(h.db, 'verification_sessions');
    const forged = await h.req('POST', '/api/v1/verifications', h.tokens.agent, {
      callId: 'call-forged',
      callerNumber: LINA.mobile,
      businessType: 'enquiry',
      customerId: h.ids.get(LINA.name),
      training: true,
    });
    expect(forged.statusCode).toBe(409);
    expect((await openTraining(h.tokens.agent, 'tc-li', { training: false })).statusCode).toBe(409);
    expect(await countRows(h.db, 'verification_sessions')).toBe(before);

    // Opened before the customer is known: a training session names training customers only,
    // a live one live customers only.
    const open = (training?: boolean) =>
      h.req('POST', '/api/v1/verifications', h.tokens.agent, {
        callId: 'call-unknown',
        callerNumber: '13700000000',
        businessType: 'enquiry',
        ...(training === undefined ? {} : { training }),
      });
    const blankTraining = (await open(true)).json();
    expect(blankTraining.training).toBe(true);
    expect((await h.basic(h.tokens.agent, blankTraining.id, LINA)).statusCode).toBe(404);
    expect((await basicTraining(h.tokens.agent, blankTraining.id)).json().result).toBe('passed');
    const blankLive = (await open()).json();
    expect(blankLive.training).toBe(false);
    expect((await basicTraining(h.tokens.agent, blankLive.id)).statusCode).toBe(404);
    expect((await h.basic(h.tokens.agent, blankLive.id, LINA)).json().result).toBe('passed');
  });

  it('puts a training passcode in the outbox for its own agent only, never an SMS', async () => {
    await h.reset({ sms: undefined });
    const id = (await openTraining(h.tokens.agent)).json().id as string;
    expect((await basicTraining(h.tokens.agent, id)).json().result).toBe('passed');
    const password = await h.password(h.tokens.agent, id, TC_LI.transactionPassword);
    expect(password.json().result).toBe('passed');
    const passcode = (token: string, session = id) =>
      h.req('GET', `/api/v1/training/sessions/${session}/passcode`, token);
    expect((await passcode(h.tokens.agent)).statusCode).toBe(404); // none sent yet
    expect((await h.sendOtp(h.tokens.agent, id)).json().result).toBe('sent');
    expect(h.sms.sent).toEqual([]);
    const { code } = (await passcode(h.tokens.agent)).json();
    expect(code).toMatch(/^\d{6}$/);
    expect((await passcode(h.tokens.agent2)).statusCode).toBe(404);
    expect((await passcode(h.tokens.lead)).statusCode).toBe(404);
    expect((await h.verifyOtp(h.tokens.agent, id, code)).json().result).toBe('passed');
    // Confirming before a lead approved: refused in training too, but no lead is alerted ...
    expect((await h.confirm(h.tokens.agent, id)).statusCode).toBe(403);
    expect(await h.alerts()).toEqual([]);
    // ... while another agent reaching into this training session is a real attempt (Art. 10).
    expect((await h.confirm(h.tokens.agent2, id)).statusCode).toBe(403);
    expect((await h.alerts('over-permission')).map((a) => a.reasons)).toEqual([
      ['confirmation-on-another-agents-session'],
    ]);

    // A live session: no outbox, and its passcode is nobody's to read.
    await h.reset();
    const live = (
      await h.open(h.tokens.agent, { businessType: 'large-loan', customer: LINA })
    ).json();
    await h.basic(h.tokens.agent, live.id, LINA);
    await h.password(h.tokens.agent, live.id, LINA.transaction);
    expect((await h.sendOtp(h.tokens.agent, live.id)).json().result).toBe('sent');
    expect(h.sms.sent).toHaveLength(1);
    expect((await passcode(h.tokens.agent, live.id)).statusCode).toBe(404);
    expect(await countRows(h.db, 'training_otp_outbox')).toBe(0);
  });

  it('counts a training session’s failures in that session only, and tells no lead', async () => {
    const first = (await openTraining(h.tokens.agent, 'tc-zhou')).json().id as string;
    let last;
    for (let i = 0; i < 3; i++)
      last = await basicTraining(h.tokens.agent, first, TC_ZHOU, '110101199003070011');
    expect(last!.json().result).toBe('exception');
    expect(await h.alerts()).toEqual([]);
    expect(await countRows(h.db, 'callbacks')).toBe(0);
    // The next trainee starts fresh with the same synthetic customer.
    const next = (await openTraining(h.tokens.agent2, 'tc-zhou')).json();
    expect(next.basic.failures).toBe(0);
    expect((await basicTraining(h.tokens.agent2, next.id, TC_ZHOU)).json().result).toBe('passed');
    // A live exception still opens its follow-up and alerts the leads.
    const live = (await h.open(h.tokens.agent, { businessType: 'enquiry', customer: LINA })).json();
    for (let i = 0; i < 3; i++)
      await h.basic(h.tokens.agent, live.id, LINA, { nationalId: '110101199003070011' });
    expect((await h.alerts()).map((a) => a.kind)).toEqual(['verification-exception']);
  });

  it('suspends a training caller trying several customers in one call, without a lead', async () => {
    // The fraud drill (fraud-many-customers): one call, the caller's ID unknown, three customers.
    const drill = async (token: string, sequence: (typeof CUSTOMERS)[number][]) => {
      const id = (
        await h.req('POST', '/api/v1/verifications', token, {
          callId: `fraud-${randomUUID()}`,
          callerNumber: '17000000188',
          businessType: 'fund-transfer',
          training: true,
        })
      ).json().id as string;
      const results = [];
      for (const c of sequence)
        results.push((await basicTraining(token, id, c, '990101190001010018')).json().result);
      return { id, results };
    };
    const [sun, wu, he] = ['tc-sun', 'tc-wu', 'tc-he'].map((k) =>
      CUSTOMERS.find((c) => c.key === k)!,
    ) as [(typeof CUSTOMERS)[number], (typeof CUSTOMERS)[number], (typeof CUSTOMERS)[number]];
    const first = await drill(h.tokens.agent, [sun, sun, wu, he]);
    expect(first.results).toEqual(['failed', 'failed', 'failed', 'suspended']);
    // Practised again, and by another trainee at once: each run counts itself only.
    const again = await drill(h.tokens.agent, [sun, wu]);
    expect(again.results).toEqual(['failed', 'failed']);
    const other = await drill(h.tokens.agent2, [he, sun]);
    expect(other.results).toEqual(['failed', 'failed']);
    expect(await h.alerts()).toEqual([]);
    const informed = await h.req(
      'POST',
      `/api/v1/verifications/${first.id}/customer-informed`,
      h.tokens.agent,
    );
    expect(informed.statusCode, informed.body).toBe(200);
    expect(informed.json().fraud.customerInformedAt).not.toBeNull();
    // The same number's live calls are counted apart: LINA alone is not several customers.
    const live = await h.open(h.tokens.agent, {
      businessType: 'enquiry',
      customer: LINA,
      callerNumber: '17000000188',
    });
    expect(live.json().status).toBe('in-progress');
  });

  it('counts password misses per training session: trainees never lock each other', async () => {
    const session = async (token: string) => {
      const id = (await openTraining(token)).json().id as string;
      expect((await basicTraining(token, id)).json().result).toBe('passed');
      return id;
    };
    const [mine, theirs] = [await session(h.tokens.agent), await session(h.tokens.agent2)];
    const miss = (token: string, id: string) => h.password(token, id, '000000');
    const results = [];
    for (let i = 0; i < 5; i++) results.push((await miss(h.tokens.agent, mine)).json().result);
    expect(results).toEqual(['failed', 'failed', 'failed', 'failed', 'locked']);
    expect((await miss(h.tokens.agent, mine)).statusCode).not.toBe(200); // locked: no more tries
    expect((await miss(h.tokens.agent2, theirs)).json().attemptsLeft).toBe(4);
    const ok = await h.password(h.tokens.agent2, theirs, TC_LI.transactionPassword);
    expect(ok.json().result).toBe('passed');
    // The next practice run starts unlocked; the shared (live) counters were never written.
    const again = await session(h.tokens.agent);
    expect((await miss(h.tokens.agent, again)).json().attemptsLeft).toBe(4);
    expect(await countRows(h.db, 'password_failures')).toBe(0);
    expect(await h.alerts()).toEqual([]);
  });

  it('never dials a training session’s call-back: no number reaches the desk', async () => {
    const id = (await openTraining(h.tokens.agent)).json().id as string;
    expect((await basicTraining(h.tokens.agent, id)).json().result).toBe('passed');
    const dial = await h.req('POST', `/api/v1/verifications/${id}/callback-dial`, h.tokens.agent);
    expect(dial.statusCode).toBe(409);
    expect(dial.json().error.message).toMatch(/cannot ring a real phone/);
    expect(dial.body).not.toContain(TC_LI.mobile);
    expect(await countRows(h.db, 'verification_callbacks')).toBe(0);
  });

  it('archives training-marked journal entries marked, skipping effects only of training calls', async () => {
    const training = (await openTraining(h.tokens.agent)).json();
    const live = (await h.open(h.tokens.agent, { businessType: 'enquiry', customer: LINA })).json();
    const deviceId = `desk-training-${randomUUID().slice(0, 8)}`;
    const specs: { type: string; callId: string; data: EntryData }[] = [
      {
        type: 'callback.requested',
        callId: training.callId,
        data: { customerRef: '170****0101', reason: 'records-outage', training: true },
      },
      {
        type: 'complaint.recorded',
        callId: 'call-x',
        data: { category: 'service', summary: '培训投诉', sessionId: training.id, training: true },
      },
      {
        type: 'callback.requested',
        callId: live.callId,
        data: { customerRef: '139****0001', reason: 'records-outage', training: true },
      },
      {
        type: 'complaint.recorded',
        callId: 'call-y',
        data: {
          category: 'service',
          summary: '真实投诉',
          customerId: h.ids.get(LINA.name)!,
          training: true,
        },
      },
      {
        type: 'callback.requested',
        callId: 'call-z',
        data: { customerRef: '139****0002', reason: 'records-outage' },
      },
      // Unmarked (a desk that lost its marks) but about the training session: skipped all the same.
      {
        type: 'callback.requested',
        callId: training.callId,
        data: { customerRef: '170****0101', reason: 'records-outage' },
      },
      {
        type: 'complaint.recorded',
        callId: 'call-w',
        data: { category: 'service', summary: '未标记的培训投诉', sessionId: training.id },
      },
    ];
    const entries: JournalEntry[] = [];
    for (const [i, spec] of specs.entries())
      entries.push(
        await sealEntry({
          deviceId,
          seq: i + 1,
          id: randomUUID(),
          at: new Date(h.clock.now.getTime() - 1000).toISOString(),
          agent: 'agent01',
          callId: spec.callId,
          type: spec.type,
          data: spec.data,
          prevHash: entries.at(-1)?.hash ?? GENESIS_HASH,
        }),
      );
    const res = await h.req('POST', '/api/v1/journal/batches', h.tokens.agent, {
      deviceId,
      entries,
    });
    expect(res.json().results.map((r: { status: string }) => r.status)).toEqual(
      Array(7).fill('applied'),
    );
    expect(await countRows(h.db, 'journal_training_entries')).toBe(6);
    const callbacks = await h.db.query<{ call_id: string }>(
      "select call_id from callbacks where kind <> 'exception' order by call_id",
    );
    expect(callbacks.rows.map((r) => r.call_id)).toEqual([live.callId, 'call-z'].sort());
    const complaints = await h.db.query<{ call_id: string }>('select call_id from complaints');
    expect(complaints.rows.map((r) => r.call_id)).toEqual(['call-y']);
  });
});
