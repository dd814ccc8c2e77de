// The lead's console rendered (react-dom/server, plain Node): a room per tab with what waits in
// it; a tier that does not approve gets no console and no switch.
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import type { Language } from '../../../../common/domain.js';
import { ok } from '../../../../common/result.js';
import { createI18n } from '../../../../renderer/i18n/index.js';
import { createApprovalsController } from '../../../../renderer/lead/approvals.js';
import { createCallbackQueueController } from '../../../../renderer/lead/callback-queue.js';
import { createAlertsController } from '../../../../renderer/lead/alerts/controller.js';
import { LeadRooms } from '../../../../renderer/lead/console/LeadRooms.js';
import { createFloorController } from '../../../../renderer/lead/floor/floor-controller.js';
import { createComplaintsController } from '../../../../renderer/lead/complaints/controller.js';
import { createReportsController } from '../../../../renderer/lead/reports/controller.js';
import { initialViewFrom } from '../../../../renderer/shell/initial-view.js';
import { Shell } from '../../../../renderer/shell/Shell.js';
import { createAppController } from '../../../../renderer/state/app-controller.js';
import { demoAgent, fakeAgentDesk } from '../fake-agent-desk.js';
import { section, testIds, text, unnamedControls } from '../html.js';
import { openCallback } from './fixtures.js';

function leadControllers(tier: 'agent' | 'lead') {
  const api = fakeAgentDesk({ 'auth:current': () => ok({ agent: { ...demoAgent, tier } }) });
  const sessionStore = createAppController(api).stores.session;
  sessionStore.dispatch({ type: 'agent-loaded', agent: { ...demoAgent, tier } });
  const approvals = createApprovalsController({ api, session: sessionStore });
  const callbacks = createCallbackQueueController({ api, session: sessionStore });
  const floor = createFloorController({ api, session: sessionStore });
  approvals.start();
  callbacks.start();
  floor.start();
  callbacks.store.dispatch({ type: 'loaded', callbacks: [openCallback()], total: 1 });
  const alerts = createAlertsController({
    api,
    session: sessionStore,
    alarm: { sound() {}, notify() {}, requestPermission: async () => {} },
    notificationText: () => ({ title: '', body: '' }),
  });
  const complaints = createComplaintsController({ api, session: sessionStore });
  const reports = createReportsController({
    api,
    session: sessionStore,
    host: () => ({ host: 'web', save() {}, print() {} }),
  });
  return { approvals, callbacks, floor, alerts, complaints, reports };
}

const render = (language: Language, element: ReactElement) =>
  renderToStaticMarkup(createElement(I18nextProvider, { i18n: createI18n(language) }, element));

describe('lead console', () => {
  it.each(['zh-CN', 'en'] as const)('has a tab per room with its count (%s)', (language) => {
    const html = render(language, createElement(LeadRooms, { lead: leadControllers('lead') }));
    expect(testIds(html)).toContain('lead-console');
    expect(html).toMatch(/data-testid="console-tab" data-room="callbacks" data-count="1"/);
    // The floor is the first room, and the one shown.
    expect(html.match(/data-testid="console-tab" data-room="([a-z]+)"/)?.[1]).toBe('floor');
    expect(html).toMatch(/data-testid="console-room" data-room="floor"/);
    expect(text(section(html, 'console-room'))).not.toBe('');
    expect(unnamedControls(html)).toEqual([]);
    expect(text(html)).not.toMatch(/\blead\.[a-zA-Z]/);
    expect(text(html)).toContain(language === 'en' ? 'Call-backs' : '回拨');
  });

  it('is offered by a switch in the top bar, with the desk in front and mounted behind', () => {
    const shell = (console?: ReactElement) =>
      render(
        'en',
        createElement(Shell, {
          agent: demoAgent,
          demo: false,
          signingOut: false,
          language: { value: 'en', locked: false, busy: false, onChange: () => {} },
          onSignOut: () => {},
          banners: null,
          console,
        }),
      );
    const lead = shell(createElement('p', null, 'rooms'));
    expect(lead).toMatch(/data-testid="view-switch" data-view="console"/);
    expect(lead).toMatch(/hidden="" data-testid="console-view"/);
    expect(lead).toMatch(/class="shell-view" data-testid="desk-view"/);
    const agent = shell(undefined);
    expect(testIds(agent)).not.toContain('view-switch');
    expect(testIds(agent)).not.toContain('console-view');
  });

  it('starts in the console for `?view=console` (a console window); the desk otherwise', () => {
    expect(initialViewFrom('?view=console')).toBe('console');
    expect(initialViewFrom('?token=abc&view=console')).toBe('console');
    expect(initialViewFrom('')).toBe('desk');
    expect(initialViewFrom('?view=desk')).toBe('desk');
    expect(initialViewFrom('?view=CONSOLE')).toBe('desk');
    const shell = (initialView: 'desk' | 'console' | undefined, console?: ReactElement) =>
      render(
        'en',
        createElement(Shell, {
          agent: demoAgent,
          demo: false,
          signingOut: false,
          language: { value: 'en', locked: false, busy: false, onChange: () => {} },
          onSignOut: () => {},
          banners: null,
          console,
          ...(initialView ? { initialView } : {}),
        }),
      );
    const rooms = createElement('p', null, 'rooms');
    const consoleFirst = shell('console', rooms);
    expect(consoleFirst).toMatch(/class="shell-view" data-testid="console-view"/);
    expect(consoleFirst).toMatch(/hidden="" data-testid="desk-view"/);
    expect(shell(undefined, rooms)).toMatch(/hidden="" data-testid="console-view"/);
    // Without a console (a tier that does not approve) the desk is shown whatever was asked.
    expect(shell('console')).toMatch(/class="shell-view" data-testid="desk-view"/);
  });

  it('a console-only window has no desk to switch to; the desk offers a console tab', () => {
    const base = {
      agent: demoAgent,
      demo: false,
      signingOut: false,
      language: { value: 'en' as const, locked: false, busy: false, onChange: () => {} },
      onSignOut: () => {},
      banners: null,
      console: createElement('p', null, 'rooms'),
    };
    const consoleOnly = render(
      'en',
      createElement(Shell, { ...base, initialView: 'console', consoleOnly: true }),
    );
    expect(testIds(consoleOnly)).not.toContain('view-switch');
    expect(testIds(consoleOnly)).not.toContain('desk-view');
    expect(consoleOnly).toMatch(/class="shell-view" data-testid="console-view"/);
    const desk = render('en', createElement(Shell, { ...base, openConsoleWindow: () => {} }));
    expect(desk).toMatch(
      /aria-label="Open the console in a new tab[^"]*"[^>]*data-testid="console-new-window"/,
    );
    expect(testIds(render('en', createElement(Shell, base)))).not.toContain('console-new-window');
  });
});
