// A live call takes precedence over training (Art. 9): on a desk with a live line (the project's
// Kamailio on loopback, a bare sip.js peer as the customer), the agent is on a training call from
// the phone's menu when a customer rings: the training call ends, the banner says training is
// paused, the live call rings and is answered as usual, and nothing of the training call is scored.
import { expect, KAMAILIO_MISSING, test } from './fixtures-phone.js';
import { CUSTOMER_NAME, expectCallPhase, waitPeerCall } from './phone-helpers.js';

test.skip(KAMAILIO_MISSING !== null, KAMAILIO_MISSING ?? '');

test('a live call arriving during training takes the line; training pauses', async ({
  desk,
  openPeer,
  sipUsers,
}) => {
  test.setTimeout(120_000);
  const { page } = desk;
  // From the phone's menu, with a live line registered.
  await page.getByTestId('training-start').click();
  await page.locator('[data-testid="training-scenario"] [data-scenario="routine-enquiry"]').click();
  await expect(page.getByTestId('incoming-call')).toBeVisible({ timeout: 20_000 });
  await page.getByTestId('answer').click();
  const banner = page.getByTestId('training-banner');
  await expect(banner).toHaveAttribute('data-phase', 'talking');
  await page.locator('[data-testid="training-say"][data-line="greeting"]').click();

  const customer = await openPeer(sipUsers.customer, { displayName: CUSTOMER_NAME });
  await customer.call(sipUsers.agent.user);
  await expect(banner).toHaveAttribute('data-phase', 'paused', { timeout: 20_000 });
  await expect(page.getByTestId('incoming-call')).toBeVisible();
  await expect(page.getByTestId('incoming-call').getByTestId('caller-id')).toHaveAttribute(
    'data-number',
    sipUsers.customer.user,
  );
  await page.getByTestId('answer').click();
  await waitPeerCall(customer, 'established');
  await expectCallPhase(page, 'connected');
  await expect(banner).toHaveAttribute('data-phase', 'paused');
  await expect(page.getByTestId('training-score')).toHaveCount(0);
  // The training call's entries are marked in the journal; the live call's are not.
  const entries = desk.journal();
  const started = entries.filter((e) => e.type === 'phone.call-started');
  expect(started.map((e) => e.data.training === true)).toEqual([true, false]);
});
