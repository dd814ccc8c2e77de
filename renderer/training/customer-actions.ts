// The simulated customer's actions on the training call's leg (Art. 9): speak a recorded prompt
// (its caption shown, the details it states kept for the basic check), key the password or the
// training passcode as SIP INFO, wait, hang up. The secrets live for one key press, here only.
import type { AgentDeskApi } from '../../common/contract.js';
import { audioFileOf } from '../../common/training-prompts.js';
import type { CustomerAction } from '../../common/training.js';
import type { Run, TrainingControllerOptions } from './controller.js';
import type { TrainingAction } from './state.js';

/** A short breath between the customer's actions. */
const ACTION_GAP_MS = 300;

export interface CustomerActionDeps {
  api: AgentDeskApi;
  options: Pick<
    TrainingControllerOptions,
    'verification' | 'language' | 'captionOf' | 'detailsStated'
  >;
  /** The call under way, if any (it may end while an action waits). */
  current(): Run | null;
  dispatch(action: TrainingAction): void;
  sleep(ms: number): Promise<void>;
  audioBase: string;
}

/** `perform(action)`: one customer action, then a breath; nothing once the call is over. */
export function createCustomerActions(deps: CustomerActionDeps) {
  const { api, options, dispatch, sleep, audioBase } = deps;
  /** The digits the customer keys: their own password for the session's kind, or the passcode. */
  const digitsFor = async (what: Extract<CustomerAction, { do: 'key' }>['what']) => {
    const current = deps.current();
    if (!current) return null;
    const session = options.verification.getState().session;
    if (what === 'password' || what === 'wrong-password') {
      const own =
        session?.passwordKind === 'transaction'
          ? current.customer.transactionPassword
          : current.customer.queryPassword;
      return `${what === 'password' ? own : wrongOf(own)}#`;
    }
    if (!session) return null;
    const code = await api.invoke('training:passcode', { sessionId: session.id });
    if (!code.ok) return null;
    return what === 'otp' ? code.value.code : wrongOf(code.value.code);
  };

  const perform = async (action: CustomerAction) => {
    const current = deps.current();
    if (!current?.leg || current.over) return;
    switch (action.do) {
      case 'say': {
        const lang = options.language();
        const speaker = current.customers.find((c) => c.key === action.as) ?? current.customer;
        const caption = options.captionOf(action.prompt, speaker, lang);
        if (caption !== null) dispatch({ type: 'caption', caption });
        const stated = options.detailsStated?.(action.prompt, speaker) ?? null;
        if (stated) {
          current.stated = stated;
          dispatch({ type: 'stated', stated: true });
        }
        const url = `${audioBase}/${audioFileOf(action.prompt, speaker.key, lang)}`;
        await current.leg.say(url).catch(() => undefined);
        break;
      }
      case 'key': {
        const digits = await digitsFor(action.what);
        if (digits && deps.current() === current && !current.over)
          await current.leg.key(digits).catch(() => undefined);
        break;
      }
      case 'wait':
        await sleep(action.ms);
        break;
      case 'hangup':
        await current.leg.hangup().catch(() => undefined);
        break;
    }
    await sleep(ACTION_GAP_MS);
  };

  return perform;
}

/** A wrong secret of the same length: each digit moved by one. */
export function wrongOf(digits: string): string {
  return digits.replace(/\d/g, (d) => String((Number(d) + 1) % 10));
}
