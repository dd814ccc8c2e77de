// The indicator rendered (react-dom/server, plain Node) in both languages, and where the app puts
// it: in the top bar once signed in, in the sign-in bar before. The backlog element holds exactly
// one number — the e2e reads it from the text.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import type { Connectivity } from '../../../../common/connectivity.js';
import type { Language } from '../../../../common/domain.js';
import { App } from '../../../../renderer/app/App.js';
import { createConnectivityController } from '../../../../renderer/connectivity/controller.js';
import { ConnectivityIndicator } from '../../../../renderer/connectivity/ConnectivityIndicator.js';
import {
  initialConnectivity,
  type ConnectivityState,
} from '../../../../renderer/connectivity/state.js';
import { createI18n } from '../../../../renderer/i18n/index.js';
import { AgentDeskProvider } from '../../../../renderer/platform/agent-desk.js';
import { createAppController } from '../../../../renderer/state/app-controller.js';
import { demoAgent, fakeAgentDesk } from '../fake-agent-desk.js';
import { connectivity, fakePage, recordsDown } from './fixtures.js';

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
const decode = (s: string) =>
  s
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
/** The element with this test id: its opening tag and its text. */
function element(html: string, testId: string): { tag: string; text: string } | null {
  const start = html.indexOf(`data-testid="${testId}"`);
  if (start < 0) return null;
  const open = html.lastIndexOf('<', start);
  const name = /^<([a-z]+)/.exec(html.slice(open))![1]!;
  let depth = 0;
  const re = new RegExp(`<(/?)${name}\\b[^>]*>`, 'g');
  re.lastIndex = open;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    depth += m[1] ? -1 : 1;
    if (depth === 0) {
      const tagEnd = html.indexOf('>', open) + 1;
      return { tag: html.slice(open, tagEnd), text: decode(text(html.slice(tagEnd, m.index))) };
    }
  }
  return null;
}
const attr = (tag: string, name: string) =>
  new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1] ?? null;

function render(state: ConnectivityState, language: Language = 'zh-CN'): string {
  return renderToStaticMarkup(
    createElement(
      I18nextProvider,
      { i18n: createI18n(language) },
      createElement(ConnectivityIndicator, { state, formatTime: (at: string) => at.slice(11, 16) }),
    ),
  );
}
const known = (c: Connectivity): ConnectivityState => ({ current: c, problem: null });

describe.each(['zh-CN', 'en'] as const)('connectivity indicator in %s', (language) => {
  it.each([
    ['online', connectivity(), []],
    ['degraded', recordsDown(), ['records']],
    ['degraded', connectivity({ state: 'degraded', sip: 'down' }), ['sip']],
    [
      'offline',
      connectivity({ state: 'offline', os: 'offline', records: 'down', sip: 'down' }),
      ['network', 'records', 'sip'],
    ],
  ] as const)('shows %s and names what is down (%j)', (name, c, down) => {
    const html = render(known(c), language);
    const indicator = element(html, 'connectivity')!;
    expect(attr(indicator.tag, 'data-state')).toBe(name);
    expect(indicator.text).not.toMatch(/connectivity\./);
    const detail = element(html, 'connectivity-detail');
    if (down.length === 0) expect(detail).toBeNull();
    else expect(attr(detail!.tag, 'data-down')).toBe(down.join(' '));
  });

  it('carries the backlog as the only number in its element, and as data-count', () => {
    for (const backlog of [0, 3, 1234]) {
      const backlogEl = element(
        render(known(recordsDown({ backlog })), language),
        'journal-backlog',
      )!;
      expect(attr(backlogEl.tag, 'data-count')).toBe(String(backlog));
      expect(backlogEl.text.match(/\d+/g)).toEqual([String(backlog)]);
    }
  });

  it('warns about dead letters only when there are some', () => {
    expect(
      element(render(known(connectivity({ deadLettered: 0 })), language), 'journal-dead-letters'),
    ).toBeNull();
    const dead = element(
      render(known(connectivity({ deadLettered: 2, backlog: 5 })), language),
      'journal-dead-letters',
    )!;
    expect(attr(dead.tag, 'data-count')).toBe('2');
    expect(dead.text).toContain('2');
    expect(attr(dead.tag, 'title')).toBeTruthy();
  });

  it('says the journal is refused for this workstation, with what to do in the tooltip', () => {
    expect(element(render(known(connectivity()), language), 'journal-refused')).toBeNull();
    const refused = element(
      render(known(connectivity({ syncRefused: 'device-revoked', backlog: 3 })), language),
      'journal-refused',
    )!;
    expect(attr(refused.tag, 'data-code')).toBe('device-revoked');
    expect(attr(refused.tag, 'role')).toBe('alert');
    expect(refused.text).not.toMatch(/connectivity\.|error\./);
    expect(attr(refused.tag, 'title')).toMatch(language === 'en' ? /revoked/ : /吊销/);
  });

  it('is "unknown" with no backlog before main answers', () => {
    const html = render(initialConnectivity, language);
    expect(attr(element(html, 'connectivity')!.tag, 'data-state')).toBe('unknown');
    expect(element(html, 'journal-backlog')).toBeNull();
  });
});

