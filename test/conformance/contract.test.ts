// One contract conformance suite, run through both thin adapters over the one dispatcher:
//   electron — the real preload (preload/index.ts) over a stand-in ipcRenderer wired to the real
//              IPC binding (main/shell/ipc.ts) with a trusted main-frame sender;
//   web      — the real web host (main/web-host/server.ts) over a real WebSocket.
// Behind both: the real core (bootstrap) and the real records service (PGlite, demo seed).
import path from 'node:path';
import Conf from 'conf';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import {
  contract,
  events as eventSchemas,
  type AgentDeskApi,
  type Channel,
  type EventName,
} from '../../common/contract.js';
import { bootstrap, type Bootstrapped } from '../../main/core/bootstrap.js';
import { SETTINGS_JSON_SCHEMA } from '../../main/core/settings.js';
import { bindIpc } from '../../main/shell/ipc.js';
import { startWebHost, type WebHost } from '../../main/web-host/server.js';
import { startRecordsService } from '../../server/start.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { recordingLogger } from '../support/fakes.js';

const root = path.resolve(import.meta.dirname, '../..');
// Folders live for the whole file (the service and the cores outlive single tests).
const madeDirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'agent-desk-conformance-'));
  madeDirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of madeDirs) rmSync(dir, { recursive: true, force: true });
});

// --- a stand-in `electron` for the preload: ipcRenderer.invoke goes to whatever main registered.
const ipc = vi.hoisted(() => {
  const handlers = new Map<string, (event: unknown, payload: unknown) => Promise<unknown>>();
  const rendererListeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>();
  const exposed: Record<string, unknown> = {};
  return { handlers, rendererListeners, exposed };
});
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => (ipc.exposed[key] = value) },
  ipcRenderer: {
    invoke: async (channel: string, payload: unknown) => {
      const handler = ipc.handlers.get(channel);
      if (!handler) throw new Error(`no handler for ${channel}`);
      // The sender the IPC binding checks: the app's own main frame.
      return handler(
        { senderFrame: { parent: null, url: 'agentdesk://app/index.html' }, sender: { id: 1 } },
        payload,
      );
    },
    on: (channel: string, listener: (event: unknown, payload: unknown) => void) => {
      const set = ipc.rendererListeners.get(channel) ?? new Set();
      ipc.rendererListeners.set(channel, set);
      set.add(listener);
    },
    removeListener: (channel: string, listener: (event: unknown, payload: unknown) => void) =>
      ipc.rendererListeners.get(channel)?.delete(listener),
  },
}));

async function bootCore(host: 'electron' | 'web', recordsUrl: string): Promise<Bootstrapped> {
  const dataDir = tempDir();
  return bootstrap({
    host,
    version: '0.0.0-test',
    dataDir,
    policyPath: path.join(dataDir, 'no-policy.json'),
    settingsFile: path.join(dataDir, 'settings.json'),
    createSettingsStore: () =>
      new Conf({
        cwd: dataDir,
        configName: 'settings',
        schema: SETTINGS_JSON_SCHEMA as never,
      }) as never,
    recordsUrl,
    logger: recordingLogger(),
  });
}

/** The web host's API as a Node client: the same protocol preload/web-bridge.ts speaks. */
async function webApi(host: WebHost): Promise<{ api: AgentDeskApi; close(): void }> {
  const url = new URL(host.launchUrl);
  const ws = new WebSocket(`ws://${url.host}/bridge?token=${host.token}`, {
    headers: { origin: `http://${url.host}` },
  });
  await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
  const pending = new Map<number, (r: unknown) => void>();
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data));
    if (msg.type === 'result') pending.get(msg.id)?.(msg.result);
    if (msg.type === 'event') for (const l of listeners.get(msg.event) ?? []) l(msg.payload);
  });
  let id = 0;
  const api = {
    invoke: (channel: string, request: unknown) =>
      new Promise((resolve) => {
        pending.set(++id, resolve);
        ws.send(JSON.stringify({ type: 'invoke', id, channel, payload: request }));
      }),
    on: (event: string, listener: (p: unknown) => void) => {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => set.delete(listener);
    },
  } as unknown as AgentDeskApi;
  return { api, close: () => ws.close() };
}

let records: { url: string; close(): Promise<void> };
beforeAll(async () => {
  records = await startRecordsService({
    port: 0,
    demo: true,
    dataDir: tempDir(),
    seedFile: path.join(root, 'server/seed/demo-seed.json'),
  });
});
afterAll(async () => {
  await records?.close();
});

const adapters: Record<
  string,
  () => Promise<{ api: AgentDeskApi; host: string; close(): Promise<void> }>
> = {
  async electron() {
    const booted = await bootCore('electron', records.url);
    const unbind = bindIpc({
      ipcMain: {
        handle: (ch: string, fn: never) => void ipc.handlers.set(ch, fn),
        removeHandler: (ch: string) => void ipc.handlers.delete(ch),
      } as never,
      dispatcher: booted.core.dispatcher,
      events: booted.core.events,
      windows: () =>
        [
          {
            isDestroyed: () => false,
            webContents: {
              isDestroyed: () => false,
              getURL: () => 'agentdesk://app/index.html',
              send: (channel: string, payload: unknown) => {
                for (const l of ipc.rendererListeners.get(channel) ?? [])
                  l({ sender: 'must-not-leak' }, payload);
              },
            },
          },
        ] as never,
      logger: recordingLogger(),
    });
    vi.resetModules();
    await import('../../preload/index.js');
    const api = ipc.exposed.agentDesk as AgentDeskApi;
    return { api, host: 'electron', close: async () => (unbind(), await booted.close()) };
  },
  async web() {
    const booted = await bootCore('web', records.url);
    const dir = tempDir();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(dir, 'index.html'), '<!-- host-bridge -->');
    const host = await startWebHost({
      core: booted.core,
      staticDir: dir,
      host: '127.0.0.1',
      port: 0,
      logger: recordingLogger(),
    });
    const client = await webApi(host);
    return {
      api: client.api,
      host: 'web',
      close: async () => (client.close(), await host.close(), await booted.close()),
    };
  },
};

