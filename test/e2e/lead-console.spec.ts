// The team lead's console over a scaled-out records service (Art. 10, 26): two agents' desks on
// instance A, the lead's on instance B, one PostgreSQL, calls through Kamailio. What an agent's
// desk reports through A reaches the lead's screen through B — the floor within a second.
import { CUSTOMERS, expect, masked, recordsApi, test } from './fixtures-floor.js';
import { CONSOLE_ROOMS } from '../../renderer/lead/console/LeadConsole.js';
import { consoleTab } from './lead.js';
import {
  consoleSpec,
  floorAgent,
  FOLLOW_MS,
  OFFLINE_MS,
  queueFigures,
  room,
  ROOM_MS,
  seriousViolations,
} from './lead-console-helpers.js';
import { answer, customerCalls, hangUp } from './verify-helpers.js';

// Three web hosts, two records services, Kamailio and the customers' phones on a small machine.
consoleSpec(240_000);

test('two instances on one PostgreSQL: what an agent does through A reaches the lead through B', async ({
  verifyRecords,
  recordsB,
  leadStream,
}) => {
  expect(recordsB.url).not.toBe(verifyRecords.url);
  const agentOnA = await recordsApi(verifyRecords.url, 'senior01');
  const leadOnB = await recordsApi(recordsB.url, 'lead01');

  // A desk's state report through A: the lead's stream on B names the agent, and B's floor
  // answers the new state (nothing lives in one instance's memory).
  const reported = Date.now();
  const report = await agentOnA('PUT', '/api/v1/desks/me/state', {
    deviceId: 'e2e-probe',
    state: 'not-ready',
    reason: 'meeting',
    connectivity: 'online',
    backlog: 0,
  });
  expect(report.status).toBe(200);
  const push = await leadStream.next(
    (p) => p.kind === 'floor.changed' && p.username === 'senior01',
    reported,
  );
  expect(push.receivedAt - reported, 'the push crossed instances within a second').toBeLessThan(
    1_000,
  );
  const floor = await leadOnB<{ agents: { username: string; name: string; state: string }[] }>(
    'GET',
    '/api/v1/floor',
  );
  expect(floor.status).toBe(200);
  expect(floor.body.agents.find((a) => a.username === 'senior01')).toMatchObject({
    name: '李强',
    state: 'not-ready',
  });

  // An over-permission attempt through A (an agent reading the floor) is refused there and
  // raised as an alert the lead hears of on B.
  const tried = Date.now();
  expect((await agentOnA('GET', '/api/v1/floor')).status).toBe(403);
  const raised = await leadStream.next((p) => p.kind === 'alert.raised', tried);
  const alert = await leadOnB<{ kind: string; agentUsername: string }>(
    'GET',
    `/api/v1/alerts/${raised.id}`,
  );
  expect(alert.body).toMatchObject({ kind: 'over-permission', agentUsername: 'senior01' });
});

test('two agents on instance A and the lead on instance B sign in, each in their own browser', async ({
  desk,
  desk2,
  leadDesk,
  verifyRecords,
  recordsB,
}) => {
  expect(desk.context).not.toBe(desk2.context);
  expect(leadDesk.context).not.toBe(desk.context);
  for (const d of [desk, desk2, leadDesk])
    await expect(d.page.getByTestId('agent-name')).toBeVisible();
  // Each web host talks to its own instance: the agents to A, the lead to B.
  expect(desk.web.output() + desk2.web.output()).not.toContain(recordsB.url);
  expect(leadDesk.web.output()).not.toContain(verifyRecords.url);
  // The lead's console is one click away (its approvals room was there before the floor).
  await expect(await consoleTab(leadDesk.page, 'approvals')).toBeVisible();
});

test('an agent goes not ready and back, takes a call, and the lead’s floor follows within a second', async ({
  desk,
  desk2,
  leadDesk,
  callFrom,
  lines,
  snap,
}) => {
  const floor = await room(leadDesk.page, 'floor');
  const agent = floorAgent(floor, 'agent01');
  const other = floorAgent(floor, 'senior01');
  // Signed in and ready: the desks reported at once (by name on the floor, not username).
  await expect(agent).toHaveAttribute('data-state', 'ready', { timeout: ROOM_MS });
  await expect(other).toHaveAttribute('data-state', 'ready', { timeout: ROOM_MS });
  await expect(agent).toContainText('张伟');
  await expect(floor.getByTestId('floor-counts')).toBeVisible();
  void desk2;

  const state = desk.page.getByTestId('agent-state');
  await state.selectOption('not-ready:meeting');
  await expect(agent).toHaveAttribute('data-state', 'not-ready', { timeout: FOLLOW_MS });
  await snap(leadDesk.page, '01-floor-agent-not-ready');
  await state.selectOption('ready');
  await expect(agent).toHaveAttribute('data-state', 'ready', { timeout: FOLLOW_MS });

  const li = CUSTOMERS.liNa;
  const phone = await callFrom(li.mobile);
  await customerCalls(desk, phone, lines.agent.user, [li, CUSTOMERS.zhaoMin]);
  await expect(agent).toHaveAttribute('data-state', 'ringing', { timeout: FOLLOW_MS });
  await answer(desk, phone);
  await expect(agent).toHaveAttribute('data-state', 'on-call', { timeout: FOLLOW_MS });
  // The current call, masked (Art. 11).
  await expect(agent).toContainText(masked.mobile(li), { timeout: FOLLOW_MS });
  await expect(agent).not.toContainText(li.mobile);
  await expect(other).toHaveAttribute('data-state', 'ready');
  await snap(leadDesk.page, '02-floor-agent-on-call');
  await hangUp(desk, phone);
  // No after-call work on these desks (wrapUpSeconds 0): straight back to ready.
  await expect(agent).toHaveAttribute('data-state', 'ready', { timeout: FOLLOW_MS });
});

