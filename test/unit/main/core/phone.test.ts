// The softphone's side of main, through the core's dispatcher exactly as both hosts call it: the
// config (settings, policy, web-host flags), the journal, call history, devices and shortcuts, and
// what the shell learns (call active, agent state). Real settings file, journal and history in a
// temp dir; a fake records service.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import { describe, expect, it, vi } from 'vitest';
import type { EventName } from '../../../../common/contract.js';
import type { CallRecord, PhoneEvent } from '../../../../common/phone.js';
import { createAppCore } from '../../../../main/core/app-core.js';
import { openCallHistory } from '../../../../main/core/call-history.js';
import { openJournal } from '../../../../main/core/journal/index.js';
import { phoneJournalData, wsHost, type ShellPhoneState } from '../../../../main/core/phone.js';
import type { ManagedPolicy } from '../../../../main/core/policy.js';
import type { RecordsClient } from '../../../../main/core/records-client.js';
import {
  openSettings,
  SETTINGS_JSON_SCHEMA,
  type KeyValueStore,
} from '../../../../main/core/settings.js';
import type { SipAccount } from '../../../../common/phone.js';
import { journalDiskText, journalEntries } from '../../../support/journal.js';
import { recordingLogger, useTempDirs } from '../../../support/fakes.js';

const tempDir = useTempDirs();
const ctx = { host: 'web' as const, sender: 't' };
const PASSWORD = 'sip-secret-Zq81';
const account: SipAccount = {
  wsUrl: 'wss://sip.bank.example:7443/ws',
  domain: 'bank.example',
  user: '1001',
  password: PASSWORD,
};

// Only what sign-in and sign-out use; the phone never reaches the verification routes.
const records = {
  baseUrl: 'http://records.invalid',
  health: async () => ({ status: 'ok' }),
  signIn: async (username) => ({
    token: 'token-0123456789abcdef',
    expiresAt: '2026-11-27T00:00:00Z',
    agent: { username, name: '测试坐席', tier: 'agent' },
  }),
  signOut: async () => {},
  me: async () => ({ username: 'agent01', name: '测试坐席', tier: 'agent' as const }),
  // The desk reports its state at sign-in and on every change (main/core/presence.ts).
  reportDeskState: async (_token, report) => ({
    username: 'agent01',
    state: report.state,
    reason: report.reason ?? null,
    since: report.since ?? '2026-11-26T00:00:00.000Z',
    lastSeenAt: '2026-11-26T00:00:00.000Z',
    setBy: null,
    setByName: null,
  }),
  reportQueueEvents: async (_token, events) => ({ recorded: events.length }),
} as Partial<RecordsClient> as RecordsClient;

async function setup(
  options: {
    policy?: ManagedPolicy;
    stored?: Record<string, unknown>;
    flags?: SipAccount;
    dir?: string;
  } = {},
) {
  const dir = options.dir ?? tempDir();
  if (options.stored) {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(options.stored));
  }
  const logger = recordingLogger();
  const settings = openSettings({
    filePath: path.join(dir, 'settings.json'),
    createStore: () =>
      new Conf({
        cwd: dir,
        configName: 'settings',
        schema: SETTINGS_JSON_SCHEMA as never,
        clearInvalidConfig: false,
      }) as unknown as KeyValueStore,
    policy: options.policy ?? {},
    logger,
  });
  const journal = await openJournal(dir);
  const callHistory = await openCallHistory({
    dataDir: dir,
    logger,
    key: Buffer.alloc(32, 7).toString('base64'),
  });
  const core = createAppCore({
    host: 'web',
    version: '0',
    records,
    embeddedRecords: false,
    settings,
    journal,
    logger,
    callHistory,
    sipAccount: options.flags,
  });
  const pushed: { event: EventName; payload: unknown }[] = [];
  core.events.subscribe((event, payload) => pushed.push({ event, payload }));
  const shell: ShellPhoneState[] = [];
  core.phone.onShellState((state) => shell.push(state));
  const call = (channel: string, payload: unknown = {}) =>
    core.dispatcher.dispatch(channel, payload, ctx);
  const signIn = async (username = 'agent01') =>
    expect(await call('auth:sign-in', { username, password: 'pw' })).toMatchObject({ ok: true });
  const settingsFile = () => readFileSync(path.join(dir, 'settings.json'), 'utf8');
  return { dir, core, call, signIn, journal, logger, pushed, shell, settingsFile };
}

