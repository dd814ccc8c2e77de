// The Electron IPC adapter with a fake ipcMain and fake windows: every contract channel is
// registered, the sender check refuses subframes and foreign pages with `bad-sender` before the
// dispatcher sees anything, and core events reach only windows that show the app.
import type { IpcMainInvokeEvent } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { CHANNELS, EVENTS, ipcChannel } from '../../../../common/channels.js';
import type { Verification } from '../../../../common/records-api.js';
import { ok } from '../../../../common/result.js';
import type { Dispatcher } from '../../../../main/core/dispatcher.js';
import { createEventBus } from '../../../../main/core/event-bus.js';
import { bindIpc, isTrustedSenderFrame, type PushTarget } from '../../../../main/shell/ipc.js';
import { recordingLogger } from '../../../support/fakes.js';

const APP = 'agentdesk://app/index.html';
/** A masked session as the records service answers it (common/records-api.ts Verification). */
const CONNECTIVITY = {
  state: 'degraded',
  records: 'down',
  sip: 'up',
  os: 'online',
  backlog: 3,
  deadLettered: 0,
  lastSyncedAt: null,
  since: '2026-11-27T08:00:00.000Z',
} as const;

const SESSION: Verification = {
  id: '00000000-0000-4000-8000-000000000001',
  callId: 'call-1',
  agent: 'agent01',
  businessType: 'enquiry',
  risk: 'low',
  status: 'in-progress',
  callerNumber: '139****0001',
  callerIdSource: 'pai',
  customer: null,
  passwordKind: null,
  steps: [
    { step: 'basic', passed: false },
    { step: 'confirmation', passed: false },
  ],
  nextStep: 'basic',
  alternatives: { applied: [], available: [] },
  basic: { failures: 0, limit: 3 },
  approval: {
    state: 'not-required',
    reasons: [],
    decidedBy: null,
    decidedByName: null,
    reason: null,
  },
  fraud: null,
  createdAt: '2026-03-02T09:00:00.000Z',
  updatedAt: '2026-03-02T09:00:00.000Z',
};
type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  return {
    handlers,
    handle: vi.fn((channel: string, listener: Listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    }),
    removeHandler: vi.fn((channel: string) => void handlers.delete(channel)),
  };
}

function fakeWindow(url = APP, destroyed = false) {
  const send = vi.fn();
  const win: PushTarget = {
    isDestroyed: () => destroyed,
    webContents: { send, getURL: () => url, isDestroyed: () => destroyed },
  };
  return { win, send };
}

function setup(windows: PushTarget[] = []) {
  const ipcMain = fakeIpcMain();
  const dispatch = vi.fn(async () => ok({ answered: true }));
  const dispatcher: Dispatcher = { dispatch };
  const events = createEventBus();
  const logger = recordingLogger();
  const unbind = bindIpc({ ipcMain, dispatcher, events, windows: () => windows, logger });
  const call = (channel: string, frame: unknown, payload: unknown = {}) =>
    ipcMain.handlers.get(ipcChannel(channel as never))!(
      { sender: { id: 7 }, senderFrame: frame } as unknown as IpcMainInvokeEvent,
      payload,
    );
  return { ipcMain, dispatch, events, logger, unbind, call };
}

const topFrame = { parent: null, url: APP };

