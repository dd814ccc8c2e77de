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
import { test as verifyBase } from './fixtures-verify.js';

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

type Use<T> = (value: T) => Promise<void>;

async function attachOnFailure(testInfo: TestInfo, name: string, body: () => string) {
  if (testInfo.status === testInfo.expectedStatus) return;
  await testInfo.attach(name, { body: body(), contentType: 'text/plain' }).catch(() => undefined);
}

interface LabFixtures {
  rtpengine: Rtpengine;
  /** The gateway's digest account (trusted to present the caller's number in From). */
  pstnGateway: KamailioUser;
  openDeskPhone: (account: KamailioUser, options?: OpenDeskPhoneOptions) => Promise<DeskPhone>;
  sippCall: (options?: PstnCallOptions) => Promise<SippCall>;
}

async function useRtpengine(use: Use<Rtpengine>, testInfo: TestInfo): Promise<void> {
  const rtpengine = await startRtpengine();
  await use(rtpengine);
  await attachOnFailure(testInfo, 'rtpengine.log', () => rtpengine.log());
  await rtpengine.stop();
}

const useGateway = (use: Use<KamailioUser>) =>
  use({ user: 'gw', password: randomBytes(9).toString('base64url') });

/** The proxy with the lab on, for `users`: the desks and the peers register with this one. */
async function useLabProxy(
  users: KamailioUser[],
  lab: { rtpengine: Rtpengine; pstnGateway: KamailioUser },
  use: Use<Kamailio>,
  testInfo: TestInfo,
): Promise<void> {
  const kamailio: Kamailio = await startKamailio({
    users,
    pbx: { rtpengineNg: lab.rtpengine.ngPort, gateway: lab.pstnGateway },
  });
  await use(kamailio);
  await attachOnFailure(testInfo, 'kamailio.log', () => kamailio.log());
  await kamailio.stop();
}

async function useDeskPhones(
  kamailio: Kamailio,
  use: Use<LabFixtures['openDeskPhone']>,
  testInfo: TestInfo,
): Promise<void> {
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
}

async function useSippCalls(
  kamailio: Kamailio,
  agentUser: string,
  use: Use<LabFixtures['sippCall']>,
  testInfo: TestInfo,
): Promise<void> {
  const calls: SippCall[] = [];
  await use(async (options = {}) => {
    const call = await startSippCall({
      kamailio,
      to: agentUser,
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
}

//   test('…', async ({ desk, openDeskPhone, sipUsers }) => {
//     const phone = await openDeskPhone(sipUsers.customer);   // registers as CUSTOMER_NUMBER
//     await phone.dial(sipUsers.agent.user);
//     await expect(desk.page.getByTestId('incoming-call')).toBeVisible();
//   });
export const test = phoneTest.extend<LabFixtures>({
  // eslint-disable-next-line no-empty-pattern
  rtpengine: async ({}, use, testInfo) => useRtpengine(use, testInfo),
  // eslint-disable-next-line no-empty-pattern
  pstnGateway: async ({}, use) => useGateway(use),
  kamailio: async ({ sipUsers, rtpengine, pstnGateway }, use, testInfo) =>
    useLabProxy(Object.values(sipUsers), { rtpengine, pstnGateway }, use, testInfo),
  openDeskPhone: async ({ kamailio }, use, testInfo) => useDeskPhones(kamailio, use, testInfo),
  sippCall: async ({ kamailio, sipUsers }, use, testInfo) =>
    useSippCalls(kamailio, sipUsers.agent.user, use, testInfo),
});

/**
 * The same lab under the verification fixtures (fixtures-verify.ts): the records service, the
 * seeded customers' lines (a desk phone registered as a seeded mobile pops that customer).
 */
export const verifyTest = verifyBase.extend<LabFixtures>({
  // eslint-disable-next-line no-empty-pattern
  rtpengine: async ({}, use, testInfo) => useRtpengine(use, testInfo),
  // eslint-disable-next-line no-empty-pattern
  pstnGateway: async ({}, use) => useGateway(use),
  kamailio: async ({ lines, rtpengine, pstnGateway }, use, testInfo) =>
    useLabProxy(
      [lines.agent, lines.lead, ...Object.values(lines.customers)],
      { rtpengine, pstnGateway },
      use,
      testInfo,
    ),
  openDeskPhone: async ({ kamailio }, use, testInfo) => useDeskPhones(kamailio, use, testInfo),
  sippCall: async ({ kamailio, lines }, use, testInfo) =>
    useSippCalls(kamailio, lines.agent.user, use, testInfo),
});
