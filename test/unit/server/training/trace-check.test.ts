// A result's trace against the session the service recorded (Art. 9): the Art. 18 suspension in
// both its forms, the outage drill's cut-off trace, and the customers a scenario may play.
import { describe, expect, it } from 'vitest';
import { Scenario, type TrainingEvent } from '../../../../common/training.js';
import {
  traceDisagreement,
  type RecordedSession,
} from '../../../../server/training/trace-check.js';
import { SCENARIO } from './fixtures.js';

const scenario = Scenario.parse({
  ...SCENARIO,
  reactions: [
    ...SCENARIO.reactions,
    { on: { step: 'basic' }, do: [{ do: 'say', prompt: 'give-details-friend', as: 'tc-wu' }] },
  ],
});
const check = (step: 'basic' | 'otp', result: 'passed' | 'failed' | 'suspended') =>
  ({ kind: 'check', step, result, at: 1 }) as const;
const session = (over: Partial<RecordedSession>): RecordedSession => ({
  status: 'suspended',
  businessType: 'enquiry',
  customerKeys: ['tc-li'],
  events: [],
  ...over,
});
const ev = (step: string, outcome: string) => ({ step, outcome });

describe('a trace against its recorded session', () => {
  it('reads a suspension before the check ran, and one the check itself caused', () => {
    const recorded = session({
      customerKeys: ['tc-li', 'tc-wu'],
      events: [ev('basic', 'failed'), ev('basic', 'failed'), ev('fraud', 'suspended')],
    });
    const trace: TrainingEvent[] = [check('basic', 'failed'), check('basic', 'suspended')];
    expect(traceDisagreement(scenario, recorded, trace)).toBeNull();
    const first = session({ events: [ev('basic', 'failed'), ev('fraud', 'suspended')] });
    expect(traceDisagreement(scenario, first, trace)).toBeNull();
    expect(traceDisagreement(scenario, first, [check('basic', 'failed')])).toMatch(/1 check/);
    const none = session({ events: [ev('basic', 'failed'), ev('basic', 'failed')] });
    expect(traceDisagreement(scenario, none, trace)).toMatch(/no suspension/);
  });

  it('lets only the outage drill stop short, and only it stay open', () => {
    const recorded = session({ status: 'in-progress', events: [ev('basic', 'passed')] });
    expect(traceDisagreement(scenario, recorded, [])).toMatch(/not ended/);
    const drill = Scenario.parse({ ...scenario, outageAfter: 'basic' });
    expect(traceDisagreement(drill, recorded, [])).toBeNull();
    expect(traceDisagreement(drill, recorded, [check('basic', 'passed')])).toBeNull();
    expect(traceDisagreement(drill, recorded, [check('basic', 'failed')])).toMatch(/check 1/);
  });

  it('plays only the scenario’s customer or one it speaks as', () => {
    const events = [ev('basic', 'failed'), ev('fraud', 'suspended')];
    const trace = [check('basic', 'suspended')];
    expect(
      traceDisagreement(scenario, session({ events, customerKeys: ['tc-wu'] }), trace),
    ).toBeNull();
    for (const keys of [[], ['tc-zhou'], ['tc-li', 'live']])
      expect(traceDisagreement(scenario, session({ events, customerKeys: keys }), trace)).toMatch(
        /customer/,
      );
  });
});