test('a call the customer abandons while it rings counts as abandoned in the queue figures', async ({
  desk,
  leadDesk,
  recordsB,
  callFrom,
  lines,
  snap,
}) => {
  const queues = await room(leadDesk.page, 'queues');
  const stats = queues.getByTestId('queue-stats');
  await expect(stats).toHaveAttribute('data-offered', '0', { timeout: ROOM_MS });
  const wang = CUSTOMERS.wangFang;

  // Rings, and the caller hangs up first (a CANCEL before any answer).
  const first = await callFrom(wang.mobile);
  await customerCalls(desk, first, lines.agent.user, [wang]);
  await expect(stats).toHaveAttribute('data-offered', '1', { timeout: ROOM_MS });
  await first.hangup();
  await expect(desk.page.getByTestId('incoming-call')).toHaveCount(0);
  await expect(stats).toHaveAttribute('data-abandoned', '1', { timeout: ROOM_MS });
  await expect(stats).toHaveAttribute('data-answered', '0');

  // Rings and is answered.
  const second = await callFrom(wang.mobile);
  await customerCalls(desk, second, lines.agent.user, [wang]);
  await answer(desk, second);
  await expect(stats).toHaveAttribute('data-answered', '1', { timeout: ROOM_MS });
  await hangUp(desk, second);
  const figures = await queueFigures(queues);
  expect(figures).toMatchObject({ offered: 2, answered: 1, abandoned: 1 });
  // Nothing waits now; the longest wait of the day is the calls' ringing time.
  expect(figures.longestWaitMs).toBe(0);
  expect(figures.longestWaitTodayMs).toBeGreaterThan(0);
  await snap(leadDesk.page, '03-queues');

  // The same figures from the lead's instance.
  const lead = await recordsApi(recordsB.url, 'lead01');
  const today = await lead<{ offered: number; answered: number; abandoned: number }>(
    'GET',
    '/api/v1/queues/today',
  );
  expect(today.body).toMatchObject({ offered: 2, answered: 1, abandoned: 1 });
});

test('a desk killed mid-shift shows offline on the lead’s floor within 30 s', async ({
  desk2,
  leadDesk,
  snap,
}) => {
  const floor = await room(leadDesk.page, 'floor');
  const agent = floorAgent(floor, 'senior01');
  await expect(agent).toHaveAttribute('data-state', 'ready', { timeout: ROOM_MS });
  // The browser tab and the desk's process die; nothing signs out.
  await desk2.page.close();
  await desk2.web.kill();
  await expect(agent).toHaveAttribute('data-state', 'offline', { timeout: OFFLINE_MS });
  await expect(floor.getByTestId('floor-counts')).toBeVisible();
  await snap(leadDesk.page, '04-floor-desk-offline');
});

test('every console room passes axe and is photographed in zh-CN and en, at 1280×800 and 1920×1080', async ({
  verifyRecords,
  desk,
  leadDesk,
  snap,
}) => {
  void desk;
  const lp = leadDesk.page;
  // Something in the alerts room: an agent's over-permission attempt.
  const agent = await recordsApi(verifyRecords.url, 'agent01');
  expect((await agent('GET', '/api/v1/floor')).status).toBe(403);
  const problems: string[] = [];
  for (const language of ['zh-CN', 'en'] as const) {
    await lp.getByTestId('language-select').selectOption(language);
    await expect(lp.locator('html')).toHaveAttribute('lang', language);
    for (const size of [
      { width: 1280, height: 800 },
      { width: 1920, height: 1080 },
    ]) {
      await lp.setViewportSize(size);
      for (const name of CONSOLE_ROOMS) {
        await room(lp, name);
        await expect(await consoleTab(lp, name)).toHaveAttribute('aria-selected', 'true');
        await snap(lp, `room-${name}-${language}-${size.width}`);
        for (const v of await seriousViolations(lp, '[data-testid="lead-console"]'))
          problems.push(`${name} (${language}, ${size.width}): ${v}`);
      }
    }
  }
  expect(problems, 'no serious or critical axe violations in any room').toEqual([]);
});
