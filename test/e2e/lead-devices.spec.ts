// The lead revokes a workstation from the console (Art. 11): the lead's own desk registered its
// signing key at its first journal sync, shows up in the Workstations room, and after Revoke and
// Confirm it is revoked — checked against the records service's own list — in a room with no
// serious accessibility violation, in both languages' labels (the lead's language is zh-CN).
import { expect, test } from './fixtures.js';
import { signInLead } from './lead.js';
import { room, seriousViolations } from './lead-console-helpers.js';

test('a lead sees the workstations and revokes one', async ({ page, web, records }) => {
  await signInLead(page, web.url);
  const devices = await room(page, 'devices');
  const rows = devices.getByTestId('device-row');
  // The desk registers at its first sync after sign-in; the room reads the list at sign-in.
  await expect
    .poll(
      async () => {
        await devices.getByRole('button', { name: '刷新' }).click();
        return rows.count();
      },
      { timeout: 15_000 },
    )
    .toBeGreaterThan(0);
  const row = rows.first();
  const deviceId = await row.getAttribute('data-device');
  await expect(row).toHaveAttribute('data-status', 'active');
  expect(await seriousViolations(page, '[data-testid="lead-devices"]')).toEqual([]);

  await row.getByTestId('device-revoke').click();
  await row.getByTestId('device-revoke-confirm').click();
  await expect(row).toHaveAttribute('data-status', 'revoked');
  await expect(row.getByTestId('device-revoke')).toHaveCount(0);
  expect(await seriousViolations(page, '[data-testid="lead-devices"]')).toEqual([]);

  // The records service agrees.
  const token = await (
    await fetch(`${records.url}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'lead01', password: 'demo-pass-1' }),
    })
  ).json();
  const list = (await (
    await fetch(`${records.url}/api/v1/devices`, {
      headers: { authorization: `Bearer ${(token as { token: string }).token}` },
    })
  ).json()) as { devices: { deviceId: string; status: string }[] };
  expect(list.devices.find((d) => d.deviceId === deviceId)?.status).toBe('revoked');
});
