// The softphone's display rules, as pure functions of PhoneState and the time.
import { describe, expect, it } from 'vitest';
import type { ActiveCall } from '../../../../renderer/phone/types.js';
import {
  agentStateValue,
  callControls,
  compileShortcuts,
  dialBlock,
  formatDuration,
  isCallConnected,
  isRinging,
  parseAgentStateValue,
  qualityView,
  registrationTone,
  retryInSeconds,
  shortcutCommand,
  wrapUpLeft,
} from '../../../../renderer/softphone/view.js';
import { activeCall } from './fake-phone.js';

const press = (
  code: string,
  mods: Partial<{ ctrlKey: boolean; altKey: boolean; shiftKey: boolean; metaKey: boolean }> = {},
) => ({
  ctrlKey: false,
  altKey: false,
  shiftKey: false,
  metaKey: false,
  code,
  ...mods,
});

describe('time', () => {
  it('formats durations as mm:ss, with hours only when needed', () => {
    expect(formatDuration(0)).toBe('00:00');
    expect(formatDuration(7.9)).toBe('00:07');
    expect(formatDuration(754)).toBe('12:34');
    expect(formatDuration(3723)).toBe('1:02:03');
    expect(formatDuration(-5)).toBe('00:00');
  });
});

describe('registration', () => {
  it('has a tone per status and counts down to the next retry', () => {
    expect(registrationTone({ kind: 'registered', since: 0 })).toBe('ok');
    expect(registrationTone({ kind: 'connecting', attempt: 1 })).toBe('pending');
    expect(registrationTone({ kind: 'failed', reason: '403 Forbidden' })).toBe('problem');
    expect(registrationTone({ kind: 'idle' })).toBe('off');
    expect(retryInSeconds({ kind: 'failed', reason: 'x', nextRetryAt: 10_500 }, 2_000)).toBe(9);
    expect(retryInSeconds({ kind: 'connecting', attempt: 3, nextRetryAt: 1_000 }, 2_000)).toBe(0);
    expect(retryInSeconds({ kind: 'connecting', attempt: 1 }, 0)).toBeNull();
    expect(retryInSeconds({ kind: 'registered', since: 0 }, 0)).toBeNull();
  });
});

describe('calls', () => {
  const phases: ActiveCall['phase'][] = [
    'ringing',
    'dialing',
    'alerting',
    'connected',
    'held',
    'reconnecting',
    'transferring',
    'ended',
  ];

  it('calls a call connected (keep the machine awake) only once answered and not over', () => {
    const connected = phases.filter((phase) => isCallConnected(activeCall({ phase })));
    expect(connected).toEqual(['connected', 'held', 'reconnecting', 'transferring']);
    expect(
      isCallConnected(activeCall({ phase: 'alerting', answeredAt: null, direction: 'outbound' })),
    ).toBe(false);
    expect(isCallConnected(null)).toBe(false);
  });

  it('offers answer and reject only while an inbound call rings', () => {
    expect(isRinging(activeCall({ phase: 'ringing', answeredAt: null }))).toBe(true);
    expect(callControls(activeCall({ phase: 'ringing', answeredAt: null }))).toMatchObject({
      answer: true,
      reject: true,
      hangup: false,
      hold: false,
      mute: false,
    });
    expect(callControls(null)).toMatchObject({ answer: false, hangup: false });
    expect(callControls(activeCall({ phase: 'ended' }))).toMatchObject({ hangup: false });
  });

  it('lets the agent hold, mute, send tones and transfer a connected call', () => {
    expect(callControls(activeCall())).toEqual({
      answer: false,
      reject: false,
      hangup: true,
      hold: true,
      held: false,
      mute: true,
      muted: false,
      keypad: true,
      transfer: true,
      consulting: false,
    });
    expect(callControls(activeCall({ phase: 'held', muted: true }))).toMatchObject({
      hold: true,
      held: true,
      muted: true,
      keypad: false,
      transfer: true,
    });
    expect(callControls(activeCall({ phase: 'reconnecting' }))).toMatchObject({
      hangup: true,
      hold: false,
      mute: true,
      transfer: false,
    });
    expect(
      callControls(activeCall({ phase: 'alerting', direction: 'outbound', answeredAt: null })),
    ).toMatchObject({ hangup: true, hold: false, transfer: false });
  });

  it('keeps hold off during a consultation (the engine holds the customer itself)', () => {
    expect(
      callControls(activeCall({ phase: 'held', consult: { number: '3001', phase: 'connected' } })),
    ).toMatchObject({ consulting: true, hold: false, transfer: true });
  });

  it('says why the agent cannot dial', () => {
    expect(dialBlock({ registration: { kind: 'registered', since: 0 }, call: null })).toBeNull();
    expect(dialBlock({ registration: { kind: 'connecting', attempt: 2 }, call: null })).toBe(
      'not-registered',
    );
    expect(dialBlock({ registration: { kind: 'registered', since: 0 }, call: activeCall() })).toBe(
      'busy',
    );
    expect(
      dialBlock({
        registration: { kind: 'registered', since: 0 },
        call: activeCall({ phase: 'ended' }),
      }),
    ).toBeNull();
  });
});

