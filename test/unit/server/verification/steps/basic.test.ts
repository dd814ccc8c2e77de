// The basic check over HTTP (Art. 5): reserved mobile and ID number compared server-side, one
// answer whichever failed, the exception procedure after three failures, row-locked attempts.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { countRows, DB_KIND, DB_TIMEOUT_MS, dumpDb } from '../../helpers.js';
import {
  createHarness,
  LINA,
  LIUYANG,
  WANGFANG,
  ZHAOMIN,
  type Harness,
} from '../../verification-harness.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

describe(`basic check (${DB_KIND})`, () => {
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

  describe('basic check (Art. 5)', () => {
    it('passes with the reserved mobile in any notation and the ID with a lower-case x', async () => {
      const id = (
        await h.open(h.tokens.agent, { businessType: 'enquiry', callerNumber: LIUYANG.mobile })
      ).json().id;
      const res = await h.basic(h.tokens.agent, id, LIUYANG, {
        mobile: '+86 139 0000 0003',
        nationalId: LIUYANG.nationalId.toLowerCase(),
      });
      expect(res.json()).toMatchObject({
        result: 'passed',
        nextStep: 'confirmation',
        customer: { name: '刘*', mobile: '139****0003', nationalId: '9***************1X' },
      });
    });

    it('never says which field failed: wrong mobile, wrong ID, malformed ID answer alike', async () => {
      const answers = [];
      for (const overrides of [
        { mobile: '13900000002' },
        { nationalId: WANGFANG.nationalId },
        { nationalId: 'not-an-id' },
      ]) {
        await h.reset(); // failures count per customer across sessions (Art. 5(2)): start afresh
        const id = (
          await h.open(h.tokens.agent, { businessType: 'enquiry', customer: LINA })
        ).json().id;
        const res = await h.basic(h.tokens.agent, id, LINA, overrides);
        expect(res.statusCode).toBe(200);
        const { result, attemptsLeft, nextStep, status } = res.json();
        answers.push({ result, attemptsLeft, nextStep, status });
      }
      expect(answers).toEqual(
        Array(3).fill({
          result: 'failed',
          attemptsLeft: 2,
          nextStep: 'basic',
          status: 'in-progress',
        }),
      );
    });

    it('3 failures → exception procedure with a supervisor alert; then every check is refused', async () => {
      const id = (
        await h.open(h.tokens.agent, { businessType: 'important-query', customer: LINA })
      ).json().id;
      expect(
        (await h.basic(h.tokens.agent, id, LINA, { mobile: '13900000009' })).json().attemptsLeft,
      ).toBe(2);
      expect(
        (await h.basic(h.tokens.agent, id, LINA, { mobile: '13900000009' })).json().attemptsLeft,
      ).toBe(1);
      const third = await h.basic(h.tokens.agent, id, LINA, { mobile: '13900000009' });
      expect(third.json()).toMatchObject({
        result: 'exception',
        status: 'exception',
        attemptsLeft: 0,
        nextStep: null,
      });
      expect(await h.alerts('verification-exception')).toEqual([
        expect.objectContaining({ session_id: id, reasons: ['basic-attempts-exhausted'] }),
      ]);
      const before = await dumpDb(h.db);
      for (const res of [
        await h.basic(h.tokens.agent, id, LINA),
        await h.password(h.tokens.agent, id, LINA.query),
        await h.confirm(h.tokens.agent, id),
      ]) {
        expect(res.statusCode).toBe(409);
        expect(res.json().error.message).toMatch(/session has ended \(exception\)/);
      }
      expect(await dumpDb(h.db)).toBe(before);
    });

    it('a session opened for a customer refuses a basic check naming another (409, nothing written)', async () => {
      const id = (await h.open(h.tokens.agent, { businessType: 'enquiry', customer: LINA })).json()
        .id;
      const before = await dumpDb(h.db);
      const res = await h.basic(h.tokens.agent, id, ZHAOMIN);
      expect(res.statusCode).toBe(409);
      expect(await dumpDb(h.db)).toBe(before);
    });

    it('concurrent checks cannot exceed the attempt limit (row lock)', async () => {
      const id = (await h.open(h.tokens.agent, { businessType: 'enquiry', customer: LINA })).json()
        .id;
      const answers = await Promise.all(
        Array.from({ length: 6 }, () =>
          h.basic(h.tokens.agent, id, LINA, { mobile: '13900000009' }),
        ),
      );
      expect(answers.filter((r) => r.statusCode === 200)).toHaveLength(3);
      expect(answers.filter((r) => r.statusCode === 409)).toHaveLength(3);
      const { rows } = await h.db.query<{ basic_failures: number; status: string }>(
        'select basic_failures, status from verification_sessions',
      );
      expect(rows).toEqual([{ basic_failures: 3, status: 'exception' }]);
      expect(await countRows(h.db, 'verification_events')).toBe(3);
    });
  });
});