describe('connectivity indicator: wording', () => {
  it('names the records service in the detail and every link in the tooltip', () => {
    const html = render(known(recordsDown({ backlog: 3 })));
    expect(element(html, 'connectivity')!.text).toContain('部分服务中断');
    expect(element(html, 'connectivity-detail')!.text).toBe('记录服务不可用');
    expect(element(html, 'journal-backlog')!.text).toBe('待同步 3 条');
    const title = decode(attr(element(html, 'connectivity')!.tag, 'title')!);
    expect(title).toContain('记录服务：中断');
    expect(title).toContain('电话线路：正常');
    expect(title).toContain('最近同步：09:00');
  });

  it('joins several links the English way, and names the phone line when only SIP is down', () => {
    const html = render(
      known(connectivity({ state: 'offline', os: 'offline', records: 'down', sip: 'down' })),
      'en',
    );
    expect(element(html, 'connectivity-detail')!.text).toBe(
      'Down: network, records service, and phone line',
    );
    expect(
      element(
        render(known(connectivity({ state: 'degraded', sip: 'down' })), 'en'),
        'connectivity-detail',
      )!.text,
    ).toBe('Down: phone line');
    expect(element(render(known(recordsDown({ backlog: 3 })), 'en'), 'journal-backlog')!.text).toBe(
      '3 to sync',
    );
  });
});

describe('where the app shows it', () => {
  function renderApp(signedIn: boolean) {
    const api = fakeAgentDesk();
    const controller = createAppController(api);
    controller.stores.session.dispatch({
      type: 'agent-loaded',
      agent: signedIn ? demoAgent : null,
    });
    controller.stores.settings.dispatch({
      type: 'settings-loaded',
      view: { values: { language: 'zh-CN' }, locked: [] },
    });
    const links = createConnectivityController({ api, page: fakePage() });
    links.store.dispatch({ type: 'loaded', connectivity: recordsDown({ backlog: 2 }) });
    return renderToStaticMarkup(
      createElement(
        I18nextProvider,
        { i18n: createI18n('zh-CN') },
        createElement(
          AgentDeskProvider,
          { api },
          createElement(App, { controller, connectivity: links }),
        ),
      ),
    );
  }
  const footer = (html: string) =>
    html.slice(html.indexOf('<footer class="app-footer"'), html.indexOf('</footer>'));

  it.each([
    ['signed in', true, 'data-testid="sign-out"'],
    ['before sign-in', false, 'data-testid="login-submit"'],
  ] as const)('in the footer (the status bar), %s', (_name, signedIn, screen) => {
    const html = renderApp(signedIn);
    expect(html).toContain(screen);
    expect(footer(html)).toContain('data-testid="connectivity"');
    expect(html.match(/data-testid="connectivity"/g)).toHaveLength(1);
    expect(attr(element(html, 'journal-backlog')!.tag, 'data-count')).toBe('2');
  });
});
