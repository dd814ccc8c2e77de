// The keypad satisfaction survey through Kamailio (Art. 22): after a verified call the agent
// invites the customer, the customer's phone keys 5 by SIP INFO (application/dtmf-relay), the
// panel says only that a rating arrived — the digit is nowhere on the screen — and the records
// service holds rating 5 (read back with a lead's token). No key for 15 s is no-answer.
import { CUSTOMERS, expect, KAMAILIO_MISSING, test, type VerifyDesk } from './fixtures-verify.js';
import type { PeerHandle } from './fixtures-verify.js';
import { expectNoSeriousViolations } from './axe.js';
import {
  answer,
  chooseBusinessType,
  confirmIdentity,
  customerCalls,
  expectVerified,
  hangUp,
  panel,
  submitBasic,
} from './verify-helpers.js';

test.skip(KAMAILIO_MISSING !== null, KAMAILIO_MISSING ?? '');
test.describe.configure({ timeout: 120_000 });

/** The survey answer the records service holds for the session, read with a lead's token. */
async function surveyOf(recordsUrl: string, sessionId: string) {
  const signIn = await fetch(`${recordsUrl}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'lead01', password: 'demo-pass-1' }),
  });
  const { token } = (await signIn.json()) as { token: string };
  const res = await fetch(`${recordsUrl}/api/v1/sessions/${sessionId}/survey`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** An enquiry verified with the basic details and the read-back: the business is done. */
async function verifiedCall(desk: VerifyDesk, customer: PeerHandle, line: string) {
  const wang = CUSTOMERS.wangFang;
  await customerCalls(desk, customer, line, [wang]);
  await answer(desk, customer);
  await chooseBusinessType(desk.page, 'enquiry');
  await submitBasic(desk.page, wang.mobile, wang.nationalId);
  await confirmIdentity(desk.page, wang);
  await expectVerified(desk.page);
}

/** The panel's text without the survey card: what else the agent sees. */
const panelTextBesidesSurvey = (desk: VerifyDesk) =>
  panel(desk.page).evaluate((node) => {
    const copy = node.cloneNode(true) as HTMLElement;
    copy.querySelector('[data-testid="survey"]')?.remove();
    return copy.innerText;
  });

/** The session id the desk journaled with the answer (`survey.answered`). */
const journaledSurvey = (desk: VerifyDesk) =>
  desk.journal().find((e) => e.type === 'survey.answered');

for (const language of ['zh-CN', 'en'] as const) {
  test.describe(`in ${language}`, () => {
    test.use({ deskLanguage: language });

    test('the customer keys 5 after a verified call: the agent sees only that a rating arrived', async ({
      desk,
      callFrom,
      lines,
      verifyRecords,
      snap,
    }) => {
      const { page } = desk;
      const customer = await callFrom(CUSTOMERS.wangFang.mobile);
      await verifiedCall(desk, customer, lines.agent.user);

      const start = panel(page).getByTestId('survey-start');
      await expect(start).toHaveText(
        language === 'zh-CN' ? '邀请客户评价' : 'Invite the customer to rate',
      );
      await panel(page).getByTestId('survey').scrollIntoViewIfNeeded();
      await snap(page, '01-survey-invite');
      await start.click();
      const survey = panel(page).getByTestId('survey');
      await expect(survey).toHaveAttribute('data-phase', 'waiting');
      await expect(panel(page).getByTestId('survey-declined')).toBeVisible();
      const countdown = panel(page).getByTestId('survey-countdown');
      await expect(countdown).toHaveAttribute('data-value', /^(1[0-5]|[1-9])$/);
      await snap(page, '02-survey-waiting');
      await expectNoSeriousViolations(page, `survey waiting (${language})`);
      const before = await panelTextBesidesSurvey(desk);

      // Keys that are not a rating are ignored; the first 1–5 is the rating.
      await customer.sendInfoDtmf('*');
      await customer.sendInfoDtmf('5');
      const result = panel(page).getByTestId('survey-result');
      await expect(result).toHaveAttribute('data-value', 'received');
      await expect(panel(page).getByTestId('survey-delivery')).toHaveAttribute(
        'data-value',
        'recorded',
      );
      await snap(page, '03-survey-received');
      await expectNoSeriousViolations(page, `survey received (${language})`);

      // The digit is nowhere on the screen: the card holds no digit, nothing else in the panel
      // changed, and no attribute anywhere carries it.
      await expect(survey).not.toContainText(/\d/);
      expect(await panelTextBesidesSurvey(desk)).toBe(before);
      const html = await page.content();
      expect(html).not.toMatch(/data-[a-z-]+="5"/);

      const entry = journaledSurvey(desk);
      expect(entry?.data).toMatchObject({ outcome: 'rated', rating: 5 });
      const held = await surveyOf(verifyRecords.url, String(entry!.data.sessionId));
      expect(held).toEqual({
        status: 200,
        body: expect.objectContaining({ outcome: 'rated', rating: 5, agent: 'agent01' }),
      });
      await hangUp(desk, customer);
    });
  });
}

test('no key for 15 s is recorded as no-answer', async ({
  desk,
  callFrom,
  lines,
  verifyRecords,
  snap,
}) => {
  const { page } = desk;
  const customer = await callFrom(CUSTOMERS.wangFang.mobile);
  await verifiedCall(desk, customer, lines.agent.user);
  await panel(page).getByTestId('survey-start').click();
  const started = Date.now();
  const result = panel(page).getByTestId('survey-result');
  await expect(result).toHaveAttribute('data-value', 'no-answer', { timeout: 20_000 });
  // The window is the policy's 15 s, not shorter.
  expect(Date.now() - started).toBeGreaterThanOrEqual(14_000);
  await expect(panel(page).getByTestId('survey-delivery')).toHaveAttribute(
    'data-value',
    'recorded',
  );
  await snap(page, '04-survey-no-answer');
  // A key after the window changes nothing.
  await customer.sendInfoDtmf('4');
  const entry = journaledSurvey(desk);
  expect(entry?.data).toMatchObject({ outcome: 'no-answer', rating: null });
  const held = await surveyOf(verifyRecords.url, String(entry!.data.sessionId));
  expect(held).toEqual({
    status: 200,
    body: expect.objectContaining({ outcome: 'no-answer', rating: null }),
  });
  await expect(result).toHaveAttribute('data-value', 'no-answer');
  await hangUp(desk, customer);
});
