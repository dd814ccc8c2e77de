// The team lead's console over a scaled-out records service (Art. 10, 26): two agents' desks on
// instance A, the lead's on instance B, one PostgreSQL, calls through Kamailio. What an agent's
// desk reports through A reaches the lead's screen through B — the floor within a second.
import { expect, KAMAILIO_MISSING, POSTGRES_MISSING, recordsApi, test } from './fixtures-floor.js';
import { consoleTab } from './lead.js';

test.skip(KAMAILIO_MISSING !== null, KAMAILIO_MISSING ?? '');
test.skip(POSTGRES_MISSING !== null, POSTGRES_MISSING ?? '');
// Three web hosts, two records services, Kamailio and the customers' phones on a small machine.
test.setTimeout(240_000);

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
