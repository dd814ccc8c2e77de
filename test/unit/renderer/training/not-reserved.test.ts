// A training call whose caller ID finds nobody (the scenario "not-reserved-mobile", as trainers
// wrote it): the real runner, the real training and verification controllers and their stores,
// against a fake main. The session it opens and the look-up by the mobile the customer states stay
// in the training namespace (Art. 9) — never a live session, never the live customers.
import { describe, expect, it, vi } from 'vitest';
import type { MaskedCustomer } from '../../../../common/records-api.js';
import { ok } from '../../../../common/result.js';
import { captionOf, detailsStated } from '../../../../common/training-prompts.js';
import { createRunner } from '../../../../common/training-runner.js';
import { createAppController } from '../../../../renderer/state/app-controller.js';
import { createStore } from '../../../../renderer/state/store.js';
import { createTrainingController } from '../../../../renderer/training/controller.js';
import type { CustomerLeg } from '../../../../renderer/training/types.js';
import { createVerificationController } from '../../../../renderer/verification/controller.js';
import { customers, scenarios } from '../../common/training-fixture.js';
import { demoAgent, fakeAgentDesk, settle } from '../fake-agent-desk.js';
import { activeCall, fakePhone } from '../softphone/fake-phone.js';
import { after, answer, session } from '../verification/fixtures.js';

const scenario = scenarios.get('not-reserved-mobile')!;
const he = customers.find((c) => c.key === scenario.customer)!;
const heMasked: MaskedCustomer = {
  id: '60000000-0000-4000-8000-0000000000e1',
  name: '何*',
  mobile: '170****0106',
  nationalId: '9***************89',
};

async function setup() {
  let lookups = 0;
  const api = fakeAgentDesk({
    'auth:current': () => ok({ agent: demoAgent }),
    'verify:config': () =>
      ok({ companyName: '示例信贷', departmentName: '电话银行客服', complaintHotline: null }),
    // The caller ID (17000000186) finds nobody; the stated reserved mobile finds 何静.
    'verify:lookup': () => ok({ customers: lookups++ === 0 ? [] : [heMasked] }),
    'verify:start': (request) =>
      ok(
        session(request.businessType, {
          customer: null,
          callerIdSource: 'from',
          callerNumber: '170****0186',
        }),
      ),
    'verify:basic': () =>
      ok(answer(after(session('account-change', { customer: heMasked }), ['basic']), 'passed')),
    'verify:wrap-up': () => ok({}),
    'training:catalog': () => ok({ scenarios: [scenario], courses: [], customers }),
    'training:status': () =>
      ok({ username: 'agent01', courses: [], requiredCourse: null, clearedForLive: true }),
  });
  const app = createAppController(api);
  app.start();
  const phone = fakePhone();
  const leg: CustomerLeg = {
    say: vi.fn(async () => undefined),
    key: vi.fn(async () => undefined),
    hangup: vi.fn(async () => undefined),
    onEnded: () => undefined,
    stats: async () => ({ sent: 1, received: 1 }),
  };
  const startTraining = vi.fn(async () => leg);
  const engine = Object.assign(phone, { startTraining });
  const phoneStore = createStore<typeof engine, never>((s) => s, engine);
  const verification = createVerificationController({
    api,
    phone: phoneStore as never,
    attachSecureEntry: (consumer) => phone.attachSecureEntry(consumer),
    session: app.stores.session,
  });
  const training = createTrainingController({
    api,
    phone: phoneStore as never,
    verification: verification.store,
    session: app.stores.session,
    createRunner,
    captionOf,
    detailsStated,
    submitBasic: verification.submitBasic,
    language: () => 'zh-CN',
    sleep: async () => undefined,
  });
  const stops = [verification.start(), training.start()];
  await settle();
  return { api, phone, leg, startTraining, verification, training, stops };
}

describe('a training call from a number that is not the reserved mobile', () => {
  it('opens a training session and finds the customer by the stated mobile in training', async () => {
    const t = await setup();
    await t.training.startScenario(scenario.id);
    expect(t.startTraining).toHaveBeenCalledWith(
      expect.objectContaining({ callerNumber: '17000000186', callerIdSource: 'from' }),
    );
    const ringing = {
      line: 'training' as const,
      phase: 'ringing' as const,
      answeredAt: null,
      remote: { number: scenario.callerNumber, displayName: he.name, source: 'from' as const },
    };
    t.phone.set({ call: activeCall(ringing) });
    await settle();
    t.phone.set({ call: activeCall({ ...ringing, phase: 'connected', answeredAt: 2_000 }) });
    await settle();
    expect(t.training.store.getState().call).toMatchObject({ phase: 'talking' });

    t.training.say('greeting');
    await settle();
    await t.verification.chooseBusinessType('account-change');
    expect(t.api.callsTo('verify:start')).toMatchObject([
      { callerNumber: '17000000186', callerIdSource: 'from', training: true },
    ]);
    t.training.say('ask-details');
    await settle();
    expect(t.training.store.getState().call?.stated).toBe(true);
    t.training.enterStated();
    await settle();
    await settle();
    // Both look-ups in the training namespace: the caller ID, then the stated reserved mobile.
    expect(t.api.callsTo('verify:lookup')).toEqual([
      { callerNumber: '17000000186', training: true },
      { callerNumber: he.mobile, training: true },
    ]);
    expect(t.api.callsTo('verify:basic')).toMatchObject([{ customerId: heMasked.id }]);
    // The customer spoke as the scenario says: the intent, then the details.
    const said = vi.mocked(t.leg.say).mock.calls.map(([url]) => url);
    expect(said.some((url) => url.includes('intent-change-mobile'))).toBe(true);
    expect(said.some((url) => url.includes('give-details'))).toBe(true);
    for (const stop of t.stops) stop();
  });
});
