// The team's call-back queue on a lead's desk (Art. 12 outage procedure; Art. 10 tiers): there only
// for leads (not admins), read again when main says the count moved, a call-back closed goes at
// once and one that could not be closed stays with the reason; answers that something newer
// overtook, or that arrive after the lead signed out, change nothing.
import { describe, expect, it } from 'vitest';
import type { CallbackQueueItem } from '../../../../common/connectivity.js';
import type { AgentProfile } from '../../../../common/domain.js';
import { fail, ok, type Result } from '../../../../common/result.js';
import { createAppController } from '../../../../renderer/state/app-controller.js';
import {
  createCallbackQueueController,
  initialCallbackQueue,
} from '../../../../renderer/lead/callback-queue.js';
import { callbackWanted, shownCustomerRef } from '../../../../renderer/lead/callback-wanted.js';
import { demoAgent, fakeAgentDesk, settle, type FakeHandlers } from '../fake-agent-desk.js';
import { CALLBACK_ID, CALLBACK_ID_2, openCallback } from './fixtures.js';

type Tier = AgentProfile['tier'];
type ListAnswer = Result<{ callbacks: CallbackQueueItem[]; total: number }>;

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const lead01: AgentProfile = { username: 'lead01', name: '陈静', tier: 'lead' };
const second = () =>
  openCallback(CALLBACK_ID_2, {
    customerRef: '139****0001',
    reason: 'outage; wanted: unspecified; window: asap',
    businessType: null,
    window: 'asap',
    notes: null,
    requestedAt: '2026-11-26T09:20:00.000Z',
  });

async function setup(tier: Tier, handlers: FakeHandlers = {}) {
  let list: CallbackQueueItem[] = [openCallback(), second()];
  const api = fakeAgentDesk({
    'auth:current': () =>
      ok({
        agent: tier === 'agent' || tier === 'senior' ? { ...demoAgent, tier } : { ...lead01, tier },
      }),
    'callbacks:list': () => ok({ callbacks: list, total: list.length }),
    'callbacks:close': ({ id, outcome }) => {
      const item = list.find((c) => c.id === id);
      if (!item) return fail('not-found', 'no such call-back');
      list = list.filter((c) => c.id !== id);
      return ok({
        ...item,
        status: outcome,
        closedAt: '2026-11-26T10:00:00.000Z',
        closedBy: 'lead01',
      });
    },
    ...handlers,
  });
  const app = createAppController(api);
  app.start();
  const queue = createCallbackQueueController({ api, session: app.stores.session });
  const stop = queue.start();
  await settle();
  await settle();
  return {
    api,
    app,
    queue,
    stop,
    state: () => queue.store.getState(),
    ids: () => queue.store.getState().callbacks.map((c) => c.id),
    setList: (next: CallbackQueueItem[]) => (list = next),
    /** The next `callbacks:list` answers only when the test says so. */
    holdNextList() {
      const held = deferred<ListAnswer>();
      const original = api.handlers['callbacks:list']!;
      api.handlers['callbacks:list'] = () => {
        api.handlers['callbacks:list'] = original;
        return held.promise;
      };
      return held;
    },
  };
}

describe('call-back queue: who has it', () => {
  it.each(['agent', 'senior', 'admin'] as const)(
    'is not there for a %s, asks nothing and closes nothing',
    async (tier) => {
      const t = await setup(tier);
      expect(t.state()).toEqual(initialCallbackQueue);
      t.api.emit('callbacks:changed', { open: 3 });
      await t.queue.refresh();
      await settle();
      expect(t.api.callsTo('callbacks:list')).toEqual([]);
      expect(await t.queue.close(CALLBACK_ID, 'done')).toBe(false);
      expect(t.api.callsTo('callbacks:close')).toEqual([]);
    },
  );

  it.each(['lead'] as const)(
    'lists the open call-backs for a %s, in the order main gives them',
    async (tier) => {
      const t = await setup(tier);
      expect(t.state()).toMatchObject({
        enabled: true,
        loaded: true,
        loading: false,
        problem: null,
      });
      expect(t.ids()).toEqual([CALLBACK_ID, CALLBACK_ID_2]);
      expect(t.api.callsTo('callbacks:list')).toEqual([{}]);
    },
  );

  it('says why the queue could not be read', async () => {
    const t = await setup('lead', {
      'callbacks:list': () => fail('unavailable', 'records service down'),
    });
    expect(t.state()).toMatchObject({
      enabled: true,
      loaded: true,
      problem: 'unavailable',
      callbacks: [],
    });
  });

  it('stops listening when stopped', async () => {
    const t = await setup('lead');
    const before = t.api.listenerCount();
    t.stop();
    expect(t.api.listenerCount()).toBeLessThan(before);
    t.api.emit('callbacks:changed', { open: 0 });
    await settle();
    expect(t.api.callsTo('callbacks:list')).toHaveLength(1);
  });
});

