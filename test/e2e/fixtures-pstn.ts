// Telephone-network lab fixtures: the phone fixtures (the app as `desk`, bare sip.js peers) with a
// Kamailio that also takes plain SIP over UDP and bridges its RTP to WebRTC through a real
// rtpengine, a baresip desk phone (RFC 4733 keypad) and a SIPp "PSTN gateway" (INFO keypad).
// Everything on 127.0.0.1, every process stopped after the test; specs skip with PSTN_MISSING.
// See ../shared/docs/sip-lab.md ("A telephone-network lab").
import { randomBytes } from 'node:crypto';
import type { TestInfo } from '@playwright/test';
import { baresipUnavailable, startDeskPhone, type DeskPhone } from '../support/baresip.js';
import {
  kamailioUnavailable,
  startKamailio,
  type Kamailio,
  type KamailioUser,
} from '../support/kamailio.js';
import { rtpengineUnavailable, startRtpengine, type Rtpengine } from '../support/rtpengine.js';
import {
  sippUnavailable,
  startSippCall,
  type SippCall,
  type SippCallOptions,
} from '../support/sipp.js';
import { CUSTOMER_NUMBER, test as phoneTest } from './fixtures-phone.js';

export {
  callState,
  CUSTOMER_NUMBER,
  expect,
  expectRegistered,
  sipStatus,
  type AgentDesk,
  type PeerHandle,
} from './fixtures-phone.js';
export type { DeskPhone } from '../support/baresip.js';
export type { SippCall } from '../support/sipp.js';

/**
 * Why the lab cannot run here (specs: `test.skip(PSTN_MISSING !== null, PSTN_MISSING ?? '')`), or
 * null.
 */
export const PSTN_MISSING =
  kamailioUnavailable() ?? rtpengineUnavailable() ?? baresipUnavailable() ?? sippUnavailable();

export interface OpenDeskPhoneOptions {
  displayName?: string;
  /** Answer incoming calls at once. */
  autoAnswer?: boolean;
  /** The microphone: a WAV of 8 kHz mono PCM16 (default: a generated voice-like pattern). */
  wavFile?: string;
}

/** A SIPp gateway call: `to` defaults to the agent, `from` to CUSTOMER_NUMBER. */
export type PstnCallOptions = Omit<SippCallOptions, 'kamailio' | 'to' | 'from'> & {
  to?: string;
  from?: string;
};

async function attachOnFailure(testInfo: TestInfo, name: string, body: () => string) {
  if (testInfo.status === testInfo.expectedStatus) return;
  await testInfo.attach(name, { body: body(), contentType: 'text/plain' }).catch(() => undefined);
}

//   test('…', async ({ desk, openDeskPhone, sipUsers }) => {
//     const phone = await openDeskPhone(sipUsers.customer);   // registers as CUSTOMER_NUMBER
//     await phone.dial(sipUsers.agent.user);
//     await expect(desk.page.getByTestId('incoming-call')).toBeVisible();
//   });
export const test = phoneTest.extend<{
  rtpengine: Rtpengine;
  /** The gateway's digest account (trusted to present the caller's number in From). */
  pstnGateway: KamailioUser;
  openDeskPhone: (account: KamailioUser, options?: OpenDeskPhoneOptions) => Promise<DeskPhone>;
  sippCall: (options?: PstnCallOptions) => Promise<SippCall>;
}>({
  // eslint-disable-next-line no-empty-pattern
  rtpengine: async ({}, use, testInfo) => {
    const rtpengine = await startRtpengine();
    await use(rtpengine);
    await attachOnFailure(testInfo, 'rtpengine.log', () => rtpengine.log());
    await rtpengine.stop();
  },
  // eslint-disable-next-line no-empty-pattern
  pstnGateway: async ({}, use) => {
    await use({ user: 'gw', password: randomBytes(9).toString('base64url') });
  },
  // The phone fixtures' proxy with the lab on: `desk` and the peers register with this one.
  kamailio: async ({ sipUsers, rtpengine, pstnGateway }, use, testInfo) => {
    const kamailio: Kamailio = await startKamailio({
      users: Object.values(sipUsers),
      pbx: { rtpengineNg: rtpengine.ngPort, gateway: pstnGateway },
    });
    await use(kamailio);
    await attachOnFailure(testInfo, 'kamailio.log', () => kamailio.log());
    await kamailio.stop();
  },
  openDeskPhone: async ({ kamailio }, use, testInfo) => {
    const opened: DeskPhone[] = [];
    await use(async (account, options = {}) => {
      const phone = await startDeskPhone({ kamailio, account, ...options });
      opened.push(phone);
      return phone;
    });
    for (const phone of opened) {
      await attachOnFailure(
        testInfo,
        `baresip-${phone.account.user}.log`,
        () => `${JSON.stringify(phone.events(), null, 1)}\n--- log\n${phone.log()}`,
      );
      await phone.stop();
    }
  },
  sippCall: async ({ kamailio, sipUsers }, use, testInfo) => {
    const calls: SippCall[] = [];
    await use(async (options = {}) => {
      const call = await startSippCall({
        kamailio,
        to: sipUsers.agent.user,
        from: CUSTOMER_NUMBER,
        ...options,
      });
      calls.push(call);
      return call;
    });
    for (const [i, call] of calls.entries()) {
      await attachOnFailure(testInfo, `sipp-${i + 1}.log`, () => call.log());
      await call.stop();
    }
  },
});