describe('quality', () => {
  const sample = (rttMs: number, mos: number) => ({ at: 0, rttMs, jitterMs: 5, lossPct: 0, mos });
  it('is measuring before the first sample, good without a warning, poor with the reasons when warned', () => {
    expect(qualityView(activeCall())).toMatchObject({ level: 'measuring', latest: null });
    expect(qualityView(activeCall({ quality: [sample(20, 4.4)] }))).toMatchObject({
      level: 'good',
      reasons: [],
    });
    const bad = [sample(500, 3), sample(600, 3), sample(700, 3)];
    const view = qualityView(activeCall({ quality: bad, qualityWarning: true }));
    expect(view.level).toBe('poor');
    expect(view.reasons).toEqual(expect.arrayContaining(['rtt', 'mos']));
    expect(view.latest).toEqual(bad[2]);
  });
});

describe('agent state', () => {
  it('round-trips the select value, with the not-ready reason', () => {
    expect(agentStateValue({ state: 'ready', reason: null })).toBe('ready');
    expect(agentStateValue({ state: 'not-ready', reason: 'meeting' })).toBe('not-ready:meeting');
    expect(agentStateValue({ state: 'not-ready', reason: null })).toBe('not-ready:other');
    expect(parseAgentStateValue('not-ready:system-issue')).toEqual({
      state: 'not-ready',
      reason: 'system-issue',
    });
    expect(parseAgentStateValue('break')).toEqual({ state: 'break' });
    expect(parseAgentStateValue('not-ready:napping')).toBeNull();
    expect(parseAgentStateValue('offline')).toBeNull();
  });

  it('counts down the wrap-up timer, and has none for an open wrap-up', () => {
    const agent = {
      state: 'wrap-up' as const,
      reason: null,
      since: 0,
      wrapUpEndsAt: 30_000,
      declinedWhileNotReady: 0,
    };
    expect(wrapUpLeft(agent, 1_200)).toBe(29);
    expect(wrapUpLeft(agent, 40_000)).toBe(0);
    expect(wrapUpLeft({ ...agent, wrapUpEndsAt: null }, 0)).toBeNull();
    expect(wrapUpLeft({ ...agent, state: 'ready' }, 0)).toBeNull();
  });
});

describe('keyboard shortcuts', () => {
  const compiled = compileShortcuts({
    answer: 'Ctrl+Shift+A',
    hangup: 'Ctrl+Shift+H',
    hold: 'Ctrl+Shift+O',
    mute: '',
  });

  it('answers only a ringing call, and hang-up declines one', () => {
    const ringing = activeCall({ phase: 'ringing', answeredAt: null });
    expect(
      shortcutCommand(compiled, press('KeyA', { ctrlKey: true, shiftKey: true }), ringing),
    ).toEqual({ type: 'answer' });
    expect(
      shortcutCommand(compiled, press('KeyA', { ctrlKey: true, shiftKey: true }), null),
    ).toBeNull();
    expect(
      shortcutCommand(compiled, press('KeyA', { ctrlKey: true, shiftKey: true }), activeCall()),
    ).toBeNull();
    expect(
      shortcutCommand(compiled, press('KeyH', { ctrlKey: true, shiftKey: true }), ringing),
    ).toEqual({ type: 'hangup' });
    expect(
      shortcutCommand(compiled, press('KeyH', { ctrlKey: true, shiftKey: true }), null),
    ).toBeNull();
  });

  it('toggles hold, and ignores a shortcut that is turned off or a near miss', () => {
    expect(
      shortcutCommand(compiled, press('KeyO', { ctrlKey: true, shiftKey: true }), activeCall()),
    ).toEqual({ type: 'hold', on: true });
    expect(
      shortcutCommand(
        compiled,
        press('KeyO', { ctrlKey: true, shiftKey: true }),
        activeCall({ phase: 'held' }),
      ),
    ).toEqual({ type: 'hold', on: false });
    expect(
      shortcutCommand(compiled, press('KeyM', { ctrlKey: true, shiftKey: true }), activeCall()),
    ).toBeNull();
    expect(shortcutCommand(compiled, press('KeyO', { ctrlKey: true }), activeCall())).toBeNull();
    const withMute = compileShortcuts({ answer: '', hangup: '', hold: '', mute: 'F9' });
    expect(shortcutCommand(withMute, press('F9'), activeCall({ muted: true }))).toEqual({
      type: 'mute',
      on: false,
    });
  });
});