describe('call-back queue: following main', () => {
  it('reads the queue again when main says the number of open call-backs changed, and on refresh', async () => {
    const t = await setup('lead');
    t.setList([second()]);
    t.api.emit('callbacks:changed', { open: 1 });
    await settle();
    expect(t.ids()).toEqual([CALLBACK_ID_2]);
    t.setList([second(), openCallback('90000000-0000-4000-8000-0000000000c3')]);
    await t.queue.refresh();
    expect(t.ids()).toEqual([CALLBACK_ID_2, '90000000-0000-4000-8000-0000000000c3']);
    expect(t.api.callsTo('callbacks:list')).toHaveLength(3);
  });

  it('shows only open ones, should a closed one be listed', async () => {
    const t = await setup('lead');
    t.setList([
      openCallback(CALLBACK_ID, {
        status: 'done',
        closedBy: 'lead02',
        closedAt: '2026-11-26T10:00:00.000Z',
      }),
      second(),
    ]);
    await t.queue.refresh();
    expect(t.ids()).toEqual([CALLBACK_ID_2]);
  });

  it('drops a list answer that a push overtook', async () => {
    const t = await setup('lead');
    const slow = t.holdNextList();
    const first = t.queue.refresh();
    t.setList([second()]);
    t.api.emit('callbacks:changed', { open: 1 });
    await settle();
    expect(t.ids()).toEqual([CALLBACK_ID_2]);
    slow.resolve(ok({ callbacks: [openCallback(), second()], total: 2 }));
    await first;
    expect(t.ids()).toEqual([CALLBACK_ID_2]);
  });

  it('drops a list answer that a later refresh overtook, even a failure', async () => {
    const t = await setup('lead');
    const slow = t.holdNextList();
    const first = t.queue.refresh();
    await t.queue.refresh();
    slow.resolve(fail('internal', 'late'));
    await first;
    expect(t.state()).toMatchObject({ problem: null, loading: false });
    expect(t.ids()).toEqual([CALLBACK_ID, CALLBACK_ID_2]);
  });
});

describe('call-back queue: closing', () => {
  it('closes a call-back with the trimmed note and takes it off the list at once', async () => {
    const t = await setup('lead');
    t.api.handlers['callbacks:list'] = () => deferred<ListAnswer>().promise; // the re-read never answers
    expect(await t.queue.close(CALLBACK_ID, 'done', '  已回电，客户明天来网点办理  ')).toBe(true);
    expect(t.api.callsTo('callbacks:close')).toEqual([
      { id: CALLBACK_ID, outcome: 'done', note: '已回电，客户明天来网点办理' },
    ]);
    expect(t.ids()).toEqual([CALLBACK_ID_2]);
    expect(t.state()).toMatchObject({ closing: null, closeProblem: null });
  });

  it('sends no note when there is none, and at most 500 characters of one', async () => {
    const t = await setup('lead');
    expect(await t.queue.close(CALLBACK_ID, 'cancelled', '   ')).toBe(true);
    await settle();
    expect(await t.queue.close(CALLBACK_ID_2, 'done', 'x'.repeat(600))).toBe(true);
    expect(t.api.callsTo('callbacks:close')).toEqual([
      { id: CALLBACK_ID, outcome: 'cancelled' },
      { id: CALLBACK_ID_2, outcome: 'done', note: 'x'.repeat(500) },
    ]);
    await settle();
    expect(t.ids()).toEqual([]);
  });

  it('keeps a call-back it could not close, with the reason, through a re-read; a second try can work', async () => {
    let refuse = true;
    const t = await setup('lead');
    const close = t.api.handlers['callbacks:close']!;
    t.api.handlers['callbacks:close'] = (request) =>
      refuse ? fail('unavailable', 'records service down') : close(request);
    expect(await t.queue.close(CALLBACK_ID, 'done', '已回电')).toBe(false);
    expect(t.ids()).toEqual([CALLBACK_ID, CALLBACK_ID_2]);
    expect(t.state()).toMatchObject({
      closing: null,
      closeProblem: { id: CALLBACK_ID, code: 'unavailable' },
    });
    await t.queue.refresh();
    expect(t.state().closeProblem).toEqual({ id: CALLBACK_ID, code: 'unavailable' });
    refuse = false;
    expect(await t.queue.close(CALLBACK_ID, 'done', '已回电')).toBe(true);
    expect(t.ids()).toEqual([CALLBACK_ID_2]);
    expect(t.state().closeProblem).toBeNull();
  });

  it('forgets a close failure once the call-back is gone from the queue (another lead closed it)', async () => {
    const t = await setup('lead', { 'callbacks:close': () => fail('conflict', 'already done') });
    expect(await t.queue.close(CALLBACK_ID, 'cancelled')).toBe(false);
    expect(t.state().closeProblem).toEqual({ id: CALLBACK_ID, code: 'conflict' });
    t.setList([second()]);
    t.api.emit('callbacks:changed', { open: 1 });
    await settle();
    expect(t.state().closeProblem).toBeNull();
  });

  it('sends one close at a time, and none for a call-back not on the list', async () => {
    const t = await setup('lead');
    const held = deferred<Result<CallbackQueueItem>>();
    t.api.handlers['callbacks:close'] = () => held.promise;
    const first = t.queue.close(CALLBACK_ID, 'done');
    expect(t.state().closing).toEqual({ id: CALLBACK_ID, outcome: 'done' });
    expect(await t.queue.close(CALLBACK_ID_2, 'done')).toBe(false);
    held.resolve(
      ok({
        ...openCallback(),
        status: 'done',
        closedAt: '2026-11-26T10:00:00.000Z',
        closedBy: 'lead01',
      }),
    );
    expect(await first).toBe(true);
    expect(await t.queue.close('90000000-0000-4000-8000-0000000000ff', 'done')).toBe(false);
    expect(t.api.callsTo('callbacks:close')).toEqual([{ id: CALLBACK_ID, outcome: 'done' }]);
  });

  it('does not bring back a closed call-back when a list asked before the close answers late', async () => {
    const t = await setup('lead');
    const slow = t.holdNextList();
    const listing = t.queue.refresh();
    expect(await t.queue.close(CALLBACK_ID, 'done')).toBe(true);
    slow.resolve(ok({ callbacks: [openCallback(), second()], total: 2 }));
    await listing;
    await settle();
    expect(t.ids()).toEqual([CALLBACK_ID_2]);
  });
});

