// The lead's floor and queues rooms against the real records service and web host: an agent's desk
// goes not ready and the lead's floor shows it by name; the lead sets an agent not ready with a
// reason (the desk's own state then says who ordered it), and is told clearly when the agent took
// a call meanwhile (409). The desks' reports are real HTTP PUTs with each agent's token, as a desk
// sends them (the desk-side reporter is built elsewhere); screenshots of both rooms, zh-CN and en.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { SCREENS_DIR } from './fixtures-verify.js';
import { openRoom, signInLead } from './lead.js';

const CALL = {
  callId: 'e2e-floor-call-1',
  caller: '138****5678',
  businessType: 'fund-transfer',
  sessionId: null,
  step: 'password',
  awaitingApproval: true,
};

async function api(
  url: string,
  method: string,
  route: string,
  token: string | null,
  body?: object,
) {
  const res = await fetch(`${url}${route}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  expect(res.status, `${method} ${route}: ${text}`).toBeLessThan(300);
  return JSON.parse(text) as Record<string, unknown>;
}

const signIn = async (url: string, username: string) =>
  (await api(url, 'POST', '/api/v1/auth/sign-in', null, { username, password: 'demo-pass-1' }))
    .token as string;

/** A desk's report (PUT /api/v1/desks/me/state), as the desk sends it at a change. */
const report = (url: string, token: string, body: object) =>
  api(url, 'PUT', '/api/v1/desks/me/state', token, {
    deviceId: 'e2e-desk',
    connectivity: 'online',
    backlog: 0,
    ...body,
  });

const snap = async (page: Page, language: string, name: string) => {
  const dir = path.join(SCREENS_DIR, language);
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `lead-floor-${name}.png`) });
};

const agentRow = (page: Page, username: string) =>
  page.locator(`[data-testid="floor-agent"][data-username="${username}"]`);

test.describe.configure({ timeout: 120_000 });

test('an agent going not ready shows on the floor; the lead sets an agent not ready', async ({
  page,
  web,
  records,
}) => {
  const agent = await signIn(records.url, 'agent01');
  const senior = await signIn(records.url, 'senior01');
  await report(records.url, agent, { state: 'ready', call: null, reason: null });
  await report(records.url, senior, { state: 'on-call', call: CALL, reason: null });
  const now = Date.now();
  await api(records.url, 'POST', '/api/v1/queues/events', senior, {
    events: [
      { callId: 'e2e-q-1', kind: 'arrived', at: new Date(now - 60_000).toISOString() },
      { callId: 'e2e-q-1', kind: 'answered', at: new Date(now - 52_000).toISOString() },
      { callId: 'e2e-q-2', kind: 'arrived', at: new Date(now - 40_000).toISOString() },
      { callId: 'e2e-q-2', kind: 'abandoned', at: new Date(now - 10_000).toISOString() },
      { callId: 'e2e-q-3', kind: 'arrived', at: new Date(now - 5_000).toISOString() },
    ],
  });

  await signInLead(page, web.url);

  const floor = await openRoom(page, 'floor');
  const refresh = floor.getByRole('button', { name: '刷新' });
  await expect(agentRow(page, 'agent01')).toHaveAttribute('data-state', 'ready');
  await expect(agentRow(page, 'agent01')).toContainText('张伟');
  await expect(agentRow(page, 'senior01')).toHaveAttribute('data-state', 'on-call');
  await expect(agentRow(page, 'senior01')).toContainText('138****5678');
  // The lead's own desk reports itself too (ready at sign-in): two ready on the floor.
  await expect(agentRow(page, 'lead01')).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('floor-counts')).toHaveAttribute('data-ready', '2');
  // No order for an agent on a call: the service would refuse it.
  await expect(agentRow(page, 'senior01').getByTestId('set-not-ready')).toHaveCount(0);

  // The agent's desk goes not ready; the row follows the push (the refresh button is what a lead
  // would press if it did not, and must agree).
  await report(records.url, agent, { state: 'not-ready', reason: 'training', call: null });
  await refresh.click();
  await expect(agentRow(page, 'agent01')).toHaveAttribute('data-state', 'not-ready');
  await expect(agentRow(page, 'agent01')).toContainText('培训');
  await expect(page.getByTestId('floor-counts')).toHaveAttribute('data-not-ready', '1');
  await snap(page, 'zh-CN', 'floor');

  // The lead's own team is shown; every team on request, each row then naming its team.
  const team = page.getByTestId('floor-team');
  await expect(team).toHaveValue('信用卡一组');
  await expect(page.getByLabel('团队').first()).toBeVisible();
  await expect(page.getByTestId('floor-agent-team')).toHaveCount(0);
  await team.selectOption('all');
  await expect(agentRow(page, 'agent01').getByTestId('floor-agent-team')).toHaveText('信用卡一组');
  await snap(page, 'zh-CN', 'floor-all-teams');
  await team.selectOption('信用卡一组');
  await expect(page.getByTestId('floor-agent-team')).toHaveCount(0);

  // Back to ready; the lead sets the agent not ready for a meeting.
  await report(records.url, agent, { state: 'ready', reason: null, call: null });
  await refresh.click();
  await expect(agentRow(page, 'agent01')).toHaveAttribute('data-state', 'ready');
  await agentRow(page, 'agent01').getByTestId('set-not-ready').click();
  await page.getByTestId('set-not-ready-reason').selectOption('meeting');
  await page.getByTestId('set-not-ready-confirm').click();
  await expect(page.getByTestId('floor-order-result')).toHaveAttribute('data-code', 'ok');
  await expect(page.getByTestId('floor-order-result')).toContainText('张伟');
  await expect(agentRow(page, 'agent01')).toHaveAttribute('data-state', 'not-ready');
  await expect(agentRow(page, 'agent01')).toContainText('会议');
  const own = await api(records.url, 'GET', '/api/v1/desks/me/state', agent);
  expect(own).toMatchObject({ state: 'not-ready', reason: 'meeting', setBy: 'lead01' });

  // The agent takes a call before the lead's order lands: refused, said clearly, nothing changed.
  // First the desk follows the order, then the agent is ready again (a change after the order).
  await report(records.url, agent, { state: 'not-ready', reason: 'meeting', call: null });
  await report(records.url, agent, { state: 'ready', reason: null, call: null });
  await refresh.click();
  await expect(agentRow(page, 'agent01')).toHaveAttribute('data-state', 'ready');
  await agentRow(page, 'agent01').getByTestId('set-not-ready').click();
  await report(records.url, agent, {
    state: 'on-call',
    reason: null,
    call: { ...CALL, callId: 'e2e-floor-call-2', awaitingApproval: false, step: 'basic' },
  });
  await page.getByTestId('set-not-ready-confirm').click();
  await expect(page.getByTestId('floor-order-result')).toHaveAttribute('data-code', 'conflict');
  await expect(page.getByTestId('floor-order-result')).toContainText('张伟正在通话');
  await expect(agentRow(page, 'agent01')).toHaveAttribute('data-state', 'on-call');

  const queues = await openRoom(page, 'queues');
  const stats = queues.getByTestId('queue-stats');
  // The desk's calls count in the reporting agent's team's queue: the lead's own, shown first.
  await expect(page.getByTestId('queue-team')).toHaveValue('信用卡一组');
  await expect(stats).toHaveAttribute('data-offered', '3');
  await expect(stats).toHaveAttribute('data-answered', '1');
  await expect(stats).toHaveAttribute('data-abandoned', '1');
  expect(Number(await stats.getAttribute('data-longest-wait-ms'))).toBeGreaterThanOrEqual(5_000);
  await snap(page, 'zh-CN', 'queues');

  await page.getByTestId('language-select').selectOption('en');
  await expect(queues.getByRole('heading', { name: "Today's queue" })).toBeVisible();
  await snap(page, 'en', 'queues');
  await openRoom(page, 'floor');
  await expect(agentRow(page, 'agent01')).toContainText('On a call');
  await snap(page, 'en', 'floor');
  await page.getByTestId('floor-team').selectOption('all');
  await expect(agentRow(page, 'agent01').getByTestId('floor-agent-team')).toBeVisible();
  await snap(page, 'en', 'floor-all-teams');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await snap(page, 'en', 'floor-1920');
});
