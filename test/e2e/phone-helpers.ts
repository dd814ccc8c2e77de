// Assertions shared by the phone specs: audio really flowing, the app's call phase, a peer's call.
import type { Page } from '@playwright/test';
import type { CallPhase } from '../../renderer/phone/types.js';
import { callState, expect, type AgentDesk, type PeerHandle } from './fixtures-phone.js';
import type { PeerCallState } from './sip-peer/api.js';

export const CUSTOMER_NAME = 'Test Customer 测试';

/** At least this many more bytes must arrive for "audio flows" (a few hundred ms of Opus). */
const AUDIO_BYTES = 1000;

/** bytesReceived keeps growing at the agent and at the peer: audio flows both ways, now. */
export async function expectAudioBothWays(
  desk: AgentDesk,
  peer: PeerHandle,
  timeout?: number,
): Promise<void> {
  const options = timeout === undefined ? {} : { timeout };
  const agentBefore = await desk.bytesReceived();
  const peerBefore = await peer.bytesReceived();
  await expect
    .poll(() => desk.bytesReceived(), { message: 'the agent receives audio', ...options })
    .toBeGreaterThan(agentBefore + AUDIO_BYTES);
  await expect
    .poll(() => peer.bytesReceived(), {
      message: `${peer.account.user} receives audio`,
      ...options,
    })
    .toBeGreaterThan(peerBefore + AUDIO_BYTES);
  expect(await desk.bytesSent()).toBeGreaterThan(0);
}

/** The app's call phase, as its call-state hook shows it. */
export async function expectCallPhase(
  page: Page,
  phase: CallPhase,
  timeout?: number,
): Promise<void> {
  await expect(callState(page)).toHaveAttribute(
    'data-phase',
    phase,
    timeout === undefined ? {} : { timeout },
  );
}

/** No call in the app: no incoming banner, no hang-up button. */
export async function expectIdle(desk: AgentDesk): Promise<void> {
  await expect(desk.page.getByTestId('incoming-call')).toHaveCount(0);
  await expect(desk.page.getByTestId('hangup')).toHaveCount(0);
}

export async function waitPeerCall(
  peer: PeerHandle,
  state: PeerCallState,
  timeout?: number,
): Promise<void> {
  await expect
    .poll(async () => (await peer.state()).call, {
      message: `${peer.account.user} ${state}`,
      ...(timeout === undefined ? {} : { timeout }),
    })
    .toBe(state);
}

/** The customer calls the agent: the app shows the incoming call and the customer hears ringing. */
export async function ringAgent(
  desk: AgentDesk,
  customer: PeerHandle,
  agentUser: string,
  extraHeaders: string[] = [],
): Promise<void> {
  await customer.call(agentUser, { extraHeaders });
  await expect(desk.page.getByTestId('incoming-call')).toBeVisible();
  await waitPeerCall(customer, 'ringing');
}

/** Customer calls, agent answers by click, the call is up at both ends. */
export async function answeredCall(
  desk: AgentDesk,
  customer: PeerHandle,
  agentUser: string,
): Promise<void> {
  await ringAgent(desk, customer, agentUser);
  await desk.page.getByTestId('answer').click();
  await waitPeerCall(customer, 'established');
  await expectCallPhase(desk.page, 'connected');
}
