import { describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../../../common/channels.js';
import { AppError } from '../../../../common/result.js';
import type { UpdateStatus } from '../../../../common/update.js';
import { createDispatcher, type Handlers } from '../../../../main/core/dispatcher.js';
import type { VerificationHandlers } from '../../../../main/core/verification/service.js';
import { recordingLogger } from '../../../support/fakes.js';

const ctx = { host: 'web' as const, sender: 't' };
const agent = { username: 'agent01', name: '测试坐席', tier: 'agent' as const };

const CONNECTIVITY = {
  state: 'online',
  records: 'up',
  sip: 'unknown',
  os: 'online',
  backlog: 0,
  deadLettered: 0,
  lastSyncedAt: null,
  since: '2026-11-27T08:00:00.000Z',
} as const;

const UPDATE_OFF = {
  state: 'off',
  reason: 'web-host',
  currentVersion: '1',
  version: null,
  channel: null,
  percent: null,
  mayInstall: false,
  blockers: [],
} satisfies UpdateStatus;

const signedOut = () => {
  throw new AppError('unauthorized', 'sign in first');
};

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  return {
    'app:info': () => ({
      version: '1',
      host: 'web',
      recordsUrl: 'http://r',
      embeddedRecords: false,
      notices: [],
    }),
    'auth:current': () => ({ agent: null }),
    'auth:sign-in': vi.fn(async () => agent),
    'auth:sign-out': () => ({}),
    'settings:get': () => ({ values: { language: 'zh-CN' }, locked: [] }),
    'settings:set': () => ({ values: { language: 'en' }, locked: [] }),
    'phone:config': () => {
      throw new AppError('unauthorized', 'sign in first');
    },
    'phone:preferences': () => ({
      microphoneExplained: false,
      locked: [],
      defaultShortcuts: { answer: '', hangup: '', hold: '', mute: '' },
    }),
    'phone:microphone-explained': () => ({
      microphoneExplained: true,
      locked: [],
      defaultShortcuts: { answer: '', hangup: '', hold: '', mute: '' },
    }),
    'phone:event': () => ({}),
    'phone:history': () => ({ calls: [] }),
    'phone:set-devices': () => ({
      microphoneId: 'default',
      speakerId: 'default',
      ringerId: 'default',
    }),
    'phone:set-shortcuts': (shortcuts) => shortcuts,
    'phone:call-active': () => ({}),
    // The verification panel's channels answer as app-core does when nobody is signed in.
    ...(Object.fromEntries(
      CHANNELS.filter((c) => /^(verify|approvals):/.test(c)).map((c) => [c, signedOut]),
    ) as unknown as VerificationHandlers),
    'connectivity:get': () => CONNECTIVITY,
    'connectivity:os': () => CONNECTIVITY,
    'outage:callback': signedOut,
    'callbacks:list': signedOut,
    'callbacks:close': signedOut,
    'floor:get': signedOut,
    'floor:agent': signedOut,
    'floor:set-not-ready': signedOut,
    'queues:today': signedOut,
    'alerts:list': signedOut,
    'alerts:get': signedOut,
    'alerts:acknowledge': signedOut,
    'alerts:assign': signedOut,
    'alerts:resolve': signedOut,
    'alerts:emergency-step': signedOut,
    'alerts:assignees': signedOut,
    'alerts:timeline': signedOut,
    'customers:lock-search': signedOut,
    'customers:unlock-password': signedOut,
    'complaints:list': signedOut,
    'complaints:assignees': signedOut,
    'complaints:assign': signedOut,
    'complaints:answer': signedOut,
    'complaints:close': signedOut,
    'complaints:counts': signedOut,
    'callbacks:history': signedOut,
    'survey:record': signedOut,
    'reviews:list': signedOut,
    'reviews:open': signedOut,
    'reviews:submit': signedOut,
    'reports:indicators': signedOut,
    'reports:months': signedOut,
    'reports:report': signedOut,
    'reports:csv': signedOut,
    'reports:pdf': signedOut,
    'training:catalog': signedOut,
    'training:passcode': signedOut,
    'training:result': signedOut,
    'training:results': signedOut,
    'training:status': signedOut,
    'update:status': () => UPDATE_OFF,
    'update:restart': () => {
      throw new AppError('conflict', 'no update is ready to install');
    },
    'diagnostics:export': () => ({ fileName: 'd.zip', base64: '' }),
    'devices:list': signedOut,
    'devices:revoke': signedOut,
    ...overrides,
  };
}

describe('dispatcher', () => {
  it('answers a valid call with ok and the parsed value', async () => {
    const d = createDispatcher(handlers(), recordingLogger());
    expect(await d.dispatch('auth:sign-in', { username: 'agent01', password: 'x' }, ctx)).toEqual({
      ok: true,
      value: agent,
    });
  });

  it.each([
    ['a number', 42],
    ['an unknown name', 'fs:read'],
    ['a prototype key', '__proto__'],
    ['a channel with the IPC prefix', 'agent-desk:auth:sign-in'],
  ])('refuses %s as channel with unknown-channel', async (_n, channel) => {
    const d = createDispatcher(handlers(), recordingLogger());
    const result = await d.dispatch(channel, {}, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
  });

  it.each([
    ['missing password', { username: 'agent01' }, /password/],
    ['extra key', { username: 'agent01', password: 'x', admin: true }, /admin|Unrecognized/i],
    ['wrong type', { username: 7, password: 'x' }, /username/],
    ['a string payload', 'agent01', /payload|expected object/i],
    ['an empty username', { username: '', password: 'x' }, /username/],
    ['an oversized password', { username: 'agent01', password: 'x'.repeat(300) }, /password/],
  ])(
    'refuses a malformed request (%s) with bad-request naming the field, and never calls the handler',
    async (_n, payload, message) => {
      const h = handlers();
      const d = createDispatcher(h, recordingLogger());
      const result = await d.dispatch('auth:sign-in', payload, ctx);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('bad-request');
        expect(result.error.message).toMatch(message);
      }
      expect(h['auth:sign-in']).not.toHaveBeenCalled();
    },
  );

  it('maps an AppError to its code and anything else to internal without leaking the message', async () => {
    const logger = recordingLogger();
    const d = createDispatcher(
      handlers({
        'auth:sign-in': async () => {
          throw new AppError('invalid-credentials', 'wrong username or password');
        },
        'settings:get': () => {
          throw new Error('secret stack detail');
        },
      }),
      logger,
    );
    expect(await d.dispatch('auth:sign-in', { username: 'a', password: 'b' }, ctx)).toEqual({
      ok: false,
      error: { code: 'invalid-credentials', message: 'wrong username or password' },
    });
    const internal = await d.dispatch('settings:get', {}, ctx);
    expect(internal).toEqual({
      ok: false,
      error: { code: 'internal', message: 'settings:get: internal error' },
    });
    expect(logger.lines.some((l) => l.level === 'error')).toBe(true);
  });

  it('refuses to pass on a handler answer that breaks the contract', async () => {
    const d = createDispatcher(
      handlers({ 'auth:sign-in': async () => ({ ...agent, token: 'must-not-leak' }) as never }),
      recordingLogger(),
    );
    const result = await d.dispatch('auth:sign-in', { username: 'a', password: 'b' }, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toContain('must-not-leak');
  });

  it('has a handler for every channel in the contract', () => {
    expect(Object.keys(handlers()).sort()).toEqual([...CHANNELS].sort());
  });
});
