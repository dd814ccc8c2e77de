// The desk on the live floor, end to end through the web host: the agent's state reaches the
// records service at once, and a lead's not-ready order reaches the desk over the push stream —
// the agent state follows and a banner says who set it.
import { expect, KAMAILIO_MISSING, test } from './fixtures-phone.js';

test.skip(KAMAILIO_MISSING !== null, KAMAILIO_MISSING ?? '');

test('desk presence: state reported at once; a lead’s not-ready order followed', async ({
  desk,
  records,
}) => {
  const { page } = desk;
  const signIn = await fetch(`${records.url}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'lead01', password: 'demo-pass-1' }),
  });
  const { token } = (await signIn.json()) as { token: string };
  const asLead = { authorization: `Bearer ${token}` };
  const onFloor = async () => {
    const route = `/api/v1/floor/agents/${desk.login.username}`;
    const response = await fetch(`${records.url}${route}`, { headers: asLead });
    return (await response.json()) as { state: string; reason: string | null };
  };

  const agentState = page.getByTestId('agent-state');
  await expect.poll(onFloor, { timeout: 5_000 }).toMatchObject({ state: 'ready' });
  await agentState.selectOption('not-ready:meeting');
  await expect
    .poll(onFloor, { timeout: 1_000, intervals: [50] })
    .toMatchObject({ state: 'not-ready', reason: 'meeting' });
  await agentState.selectOption('ready');
  await expect.poll(onFloor, { timeout: 1_000, intervals: [50] }).toMatchObject({ state: 'ready' });

  const order = await fetch(`${records.url}/api/v1/desks/${desk.login.username}/not-ready`, {
    method: 'POST',
    headers: { ...asLead, 'content-type': 'application/json' },
    body: JSON.stringify({ reason: 'training' }),
  });
  expect(order.status).toBe(200);
  await expect(page.getByTestId('not-ready-order')).toContainText('王丽');
  await expect(agentState).toHaveAttribute('data-state', 'not-ready');
  await expect(agentState).toHaveValue('not-ready:training');
  await page.screenshot({ path: test.info().outputPath('not-ready-order.png') });
  await expect
    .poll(() => desk.journal().filter((e) => e.type === 'desk.not-ready-ordered').length)
    .toBe(1);
});