describe('call-back queue: signing out', () => {
  it('clears when the lead signs out, and what answers afterwards changes nothing', async () => {
    const t = await setup('lead');
    const list = t.holdNextList();
    const listing = t.queue.refresh();
    const held = deferred<Result<CallbackQueueItem>>();
    t.api.handlers['callbacks:close'] = () => held.promise;
    const closing = t.queue.close(CALLBACK_ID, 'done');
    await t.app.signOut();
    expect(t.state()).toEqual(initialCallbackQueue);
    list.resolve(ok({ callbacks: [openCallback(), second()], total: 2 }));
    held.resolve(fail('internal', 'late'));
    await listing;
    expect(await closing).toBe(false);
    expect(t.state()).toEqual(initialCallbackQueue);
    t.api.emit('callbacks:changed', { open: 2 });
    await settle();
    expect(t.api.callsTo('callbacks:list')).toHaveLength(2);
  });

  it('clears as soon as signing out starts', async () => {
    const t = await setup('lead', {
      'auth:sign-out': () => deferred<Result<Record<string, never>>>().promise,
    });
    void t.app.signOut();
    expect(t.state()).toEqual(initialCallbackQueue);
  });

  it('starts afresh when another lead is signed in, without the last one’s answers', async () => {
    const t = await setup('lead');
    const late = t.holdNextList();
    const listing = t.queue.refresh();
    t.queue.store.dispatch({ type: 'close-failed', id: CALLBACK_ID, code: 'internal' });
    t.setList([second()]);
    // Main names the new lead without a signed-out in between.
    t.api.emit('agent:changed', { agent: { ...lead01, username: 'lead02', name: '周敏' } });
    expect(t.state()).toMatchObject({ enabled: true, closeProblem: null });
    await settle();
    expect(t.ids()).toEqual([CALLBACK_ID_2]);
    late.resolve(ok({ callbacks: [openCallback(), second()], total: 2 }));
    await listing;
    expect(t.ids()).toEqual([CALLBACK_ID_2]);
  });
});

describe('call-back queue: what the lead sees', () => {
  it('shows the number masked, masking it here should a full one ever arrive (Art. 11)', () => {
    expect(shownCustomerRef('139****0001')).toBe('139****0001');
    expect(shownCustomerRef('010******78')).toBe('010******78');
    expect(shownCustomerRef('13900000001')).toBe('139****0001');
    expect(shownCustomerRef('01012345678')).toBe('010******78');
  });

  it('reads what the customer wanted from main’s fields, else from the reason, else shows the reason as it is', () => {
    expect(callbackWanted(openCallback())).toEqual({
      businessType: 'fund-transfer',
      window: 'today',
      raw: null,
    });
    expect(
      callbackWanted({
        reason: 'outage; wanted: large-loan; window: tomorrow-morning',
        businessType: null,
        window: null,
      }),
    ).toEqual({ businessType: 'large-loan', window: 'tomorrow-morning', raw: null });
    expect(
      callbackWanted({
        reason: 'outage; wanted: unspecified; window: asap',
        businessType: null,
        window: null,
      }),
    ).toEqual({ businessType: null, window: 'asap', raw: null });
    expect(
      callbackWanted({ reason: '客户要求回电（手工登记）', businessType: null, window: null }),
    ).toEqual({ businessType: null, window: null, raw: '客户要求回电（手工登记）' });
    expect(
      callbackWanted({
        reason: 'outage; wanted: fund-transfer; window: next-week',
        businessType: 'fund-transfer',
        window: null,
      }),
    ).toEqual({
      businessType: 'fund-transfer',
      window: null,
      raw: 'outage; wanted: fund-transfer; window: next-week',
    });
  });
});
