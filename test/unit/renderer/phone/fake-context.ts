// An EngineContext for testing one part of the engine on its own: what the part dispatched,
// reported and showed as an error is collected; timers are the global ones (use vi fake timers).
import type { PhoneConfig, PhoneEvent } from '../../../../common/phone.js';
import {
  globalEngineTimers,
  type EngineContext,
  type ErrorKey,
} from '../../../../renderer/phone/engine-context.js';
import type { PhoneAction } from '../../../../renderer/phone/state.js';

export function fakeContext(config: Partial<PhoneConfig> | null = {}) {
  const dispatched: PhoneAction[] = [];
  const events: PhoneEvent[] = [];
  const errors: { key: ErrorKey; params?: Record<string, string> }[] = [];
  const logs: string[] = [];
  let current =
    config === null ? null : ({ wrapUpSeconds: 30, dtmfMode: 'info', ...config } as PhoneConfig);
  let ids = 0;
  const ctx: EngineContext = {
    dispatch: (action) => dispatched.push(action),
    report: (event) => events.push(event),
    fail: (key, params) => errors.push(params ? { key, params } : { key }),
    log: (_level, message) => logs.push(message),
    now: () => Date.now(),
    random: () => 0.5,
    uuid: () => `call-${++ids}`,
    timers: globalEngineTimers,
    config: () => current,
  };
  return {
    ctx,
    dispatched,
    events,
    errors,
    logs,
    setConfig(next: PhoneConfig | null) {
      current = next;
    },
    ofType: <K extends PhoneEvent['type']>(type: K) =>
      events.filter((e): e is Extract<PhoneEvent, { type: K }> => e.type === type),
  };
}
