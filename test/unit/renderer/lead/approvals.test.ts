// The lead's approvals inbox (Art. 10): there only for leads (not admins), refreshed on push, and a
// decision always carries a reason.
import { describe, expect, it } from 'vitest';
import type { Approval } from '../../../../common/records-api.js';
import { fail, ok } from '../../../../common/result.js';
import { createAppController } from '../../../../renderer/state/app-controller.js';
import { createApprovalsController } from '../../../../renderer/lead/approvals.js';
import { demoAgent, fakeAgentDesk, settle, type FakeHandlers } from '../fake-agent-desk.js';
import { session } from '../verification/fixtures.js';
import { pendingApproval } from './fixtures.js';

async function setup(tier: 'agent' | 'lead', handlers: FakeHandlers = {}) {
  let list = [pendingApproval(), pendingApproval('80000000-0000-4000-8000-000000000002')];
  const api = fakeAgentDesk({
    'auth:current': () => ok({ agent: { ...demoAgent, tier } }),
    'approvals:list': () => ok({ approvals: list }),
    'approvals:decide': ({ approvalId, approve, reason }) => {
      const decided = {
        ...list.find((a) => a.id === approvalId)!,
        status: approve ? ('approved' as const) : ('denied' as const),
        decisionReason: reason,
        decidedBy: 'lead01',
      };
      list = list.filter((a) => a.id !== approvalId);
      return ok({ approval: decided, session: session() });
    },
    ...handlers,
  });
  const app = createAppController(api);
  app.start();
  const approvals = createApprovalsController({ api, session: app.stores.session });
  approvals.start();
  await settle();
  await settle();
  return {
    api,
    approvals,
    state: () => approvals.store.getState(),
    setList: (next: Approval[]) => (list = next),
  };
}

describe('approvals inbox', () => {
  it('is not there for an agent, and asks nothing', async () => {
    const t = await setup('agent');
    expect(t.state().enabled).toBe(false);
    expect(t.api.callsTo('approvals:list')).toEqual([]);
    expect(await t.approvals.decide('80000000-0000-4000-8000-000000000001', true, 'ok')).toBe(
      false,
    );
  });

  it('lists the pending approvals for a lead and refreshes when main says they changed', async () => {
    const t = await setup('lead');
    expect(t.state()).toMatchObject({ enabled: true, loaded: true });
    expect(t.state().approvals).toHaveLength(2);
    t.setList([pendingApproval()]);
    t.api.emit('approvals:changed', { pending: 1 });
    await settle();
    expect(t.state().approvals.map((a) => a.id)).toEqual(['80000000-0000-4000-8000-000000000001']);
  });

  it('sends a decision only with a reason, and takes it off the list', async () => {
    const t = await setup('lead');
    expect(await t.approvals.decide('80000000-0000-4000-8000-000000000001', true, '   ')).toBe(
      false,
    );
    expect(
      await t.approvals.decide(
        '80000000-0000-4000-8000-000000000001',
        false,
        ' caller not on reserved mobile ',
      ),
    ).toBe(true);
    expect(t.api.callsTo('approvals:decide')).toEqual([
      {
        approvalId: '80000000-0000-4000-8000-000000000001',
        approve: false,
        reason: 'caller not on reserved mobile',
      },
    ]);
    await settle();
    expect(t.state().approvals.map((a) => a.id)).toEqual(['80000000-0000-4000-8000-000000000002']);
  });

  it('says why a decision or the list failed', async () => {
    const t = await setup('lead', {
      'approvals:decide': () => fail('forbidden', 'own session'),
      'approvals:list': () => fail('unavailable', 'down'),
    });
    expect(t.state().problem).toBe('unavailable');
    t.approvals.store.dispatch({ type: 'loaded', approvals: [pendingApproval()] });
    expect(await t.approvals.decide('80000000-0000-4000-8000-000000000001', true, 'fine')).toBe(
      false,
    );
    expect(t.state().decideProblem).toEqual({
      approvalId: '80000000-0000-4000-8000-000000000001',
      code: 'forbidden',
    });
  });
});
