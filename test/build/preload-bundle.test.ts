// The built preload (dist/preload/index.cjs) must run in a sandboxed renderer, where `require`
// knows `electron` and a few built-ins and cannot load another file. So: one CommonJS file whose
// only require is `electron`, no zod, and — evaluated against a fake `electron` — it exposes one
// key, `agentDesk`, with `invoke` and `on` and nothing else (architecture.md, style.md §7).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS, EVENTS } from '../../common/channels.js';
import { build, root } from './build-lock.js';

const bundlePath = path.join(root, 'dist/preload/index.cjs');
let code = '';

beforeAll(async () => {
  await build(['preload']);
  code = readFileSync(bundlePath, 'utf8');
});

type Listener = (...args: unknown[]) => void;

/**
 * Evaluates the bundle as Electron's sandboxed preload loader would, with recorders for electron.
 */
function load(
  invokeImpl: (channel: string, request: unknown) => Promise<unknown> = async () => ({
    ok: true,
    value: {},
  }),
) {
  const exposed: Record<string, unknown> = {};
  const listeners = new Map<string, Set<Listener>>();
  const ipcRenderer = {
    invoke: vi.fn(invokeImpl),
    on: vi.fn((channel: string, listener: Listener) => {
      listeners.set(channel, (listeners.get(channel) ?? new Set()).add(listener));
    }),
    removeListener: vi.fn((channel: string, listener: Listener) => {
      listeners.get(channel)?.delete(listener);
    }),
    send: vi.fn(),
    sendSync: vi.fn(),
  };
  const contextBridge = {
    exposeInMainWorld: vi.fn((key: string, value: unknown) => {
      exposed[key] = value;
    }),
  };
  const required: string[] = [];
  const fakeRequire = (id: string) => {
    required.push(id);
    if (id === 'electron') return { contextBridge, ipcRenderer };
    throw new Error(`the sandboxed preload cannot require ${id}`);
  };
  const module = { exports: {} };
  new Function('require', 'module', 'exports', code)(fakeRequire, module, module.exports);
  const emit = (channel: string, ...args: unknown[]) => {
    for (const listener of listeners.get(channel) ?? []) listener(...args);
  };
  const api = exposed.agentDesk as {
    invoke(channel: string, request: unknown): Promise<unknown>;
    on(event: string, listener: (payload: unknown) => void): () => void;
  };
  return { exposed, api, ipcRenderer, contextBridge, required, emit, listeners };
}

describe('preload bundle: shape', () => {
  it('is CommonJS: no import/export statements, no import.meta', () => {
    expect(code).not.toMatch(/^\s*import\s[^(]/m);
    expect(code).not.toMatch(/^\s*export\s/m);
    expect(code).not.toContain('import.meta');
  });

  it('requires electron and nothing else', () => {
    const requires = [...code.matchAll(/\brequire\s*\(([^)]*)\)/g)].map((m) => m[1]!.trim());
    expect(requires.length).toBeGreaterThan(0);
    expect(new Set(requires)).toEqual(new Set(['"electron"']));
    // No dynamic import either: it would fail the same way.
    expect(code).not.toMatch(/\bimport\s*\(/);
  });

  it('does not carry zod or the contract schemas', () => {
    expect(code).not.toMatch(/zod|ZodType|safeParse/);
    expect(code.length).toBeLessThan(10_000);
  });

  it('lists every contract channel and event (built from the same list as main)', () => {
    for (const name of [...CHANNELS, ...EVENTS]) expect(code).toContain(`"${name}"`);
  });
});

describe('preload bundle: behaviour', () => {
  it('exposes exactly one key, agentDesk, with invoke and on only', () => {
    const { exposed, api, contextBridge, required } = load();
    expect(Object.keys(exposed)).toEqual(['agentDesk']);
    expect(contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
    expect(typeof api.invoke).toBe('function');
    expect(typeof api.on).toBe('function');
    expect(required).toEqual(['electron']);
  });

  it.each([['fs:read'], ['agent-desk:app:info'], [''], [42], [null]])(
    'refuses the unknown channel %j without touching ipcRenderer',
    async (channel) => {
      const { api, ipcRenderer } = load();
      const result = await api.invoke(channel as string, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
      expect(ipcRenderer.invoke).not.toHaveBeenCalled();
      expect(ipcRenderer.send).not.toHaveBeenCalled();
      expect(ipcRenderer.sendSync).not.toHaveBeenCalled();
    },
  );

  it('sends a contract channel under its prefixed IPC name and returns main’s Result', async () => {
    const answer = { ok: true, value: { version: '1' } };
    const { api, ipcRenderer } = load(async () => answer);
    const request = { username: 'agent01', password: 'pw' };
    expect(await api.invoke('auth:sign-in', request)).toEqual(answer);
    expect(ipcRenderer.invoke).toHaveBeenCalledWith('agent-desk:auth:sign-in', request);
  });

  it('turns an IPC failure into a Result without the error text (it could echo a password)', async () => {
    const { api } = load(async () => {
      throw new Error("Error invoking remote method: password 'hunter2'");
    });
    const result = (await api.invoke('auth:sign-in', { username: 'a', password: 'hunter2' })) as {
      ok: boolean;
      error: { code: string; message: string };
    };
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(result.error.message).not.toContain('hunter2');
  });

  it('on(): delivers the payload only — never the IpcRendererEvent — and unsubscribes', () => {
    const { api, emit, ipcRenderer } = load();
    const listener = vi.fn();
    const unsubscribe = api.on('agent:changed', listener);
    expect(ipcRenderer.on).toHaveBeenCalledWith('agent-desk:agent:changed', expect.any(Function));
    const ipcEvent = { sender: ipcRenderer, senderId: 0, ports: [] };
    emit('agent-desk:agent:changed', ipcEvent, { agent: null });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener.mock.calls[0]).toEqual([{ agent: null }]);
    unsubscribe();
    expect(ipcRenderer.removeListener).toHaveBeenCalledWith(
      'agent-desk:agent:changed',
      expect.any(Function),
    );
    emit('agent-desk:agent:changed', ipcEvent, { agent: null });
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('on(): ignores events that are not in the contract', () => {
    const { api, ipcRenderer } = load();
    const unsubscribe = api.on('electron-store-get-data', vi.fn());
    expect(ipcRenderer.on).not.toHaveBeenCalled();
    expect(typeof unsubscribe).toBe('function');
    unsubscribe();
  });
});