let n = 0;
function record(overrides: Partial<CallRecord> = {}): CallRecord {
  n += 1;
  return {
    id: `10000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    direction: 'inbound',
    number: '13812345678',
    name: '王女士',
    startedAt: new Date(Date.UTC(2026, 10, 26, 9, 0, n)).toISOString(),
    durationSeconds: 75,
    outcome: 'answered',
    quality: { samples: 12, rttMsAvg: 20, jitterMsAvg: 3, lossPctAvg: 0, mosMin: 4.3, warnings: 0 },
    ...overrides,
  };
}

describe('phone:config', () => {
  it('is for a signed-in agent only (it carries the SIP password)', async () => {
    const { call, signIn } = await setup({ stored: { sipAccount: account } });
    expect(await call('phone:config')).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
    await signIn();
    expect(await call('phone:config')).toMatchObject({ ok: true, value: { account } });
  });

  it('has safe defaults: no account, no ICE servers, INFO DTMF, 25 s keep-alive, 30 s wrap-up', async () => {
    const { call, signIn } = await setup();
    await signIn();
    expect(await call('phone:config')).toEqual({
      ok: true,
      value: {
        account: null,
        iceServers: [],
        trustedProxies: [],
        dtmfMode: 'info',
        keepAliveSeconds: 25,
        wrapUpSeconds: 30,
        shortcuts: {
          answer: 'Ctrl+Shift+A',
          hangup: 'Ctrl+Shift+H',
          hold: 'Ctrl+Shift+O',
          mute: 'Ctrl+Shift+M',
        },
        devices: { microphoneId: 'default', speakerId: 'default', ringerId: 'default' },
      },
    });
  });

  it('trusts the SIP WebSocket’s host for P-Asserted-Identity unless told otherwise', async () => {
    const first = await setup({ stored: { sipAccount: account } });
    await first.signIn();
    expect(await first.call('phone:config')).toMatchObject({
      value: { trustedProxies: ['sip.bank.example'] },
    });
    const second = await setup({
      stored: { sipAccount: account, trustedProxies: ['proxy1.bank.example', '10.0.0.5'] },
    });
    await second.signIn();
    expect(await second.call('phone:config')).toMatchObject({
      value: { trustedProxies: ['proxy1.bank.example', '10.0.0.5'] },
    });
  });

  it('takes the account from the flags over settings, and from the policy over both', async () => {
    const stored = { ...account, user: '1002' };
    const flags = { ...account, user: '1003' };
    const policy = { ...account, user: '1004', wsUrl: 'wss://pbx.bank.example/ws' };
    const a = await setup({ stored: { sipAccount: stored } });
    await a.signIn();
    expect(await a.call('phone:config')).toMatchObject({ value: { account: { user: '1002' } } });
    const b = await setup({ stored: { sipAccount: stored }, flags });
    await b.signIn();
    expect(await b.call('phone:config')).toMatchObject({ value: { account: { user: '1003' } } });
    const c = await setup({
      stored: { sipAccount: stored },
      flags,
      policy: {
        sipAccount: policy,
        iceServers: [{ urls: 'turn:turn.bank.example' }],
        dtmfMode: 'rfc4733',
      },
    });
    await c.signIn();
    expect(await c.call('phone:config')).toMatchObject({
      value: {
        account: { user: '1004' },
        trustedProxies: ['pbx.bank.example'],
        iceServers: [{ urls: 'turn:turn.bank.example' }],
        dtmfMode: 'rfc4733',
      },
    });
    expect(c.core.phone.connectSources()).toEqual(['wss://pbx.bank.example']);
    expect(await c.call('phone:preferences')).toMatchObject({
      value: { locked: ['sipAccount', 'iceServers', 'dtmfMode'] },
    });
  });

  it('names the SIP WebSocket origin for the CSP, and nothing without an account', async () => {
    expect((await setup()).core.phone.connectSources()).toEqual([]);
    expect(
      (
        await setup({ flags: { ...account, wsUrl: 'ws://127.0.0.1:5066' } })
      ).core.phone.connectSources(),
    ).toEqual(['ws://127.0.0.1:5066']);
    expect(wsHost('ws://[::1]:5066/')).toBe('[::1]');
  });

  it('never logs the password', async () => {
    const { call, signIn, logger, dir } = await setup({ flags: account });
    await signIn();
    await call('phone:config');
    await call('phone:config', { extra: PASSWORD });
    expect(logger.text()).not.toContain(PASSWORD);
    expect(journalDiskText(dir)).not.toContain(PASSWORD);
    expect(JSON.stringify(journalEntries(dir))).not.toContain(PASSWORD);
  });
});

describe('phone:event', () => {
  it('journals every event as phone.<type>, with the agent and masked numbers, and no names', async () => {
    const { call, signIn, journal } = await setup();
    await signIn();
    const callId = '20000000-0000-4000-8000-000000000001';
    const events: PhoneEvent[] = [
      { type: 'registration', status: 'registered' },
      { type: 'agent-state', state: 'ready', reason: null },
      {
        type: 'call-started',
        callId,
        direction: 'inbound',
        number: '13812345678',
        name: '王女士',
        callerIdSource: 'pai',
      },
      { type: 'call-answered', callId },
      { type: 'call-held', callId, held: true },
      { type: 'quality-warning', callId, reasons: ['rtt', 'loss'] },
      { type: 'call-media-restored', callId },
      { type: 'call-transferred', callId, kind: 'blind', target: '3001' },
      { type: 'call-ended', record: record({ id: callId }) },
      { type: 'call-declined-not-ready', number: '13912345678' },
      { type: 'device-fallback', kind: 'microphone' },
    ];
    for (const event of events)
      expect(await call('phone:event', event)).toEqual({ ok: true, value: {} });
    const entries = journal.entries().filter((e) => e.type.startsWith('phone.'));
    expect(entries.map((e) => e.type)).toEqual(events.map((e) => `phone.${e.type}`));
    expect(entries.every((e) => e.data.agent === 'agent01')).toBe(true);
    const text = JSON.stringify(entries);
    expect(text).not.toContain('13812345678');
    expect(text).not.toContain('13912345678');
    expect(text).not.toContain('王女士');
    expect(entries[2]!.data).toMatchObject({
      number: '138****5678',
      named: true,
      callerIdSource: 'pai',
    });
    expect(entries[7]!.data).toMatchObject({ kind: 'blind', target: '3001' });
    expect(entries[8]!.data).toMatchObject({
      callId,
      outcome: 'answered',
      durationSeconds: 75,
      mosMin: 4.3,
      qualityWarnings: 0,
    });
  });

  it('refuses a malformed event with bad-request and journals nothing', async () => {
    const { call, signIn, journal } = await setup();
    await signIn();
    const before = journal.entries().length;
    for (const bad of [
      { type: 'dtmf', digits: '1234' },
      { type: 'registration', status: 'registered', password: 'x' },
      { type: 'call-ended', record: { ...record(), id: 'not-a-uuid' } },
      {
        type: 'call-started',
        callId: 'x',
        direction: 'sideways',
        number: '1',
        name: null,
        callerIdSource: 'pai',
      },
      {},
    ]) {
      expect(await call('phone:event', bad)).toMatchObject({
        ok: false,
        error: { code: 'bad-request' },
      });
    }
    expect(journal.entries().length).toBe(before);
  });

  it('files call-ended in the agent’s history, newest first; signed out, it is journaled only', async () => {
    const { call, signIn, journal } = await setup();
    expect(await call('phone:history')).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
    await signIn();
    const older = record({ startedAt: '2026-11-26T08:00:00.000Z' });
    const newer = record({
      startedAt: '2026-11-26T09:00:00.000Z',
      direction: 'outbound',
      outcome: 'cancelled',
      name: null,
    });
    await call('phone:event', { type: 'call-ended', record: older });
    await call('phone:event', { type: 'call-ended', record: newer });
    expect(await call('phone:history')).toEqual({ ok: true, value: { calls: [newer, older] } });
    await call('auth:sign-out');
    const late = record();
    expect(await call('phone:event', { type: 'call-ended', record: late })).toEqual({
      ok: true,
      value: {},
    });
    expect(journal.entries().at(-1)).toMatchObject({
      type: 'phone.call-ended',
      data: { agent: null, callId: late.id },
    });
    await signIn('agent02');
    expect(await call('phone:history')).toEqual({ ok: true, value: { calls: [] } });
  });

  it('tells the shell the agent’s state and whether a call is connected; sign-out clears both', async () => {
    const { call, signIn, shell, core } = await setup();
    await signIn();
    await call('phone:event', { type: 'agent-state', state: 'not-ready', reason: 'meeting' });
    expect(await call('phone:call-active', { active: true })).toEqual({ ok: true, value: {} });
    expect(core.phone.shellState()).toEqual({ callActive: true, agentState: 'not-ready' });
    expect(await call('phone:call-active', { active: 'yes' })).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
    await call('phone:call-active', { active: false });
    await call('auth:sign-out');
    expect(shell).toEqual([
      { callActive: false, agentState: 'not-ready' },
      { callActive: true, agentState: 'not-ready' },
      { callActive: false, agentState: 'not-ready' },
      { callActive: false, agentState: null },
    ]);
  });
});

describe('phone devices, shortcuts and the microphone explainer', () => {
  it('saves device choices, keeps them across restarts and pushes phone:config-changed', async () => {
    const first = await setup();
    await first.signIn();
    expect(await first.call('phone:set-devices', { microphoneId: 'headset-mic' })).toEqual({
      ok: true,
      value: { microphoneId: 'headset-mic', speakerId: 'default', ringerId: 'default' },
    });
    expect(first.pushed).toContainEqual({ event: 'phone:config-changed', payload: {} });
    const again = await setup({ dir: first.dir });
    await again.signIn();
    expect(await again.call('phone:config')).toMatchObject({
      value: { devices: { microphoneId: 'headset-mic', speakerId: 'default' } },
    });
  });

  it('refuses bad device input with bad-request and changes nothing', async () => {
    const { call, signIn, settingsFile } = await setup();
    await signIn();
    await call('phone:set-devices', { speakerId: 'desk-speaker' });
    const before = settingsFile();
    expect(await call('phone:set-devices', { cameraId: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
    expect(await call('phone:set-devices', { microphoneId: 'x'.repeat(201) })).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
    expect(settingsFile()).toBe(before);
  });

  it('saves shortcuts in canonical form; refuses malformed, reserved, modifier-less and duplicate ones', async () => {
    const { call, signIn, settingsFile, pushed } = await setup();
    await signIn();
    expect(
      await call('phone:set-shortcuts', {
        answer: 'ctrl+alt+a',
        hangup: 'F9',
        hold: '',
        mute: 'Ctrl+Shift+M',
      }),
    ).toEqual({
      ok: true,
      value: { answer: 'Ctrl+Alt+A', hangup: 'F9', hold: '', mute: 'Ctrl+Shift+M' },
    });
    const before = settingsFile();
    const events = pushed.length;
    for (const [bad, message] of [
      [
        { answer: 'Ctrl+Shift+A', hangup: 'Ctrl+Shift+A', hold: '', mute: '' },
        /answer duplicate.*hangup duplicate|hangup duplicate/,
      ],
      [{ answer: 'Ctrl+C', hangup: '', hold: '', mute: '' }, /answer reserved/],
      [{ answer: 'A', hangup: '', hold: '', mute: '' }, /answer needs-modifier/],
      [{ answer: 'Ctrl+Banana', hangup: '', hold: '', mute: '' }, /answer invalid/],
    ] as const) {
      const result = await call('phone:set-shortcuts', bad);
      expect(result).toMatchObject({ ok: false, error: { code: 'bad-request' } });
      expect(!result.ok && result.error.message).toMatch(message);
    }
    expect(await call('phone:set-shortcuts', { answer: 'Ctrl+Alt+A' })).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
    expect(settingsFile()).toBe(before);
    expect(pushed.length).toBe(events);
  });

  it('refuses shortcuts the policy fixes with locked-by-policy', async () => {
    const fixed = { answer: 'F8', hangup: 'F9', hold: 'F10', mute: 'Ctrl+Alt+M' };
    const { call, signIn } = await setup({ policy: { shortcuts: fixed } });
    await signIn();
    expect(
      await call('phone:set-shortcuts', { answer: 'Ctrl+Alt+A', hangup: '', hold: '', mute: '' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'locked-by-policy' },
    });
    expect(await call('phone:config')).toMatchObject({ value: { shortcuts: fixed } });
    expect(await call('phone:preferences')).toMatchObject({ value: { locked: ['shortcuts'] } });
  });

  it('remembers that the microphone was explained, once, in settings and the journal', async () => {
    const first = await setup();
    await first.signIn();
    expect(await first.call('phone:preferences')).toMatchObject({
      ok: true,
      value: {
        microphoneExplained: false,
        locked: [],
        defaultShortcuts: { answer: 'Ctrl+Shift+A' },
      },
    });
    expect(await first.call('phone:microphone-explained')).toMatchObject({
      ok: true,
      value: { microphoneExplained: true },
    });
    await first.call('phone:microphone-explained');
    // Journaled in the background (a durable append fsyncs): wait for it, then make sure it is one.
    await vi.waitFor(() =>
      expect(
        first.journal.entries().filter((e) => e.type === 'phone.microphone-explained'),
      ).toHaveLength(1),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(
      first.journal.entries().filter((e) => e.type === 'phone.microphone-explained'),
    ).toHaveLength(1);
    const again = await setup({ dir: first.dir });
    await again.signIn();
    expect(await again.call('phone:preferences')).toMatchObject({
      value: { microphoneExplained: true },
    });
  });
});

describe('click-to-dial and resume from the shell', () => {
  it('pushes phone:dial and phone:resume through the contract (bad targets never leave)', async () => {
    const { core, pushed } = await setup();
    core.phone.dial('+8613800000000');
    core.phone.resume();
    const phonePushes = () => pushed.filter((p) => p.event.startsWith('phone:'));
    expect(phonePushes()).toEqual([
      { event: 'phone:dial', payload: { target: '+8613800000000' } },
      { event: 'phone:resume', payload: {} },
    ]);
    expect(() => core.phone.dial('<script>')).toThrow();
    expect(phonePushes()).toHaveLength(2);
  });
});

describe('phoneJournalData', () => {
  it('keeps short extensions (not personal data) and masks long numbers', () => {
    expect(
      phoneJournalData(
        {
          type: 'call-transferred',
          callId: '20000000-0000-4000-8000-000000000001',
          kind: 'attended',
          target: '013812345678',
        },
        'a',
      ),
    ).toMatchObject({
      target: '013*******78',
    });
    expect(phoneJournalData({ type: 'call-declined-not-ready', number: '2001' }, null)).toEqual({
      agent: null,
      number: '2001',
    });
  });

  it('marks a training-line call’s entries, and only those', () => {
    const callId = '20000000-0000-4000-8000-000000000001';
    expect(phoneJournalData({ type: 'call-answered', callId, training: true }, 'a')).toEqual({
      agent: 'a',
      training: true,
      callId,
    });
    expect(phoneJournalData({ type: 'call-answered', callId }, 'a')).toEqual({
      agent: 'a',
      callId,
    });
  });
});