describe('bindIpc', () => {
  it('registers a handler for every contract channel, prefixed, and nothing else', () => {
    const { ipcMain } = setup();
    expect([...ipcMain.handlers.keys()].sort()).toEqual(
      CHANNELS.map((c) => `agent-desk:${c}`).sort(),
    );
  });

  it('passes a call from the app main frame to the dispatcher, as electron, with the sender id', async () => {
    const { call, dispatch } = setup();
    const payload = { username: 'agent01', password: 'pw' };
    expect(await call('auth:sign-in', topFrame, payload)).toEqual({
      ok: true,
      value: { answered: true },
    });
    expect(dispatch).toHaveBeenCalledWith('auth:sign-in', payload, {
      host: 'electron',
      sender: '7',
    });
  });

  it.each([
    ['a subframe of the app', { parent: topFrame, url: APP }],
    ['a foreign page', { parent: null, url: 'https://evil.example/' }],
    ['a file:// page', { parent: null, url: 'file:///tmp/evil.html' }],
    ['a look-alike origin', { parent: null, url: 'agentdesk://app.evil/index.html' }],
    ['no frame (navigated away or destroyed)', null],
  ])('refuses %s with bad-sender and never dispatches', async (_name, frame) => {
    const { call, dispatch, logger } = setup();
    const result = await call('app:info', frame);
    expect(result).toMatchObject({ ok: false, error: { code: 'bad-sender' } });
    expect(dispatch).not.toHaveBeenCalled();
    expect(
      logger.lines.some((line) => line.level === 'warn' && /untrusted sender/.test(line.msg ?? '')),
    ).toBe(true);
  });

  it('refuses when reading senderFrame throws (Electron does for a frame that went away)', async () => {
    const { ipcMain, dispatch } = setup();
    const event = {
      sender: { id: 1 },
      get senderFrame(): never {
        throw new Error('Render frame was disposed');
      },
    };
    expect(
      await ipcMain.handlers.get(ipcChannel('app:info'))!(
        event as unknown as IpcMainInvokeEvent,
        {},
      ),
    ).toMatchObject({ error: { code: 'bad-sender' } });
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('does not log the path or query of a refused sender (they may carry personal data)', async () => {
    const { call, logger } = setup();
    await call('app:info', {
      parent: null,
      url: 'https://evil.example/path?customer=110101199003071234',
    });
    expect(logger.text()).not.toContain('110101199003071234');
    expect(logger.text()).toContain('https://evil.example');
  });

  const CALLBACK_DIAL = {
    target: '13900000001',
    display: '139****0001',
    dialId: '11111111-1111-4111-8111-111111111111',
    sessionId: '22222222-2222-4222-8222-222222222222',
  };
  const FLOOR_EVENT = { kind: 'floor.changed' as const, id: null, username: 'agent01' };
  const ORDER = { reason: 'meeting' as const, by: '组长', at: '2026-11-26T08:00:00.000Z' };
  const UPDATE = {
    state: 'ready' as const,
    reason: null,
    currentVersion: '1.0.0',
    version: '1.1.0',
    channel: 'latest',
    percent: null,
    mayInstall: false,
    blockers: ['call-up' as const],
  };
  it('forwards every core event to each window that shows the app', () => {
    const good = fakeWindow();
    const foreign = fakeWindow('https://evil.example/');
    const gone = fakeWindow(APP, true);
    const { events } = setup([good.win, foreign.win, gone.win]);
    events.emit('agent:changed', { agent: null });
    events.emit('settings:changed', { values: { language: 'en' }, locked: [] });
    events.emit('phone:dial', { target: '+8613800000000' });
    events.emit('phone:resume', {});
    events.emit('phone:config-changed', {});
    events.emit('verify:changed', SESSION);
    events.emit('approvals:changed', { pending: 2 });
    events.emit('connectivity:changed', CONNECTIVITY);
    events.emit('callbacks:changed', { open: 1 });
    events.emit('phone:dial-callback', CALLBACK_DIAL);
    events.emit('records:event', FLOOR_EVENT);
    events.emit('desk:not-ready-ordered', ORDER);
    events.emit('update:changed', UPDATE);
    expect(good.send.mock.calls).toEqual([
      ['agent-desk:agent:changed', { agent: null }],
      ['agent-desk:settings:changed', { values: { language: 'en' }, locked: [] }],
      ['agent-desk:phone:dial', { target: '+8613800000000' }],
      ['agent-desk:phone:resume', {}],
      ['agent-desk:phone:config-changed', {}],
      ['agent-desk:verify:changed', SESSION],
      ['agent-desk:approvals:changed', { pending: 2 }],
      ['agent-desk:connectivity:changed', CONNECTIVITY],
      ['agent-desk:callbacks:changed', { open: 1 }],
      ['agent-desk:phone:dial-callback', CALLBACK_DIAL],
      ['agent-desk:records:event', FLOOR_EVENT],
      ['agent-desk:desk:not-ready-ordered', ORDER],
      ['agent-desk:update:changed', UPDATE],
    ]);
    expect(good.send.mock.calls.map(([channel]) => channel)).toEqual(
      EVENTS.map((e) => `agent-desk:${e}`),
    );
    expect(foreign.send).not.toHaveBeenCalled();
    expect(gone.send).not.toHaveBeenCalled();
  });

  it('unbind removes every handler and stops forwarding', () => {
    const good = fakeWindow();
    const { ipcMain, events, unbind } = setup([good.win]);
    unbind();
    expect(ipcMain.handlers.size).toBe(0);
    events.emit('agent:changed', { agent: null });
    expect(good.send).not.toHaveBeenCalled();
  });

  it('isTrustedSenderFrame is the same rule as a plain function', () => {
    expect(isTrustedSenderFrame(topFrame as never)).toBe(true);
    expect(isTrustedSenderFrame({ parent: topFrame, url: APP } as never)).toBe(false);
    expect(isTrustedSenderFrame(null)).toBe(false);
  });
});