describe.each(Object.keys(adapters))('contract conformance through the %s adapter', (name) => {
  let api: AgentDeskApi;
  let close: () => Promise<void>;
  const seen: { event: EventName; payload: unknown }[] = [];
  beforeAll(async () => {
    const adapter = await adapters[name]!();
    api = adapter.api;
    close = adapter.close;
    for (const event of Object.keys(eventSchemas) as EventName[])
      api.on(event, (payload) => seen.push({ event, payload }));
  });
  afterAll(async () => close());

  const expectValid = (channel: Channel, result: unknown) => {
    expect(result).toMatchObject({ ok: true });
    expect(contract[channel].response.safeParse((result as { value: unknown }).value).success).toBe(
      true,
    );
  };
  const waitForEvent = async (event: EventName, count: number) => {
    await vi.waitFor(
      () => expect(seen.filter((e) => e.event === event).length).toBeGreaterThanOrEqual(count),
      { timeout: 2000 },
    );
    return seen.filter((e) => e.event === event).at(-1)!.payload;
  };

  it('app:info names the host and answers in the contract shape', async () => {
    const result = await api.invoke('app:info', {});
    expectValid('app:info', result);
    expect(result.ok && result.value.host).toBe(name);
  });

  it('starts signed out', async () => {
    expect(await api.invoke('auth:current', {})).toEqual({ ok: true, value: { agent: null } });
  });

  it('refuses a wrong password with invalid-credentials', async () => {
    expect(
      await api.invoke('auth:sign-in', { username: 'agent01', password: 'wrong-password' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid-credentials' },
    });
  });

  it('refuses malformed requests and unknown channels with clear codes', async () => {
    expect(await api.invoke('auth:sign-in', { username: 'agent01' } as never)).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
    expect(await api.invoke('settings:set', { language: 'fr' } as never)).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
    expect(await api.invoke('nope:nothing' as Channel, {} as never)).toMatchObject({
      ok: false,
      error: { code: 'unknown-channel' },
    });
  });

  it('signs in, pushes agent:changed, and never hands the token to the page', async () => {
    const result = await api.invoke('auth:sign-in', {
      username: 'agent01',
      password: 'demo-pass-1',
    });
    expectValid('auth:sign-in', result);
    expect(result).toMatchObject({ ok: true, value: { username: 'agent01', tier: 'agent' } });
    expect(JSON.stringify(result)).not.toMatch(/token/i);
    expect(await waitForEvent('agent:changed', 1)).toEqual({
      agent: expect.objectContaining({ username: 'agent01' }),
    });
    expect(await api.invoke('auth:current', {})).toMatchObject({
      ok: true,
      value: { agent: { username: 'agent01' } },
    });
  });

  it('changes the language and pushes settings:changed', async () => {
    const result = await api.invoke('settings:set', { language: 'en' });
    expectValid('settings:set', result);
    expect(await waitForEvent('settings:changed', 1)).toEqual({
      values: { language: 'en' },
      locked: [],
    });
    expect(await api.invoke('settings:get', {})).toEqual({
      ok: true,
      value: { values: { language: 'en' }, locked: [] },
    });
  });

  it('runs the verification panel’s channels in the contract shape (config, look-up, start, get, basic, confirm, complaint, wrap-up)', async () => {
    const config = await api.invoke('verify:config', {});
    expectValid('verify:config', config);
    const lookup = await api.invoke('verify:lookup', { callerNumber: '13900000003' });
    expectValid('verify:lookup', lookup);
    const customerId = lookup.ok ? lookup.value.customers[0]!.id : '';
    const callId = `conformance-${name}`;
    const started = await api.invoke('verify:start', {
      callId,
      callerNumber: '13900000003',
      businessType: 'enquiry',
      customerId,
      callerIdSource: 'pai',
    });
    expectValid('verify:start', started);
    const sessionId = started.ok ? started.value.id : '';
    expectValid('verify:get', await api.invoke('verify:get', { sessionId }));
    const checked = await api.invoke('verify:basic', {
      sessionId,
      customerId,
      mobile: '13900000003',
      nationalId: '99010119700101001X',
    });
    expectValid('verify:basic', checked);
    expect(checked).toMatchObject({ ok: true, value: { result: 'passed' } });
    expectValid(
      'verify:confirm',
      await api.invoke('verify:confirm', { sessionId, confirmed: true }),
    );
    expectValid(
      'verify:complaint',
      await api.invoke('verify:complaint', {
        callId,
        sessionId,
        category: 'service',
        text: '测试',
        wantsReply: false,
      }),
    );
    expectValid(
      'verify:wrap-up',
      await api.invoke('verify:wrap-up', { callId, sessionId, notes: '' }),
    );
    // A front-line agent has no inbox (Art. 10): a clear code through both adapters.
    expect(await api.invoke('approvals:list', {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await api.invoke('verify:otp', { sessionId, code: '12' })).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
  });

  it('signs out and pushes agent:changed with no agent; the payload is all the page gets', async () => {
    expectValid('auth:sign-out', await api.invoke('auth:sign-out', {}));
    expect(await waitForEvent('agent:changed', 2)).toEqual({ agent: null });
    expect(JSON.stringify(seen)).not.toContain('must-not-leak');
  });
});
