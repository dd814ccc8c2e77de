// The softphone's screens rendered (react-dom/server, plain Node) for each state of a call, in both
// languages: the automation hooks customers' QA teams script against are there, every control has
// an accessible name, no catalogue key is missing, and nothing secret reaches the markup.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import type { Language } from '../../../../common/domain.js';
import { ok } from '../../../../common/result.js';
import { createI18n } from '../../../../renderer/i18n/index.js';
import type { PhoneState } from '../../../../renderer/phone/types.js';
import { createDesk } from '../../../../renderer/softphone/desk.js';
import { Softphone } from '../../../../renderer/softphone/Softphone.js';
import { createAppController } from '../../../../renderer/state/app-controller.js';
import {
  demoAgent,
  fakeAgentDesk,
  settle,
  TEST_SIP_PASSWORD,
  type FakeHandlers,
} from '../fake-agent-desk.js';
import { activeCall, callRecord, fakePhone } from './fake-phone.js';

async function deskWith(state: Partial<PhoneState>, handlers: FakeHandlers = {}) {
  const api = fakeAgentDesk({ 'auth:current': () => ok({ agent: demoAgent }), ...handlers });
  const controller = createAppController(api);
  const phone = fakePhone(state);
  const desk = createDesk({ api, session: controller.stores.session, createPhone: () => phone });
  desk.start();
  controller.start();
  await settle();
  await settle();
  return { desk, phone };
}

function render(
  desk: Awaited<ReturnType<typeof deskWith>>['desk'],
  language: Language = 'zh-CN',
): string {
  return renderToStaticMarkup(
    createElement(
      I18nextProvider,
      { i18n: createI18n(language) },
      createElement(Softphone, { desk }),
    ),
  );
}

const testIds = (html: string) =>
  new Set([...html.matchAll(/data-testid="([^"]+)"/g)].map((m) => m[1]!));
const text = (html: string) => html.replace(/<[^>]+>/g, '').trim();
const attr = (tag: string, name: string) =>
  new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1] ?? null;

