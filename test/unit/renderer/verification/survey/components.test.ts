// The survey on the panel rendered (react-dom/server) in both languages: the invitation once the
// business is done while the call is up, the countdown and "customer declined" while waiting, and
// a result that says only that a rating arrived — `survey-result`'s data-value, never the digit.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import type { Language } from '../../../../../common/domain.js';
import { createI18n } from '../../../../../renderer/i18n/index.js';
import { SurveyCard } from '../../../../../renderer/verification/SurveyCard.js';
import type { SurveyState } from '../../../../../renderer/verification/survey/machine.js';
import type { VerificationAction } from '../../../../../renderer/verification/state.js';
import { VerificationPanel } from '../../../../../renderer/verification/VerificationPanel.js';
import { section, testIds, text, unnamedControls } from '../../html.js';
import { after, CALL_ID, panelWith, session } from '../fixtures.js';

const noop = () => {};
function card(survey: SurveyState, language: Language = 'zh-CN', live = true): string {
  return renderToStaticMarkup(
    createElement(
      I18nextProvider,
      { i18n: createI18n(language) },
      createElement(SurveyCard, {
        survey,
        live,
        unavailable: false,
        onStart: noop,
        onRestart: noop,
        onDeclined: noop,
      }),
    ),
  );
}
function panel(actions: VerificationAction[]): string {
  return renderToStaticMarkup(
    createElement(
      I18nextProvider,
      { i18n: createI18n('zh-CN') },
      createElement(VerificationPanel, { controller: panelWith(actions) }),
    ),
  );
}

const waiting: SurveyState = { phase: 'waiting', deadline: 15_000, now: 4_200, restartsLeft: 1 };

describe('survey card', () => {
  for (const language of ['zh-CN', 'en'] as const) {
    it(`reads in ${language}: invitation, countdown, result; every control named`, () => {
      const idle = card({ phase: 'idle' }, language);
      expect(testIds(idle)).toContain('survey-start');
      expect(text(section(idle, 'survey-start'))).toBe(
        language === 'zh-CN' ? '邀请客户评价' : 'Invite the customer to rate',
      );
      const wait = card(waiting, language);
      expect([...testIds(wait)]).toEqual(
        expect.arrayContaining(['survey-countdown', 'survey-declined', 'survey-restart']),
      );
      expect(section(wait, 'survey-countdown')).toContain('data-value="11"');
      expect(text(section(wait, 'survey-countdown'))).toContain('11');
      for (const html of [idle, wait]) {
        expect(unnamedControls(html)).toEqual([]);
        expect(html).not.toMatch(/survey\.|undefined/);
      }
    });
  }

  it('no re-invite left: the button is gone', () => {
    expect(testIds(card({ ...waiting, restartsLeft: 0 }))).not.toContain('survey-restart');
  });

  it('shows only that a rating arrived, declined or no-answer, and where it was recorded', () => {
    for (const result of ['received', 'declined', 'no-answer'] as const) {
      const html = card({ phase: 'done', result, delivery: 'recorded' });
      expect(section(html, 'survey-result')).toContain(`data-value="${result}"`);
      expect(testIds(html)).not.toContain('survey-start');
    }
    const pending = card({ phase: 'done', result: 'received', delivery: 'pending' }, 'en');
    expect(text(pending)).toContain('kept in the journal');
    expect(text(card({ phase: 'done', result: 'no-answer', delivery: 'recorded' }))).toContain(
      '15 秒',
    );
  });

  it('cannot start once the call is over', () => {
    expect(section(card({ phase: 'idle' }, 'zh-CN', false), 'survey-start')).toContain('disabled');
  });
});

describe('survey on the panel', () => {
  const ring: VerificationAction = {
    type: 'call-started',
    call: {
      id: CALL_ID,
      number: '13812345678',
      displayName: null,
      callerIdSource: 'pai',
      direction: 'inbound',
      answered: false,
    },
    lookup: false,
  };
  const answered: VerificationAction = { type: 'call-answered', callId: CALL_ID };
  const loaded = (status: string): VerificationAction => ({
    type: 'session-loaded',
    session: after(session(), ['basic', 'confirmation'], { status: status as never }),
  });

  it('invites once the business is done, while the call is up', () => {
    for (const status of ['verified', 'not-confirmed', 'exception', 'denied'])
      expect(testIds(panel([ring, answered, loaded(status)])), status).toContain('survey-start');
  });

  it('not while the session runs, waits for a lead, or is suspended', () => {
    for (const status of ['in-progress', 'awaiting-approval', 'suspended'])
      expect(testIds(panel([ring, answered, loaded(status)])), status).not.toContain('survey');
  });
});
