// The right-hand column rendered (react-dom/server, plain Node): an agent gets the check alone; a
// lead gets the check in front and the approvals inbox and call-back queue behind their tabs.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import type { Language } from '../../../../common/domain.js';
import { ok } from '../../../../common/result.js';
import { createI18n } from '../../../../renderer/i18n/index.js';
import { createApprovalsController } from '../../../../renderer/lead/approvals.js';
import { createCallbackQueueController } from '../../../../renderer/lead/callback-queue.js';
import { VerificationColumn } from '../../../../renderer/shell/VerificationColumn.js';
import { createAppController } from '../../../../renderer/state/app-controller.js';
import { demoAgent, fakeAgentDesk } from '../fake-agent-desk.js';
import { section, testIds, text, unnamedControls } from '../html.js';
import { openCallback } from '../lead/fixtures.js';
import { panelWith } from '../verification/fixtures.js';

describe('verification column', () => {
  function column(tier: 'agent' | 'lead', language: Language = 'zh-CN') {
    const api = fakeAgentDesk({ 'auth:current': () => ok({ agent: { ...demoAgent, tier } }) });
    const sessionStore = createAppController(api).stores.session;
    sessionStore.dispatch({ type: 'agent-loaded', agent: { ...demoAgent, tier } });
    const approvals = createApprovalsController({ api, session: sessionStore });
    const callbacks = createCallbackQueueController({ api, session: sessionStore });
    approvals.start();
    callbacks.start();
    callbacks.store.dispatch({ type: 'loaded', callbacks: [openCallback()] });
    return renderToStaticMarkup(
      createElement(
        I18nextProvider,
        { i18n: createI18n(language) },
        createElement(VerificationColumn, { controller: panelWith([]), approvals, callbacks }),
      ),
    );
  }

  it.each(['zh-CN', 'en'] as const)(
    'gives a lead a call-back queue tab with the count beside the approvals (%s)',
    (language) => {
      const html = column('lead', language);
      for (const hook of [
        'tab-verify',
        'approvals-tab',
        'callbacks-tab',
        'approvals-inbox',
        'callback-queue',
        'callback-item',
      ])
        expect(testIds(html), hook).toContain(hook);
      expect(html).toMatch(/data-testid="callbacks-tab" data-count="1"/);
      expect(text(section(html, 'callbacks-tab'))).toBe(
        language === 'en' ? 'Call-backs (1)' : '回拨队列（1）',
      );
      // The check is in front; the lead's rooms wait behind their tabs.
      expect(html).toMatch(
        /id="tabpanel-callbacks" role="tabpanel" aria-labelledby="tab-callbacks" class="verify-column__panel" hidden=""/,
      );
      expect(unnamedControls(html)).toEqual([]);
      expect(text(html)).not.toMatch(/\bverify\.[a-zA-Z]/);
    },
  );

  it('gives an agent the check alone', () => {
    const html = column('agent');
    for (const hook of ['callbacks-tab', 'callback-queue', 'approvals-tab'])
      expect(testIds(html)).not.toContain(hook);
    expect(testIds(html)).toContain('verify-panel');
  });
});