/** Every button, select and input has a name: its text, aria-label, or a <label for>. */
function unnamedControls(html: string): string[] {
  const problems: string[] = [];
  const labelled = new Set([...html.matchAll(/<label[^>]*\sfor="([^"]+)"/g)].map((m) => m[1]!));
  for (const match of html.matchAll(/<button([^>]*)>([\s\S]*?)<\/button>/g)) {
    if (!attr(match[1]!, 'aria-label') && text(match[2]!) === '')
      problems.push(`button ${match[1]}`);
  }
  for (const match of html.matchAll(/<(select|input)([^>]*)>/g)) {
    const id = attr(match[2]!, 'id');
    if (!attr(match[2]!, 'aria-label') && !(id && labelled.has(id)))
      problems.push(`${match[1]} ${match[2]}`);
  }
  return problems;
}

const ringing = activeCall({ phase: 'ringing', answeredAt: null });
const sample = { at: 0, rttMs: 520, jitterMs: 40, lossPct: 5, mos: 2.9 };
const scenarios: [string, Partial<PhoneState>, string[]][] = [
  [
    'idle and registered',
    {
      history: [
        callRecord(),
        callRecord({ id: '40000000-0000-4000-8000-000000000002', outcome: 'missed', name: null }),
      ],
    },
    ['sip-status', 'agent-state', 'dialpad-input', 'dial', 'call-history'],
  ],
  [
    'ringing',
    { call: ringing },
    ['sip-status', 'agent-state', 'incoming-call', 'caller-id', 'answer', 'reject', 'call-state'],
  ],
  [
    'in a call',
    { call: activeCall({ quality: [sample, sample, sample], qualityWarning: true }) },
    ['call-state', 'call-timer', 'caller-id', 'hold', 'mute', 'hangup', 'quality-warning'],
  ],
  [
    'dialling out',
    { call: activeCall({ direction: 'outbound', phase: 'alerting', answeredAt: null }) },
    ['call-state', 'hangup', 'caller-id'],
  ],
  [
    'consulting a colleague',
    { call: activeCall({ phase: 'held', consult: { number: '3001', phase: 'connected' } }) },
    ['transfer-panel', 'transfer-complete', 'consult-cancel', 'consult-state'],
  ],
  [
    'with secure entry running',
    { call: activeCall(), secureEntry: { active: true, digitCount: 4 } },
    ['secure-entry-indicator'],
  ],
  [
    'line failed, device fell back, an error',
    {
      registration: {
        kind: 'failed',
        reason: '503 Service Unavailable',
        nextRetryAt: Date.now() + 8_000,
      },
      devices: {
        microphones: [],
        speakers: [],
        microphoneId: 'default',
        speakerId: 'default',
        ringerId: 'default',
        notice: { kind: 'microphone-fallback', label: 'Jabra' },
      },
      lastError: { key: 'call-failed', params: { status: '480 Temporarily Unavailable' } },
      agent: {
        state: 'wrap-up',
        reason: null,
        since: 0,
        wrapUpEndsAt: Date.now() + 20_000,
        declinedWhileNotReady: 2,
      },
    },
    ['sip-status', 'device-notice', 'phone-error', 'agent-wrap-up', 'declined-count'],
  ],
];

describe.each(['zh-CN', 'en'] as const)('softphone screens in %s', (language) => {
  it.each(scenarios)(
    '%s: hooks present, every control named, no missing text',
    async (_name, state, hooks) => {
      const { desk } = await deskWith(state);
      const html = render(desk, language);
      for (const hook of hooks) expect(testIds(html), hook).toContain(hook);
      expect(unnamedControls(html)).toEqual([]);
      expect(html).not.toMatch(/softphone\.[a-z]/);
      expect(html).not.toContain(TEST_SIP_PASSWORD);
    },
  );
});

describe('softphone screens: details', () => {
  it('shows the number grouped for reading, whole in data-number, and whether the network verified it', async () => {
    const { desk } = await deskWith({ call: ringing });
    const html = render(desk);
    expect(text(html)).toContain('138 1234 5678');
    expect(html).toContain('data-number="13812345678"');
    expect(html).toContain('data-source="pai"');
    expect(html).toContain('号码已由运营商网络验证');
    const unverified = render(
      (
        await deskWith({
          call: activeCall({
            phase: 'ringing',
            answeredAt: null,
            remote: { number: '2001', displayName: null, source: 'from' },
          }),
        })
      ).desk,
      'en',
    );
    expect(unverified).toContain('Number not verified by the network');
    // A call the desk placed (e.g. the Art. 14 call-back) has no caller to vouch for.
    const placed = render(
      (
        await deskWith({
          call: activeCall({
            direction: 'outbound',
            remote: { number: '139****0002', displayName: null, source: 'from' },
          }),
        })
      ).desk,
      'en',
    );
    expect(placed).toContain('139****0002');
    expect(placed).not.toContain('verified by the network');
  });

  it('states the registration and call phase as attributes automation can wait on', async () => {
    const html = render((await deskWith({ call: activeCall({ phase: 'held' }) })).desk);
    expect(html).toMatch(/data-testid="sip-status" data-state="registered"/);
    expect(html).toMatch(/data-testid="call-state" data-phase="held"/);
    expect(html).toMatch(/data-testid="hold" aria-pressed="true"/);
    expect(html).toMatch(/data-testid="agent-state" data-state="ready"/);
  });

  it('shows the failed registration’s reason and that it retries by itself', async () => {
    const html = render(
      (await deskWith({ registration: { kind: 'failed', reason: '403 Forbidden' } })).desk,
    );
    expect(html).toContain('data-state="failed"');
    expect(text(html)).toContain('403 Forbidden');
    expect(text(html)).toContain('系统会自动重连');
  });

  it('leaves secure entry to the verification panel: only a reminder that keys are captured, no count and no controls', async () => {
    const html = render(
      (await deskWith({ call: activeCall(), secureEntry: { active: true, digitCount: 6 } })).desk,
    );
    expect(testIds(html)).toContain('secure-entry-indicator');
    expect(testIds(html)).not.toContain('secure-entry');
    expect(testIds(html)).not.toContain('secure-entry-start');
    expect(html).not.toContain('data-count');
    expect(text(html)).not.toContain('●');
  });

  it('has no shortcut, dial pad or in-call control before the microphone is explained', async () => {
    const { desk } = await deskWith(
      {},
      {
        'phone:preferences': () =>
          ok({
            microphoneExplained: false,
            locked: [],
            defaultShortcuts: { answer: '', hangup: '', hold: '', mute: '' },
          }),
      },
    );
    const html = render(desk);
    expect(testIds(html)).toEqual(
      new Set(['softphone-panel', 'microphone-explainer', 'microphone-continue']),
    );
    expect(unnamedControls(html)).toEqual([]);
  });

  it('names the history rows for what they do, their visible text included (WCAG 2.5.3)', async () => {
    const html = render((await deskWith({ history: [callRecord()] })).desk, 'en');
    const row = /<button[^>]*data-testid="history-item"[^>]*>(.*?)<\/button>/s.exec(html);
    expect(row?.[0]).not.toContain('aria-label');
    // The name comes from the content: the action (read, not shown), then who and when.
    expect(text(row?.[1] ?? '')).toMatch(/^Call back 王女士.*138 1234 5678/);
  });
});
