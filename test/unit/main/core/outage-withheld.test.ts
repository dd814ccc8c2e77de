// A withheld caller's call-back (Art. 12): recordable for the customer chosen on the call, under
// a masked reference saying so; without a chosen customer it is refused and nothing is journaled.
import { describe, expect, it } from 'vitest';
import { WITHHELD_CALLER_REF } from '../../../../common/callback-reason.js';
import { CallbackRequest } from '../../../../common/connectivity.js';
import { MaskedRef } from '../../../../common/journal-chain.js';
import { outageHandlers } from '../../../../main/core/outage.js';

const CUSTOMER = '5b1b0f3e-8f0e-4c59-9a51-6f3f0e0c1a01';

function setup() {
  const appended: { type: string; data: Record<string, unknown> }[] = [];
  const handlers = outageHandlers({
    journal: {
      append: async (type: string, data: unknown) => {
        appended.push({ type, data: data as Record<string, unknown> });
        return { id: '0d7c4a4e-3f8a-4b8e-9a7f-1c2d3e4f5a6b', seq: appended.length, at: 'now' };
      },
    } as never,
    logger: { info: () => undefined } as never,
    session: () => ({ agent: { username: 'agent01' } }) as never,
  });
  return { appended, handler: handlers['outage:callback'] as (r: object) => Promise<unknown> };
}

describe('a withheld caller’s call-back', () => {
  it('the contract takes no number only with the customer chosen', () => {
    const base = { callId: 'call-1', window: 'asap' };
    expect(CallbackRequest.safeParse({ ...base, customerId: CUSTOMER }).success).toBe(true);
    expect(CallbackRequest.safeParse(base).success).toBe(false);
    expect(CallbackRequest.safeParse({ ...base, callerNumber: '13900000001' }).success).toBe(true);
    expect(MaskedRef.safeParse(WITHHELD_CALLER_REF).success).toBe(true);
  });

  it('journals the request with the withheld reference and the customer', async () => {
    const { appended, handler } = setup();
    const recorded = await handler({ callId: 'call-1', customerId: CUSTOMER, window: 'today' });
    expect(recorded).toMatchObject({ customerRef: WITHHELD_CALLER_REF });
    expect(appended).toEqual([
      {
        type: 'callback.requested',
        data: expect.objectContaining({ customerRef: WITHHELD_CALLER_REF, customerId: CUSTOMER }),
      },
    ]);
    await expect(handler({ callId: 'call-2', window: 'today' })).rejects.toMatchObject({
      code: 'bad-request',
    });
    expect(appended).toHaveLength(1);
  });
});
