// Keypad tones both ways: the agent's keys go out by SIP INFO or RFC 4733 (as configured) to
// whoever the agent is talking to; the caller's keys arrive by SIP INFO and go to secure entry
// only. A received digit is never stored, logged, reported or put in PhoneState.
import { SessionState, type Info } from 'sip.js';
import { isDtmfTone, parseDtmfInfo } from '../../common/dtmf.js';
import type { CallContext, Leg } from './call-context.js';
import { noop, type EngineContext } from './engine-context.js';
import type { SecureEntry } from './secure-entry.js';
import { sdhOf } from './sip-session.js';

const DTMF_INFO_DURATION_MS = 160;
const DTMF_MAX_TONES = 32;

export interface Keypad {
  /** An INFO from the far end; its digit reaches secure entry only if it is the customer's. */
  receive(info: Info, fromCustomer: boolean): void;
  /** The agent's keys, to the consulted party while consulting, else to the customer. */
  send(tones: string): Promise<void>;
}

export function createKeypad(
  ctx: EngineContext,
  secureEntry: SecureEntry,
  established: () => CallContext | null,
): Keypad {
  return {
    receive(info, fromCustomer) {
      const contentType = info.request.getHeader('Content-Type') ?? '';
      const body = info.request.body ?? '';
      const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
      if (
        body !== '' &&
        mediaType !== 'application/dtmf-relay' &&
        mediaType !== 'application/dtmf'
      ) {
        void info.reject({ statusCode: 415 }).catch(noop);
        return;
      }
      void info.accept().catch(noop);
      const digit = parseDtmfInfo(contentType, body);
      if (digit !== null && fromCustomer) secureEntry.deliver(digit);
    },

    async send(tones) {
      const digits = tones.toUpperCase();
      if (digits === '' || digits.length > DTMF_MAX_TONES || ![...digits].every(isDtmfTone))
        return ctx.fail('bad-dtmf');
      const call = established();
      if (!call) return;
      const leg: Leg =
        call.consult && call.consult.session.state === SessionState.Established
          ? call.consult
          : call;
      if (ctx.config()?.dtmfMode === 'info') {
        for (const tone of digits) {
          const content = `Signal=${tone}\r\nDuration=${DTMF_INFO_DURATION_MS}`;
          const body = {
            contentDisposition: 'render',
            contentType: 'application/dtmf-relay',
            content,
          };
          await leg.session.info({ requestOptions: { body } });
        }
        return;
      }
      const sdh = sdhOf(leg.session);
      if (!sdh || !sdh.sendDtmf(digits, { duration: 100, interToneGap: 70 }))
        ctx.fail('dtmf-failed');
    },
  };
}
