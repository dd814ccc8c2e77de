// The Electron preload: defines `window.agentDesk` from the contract's channel list and exposes
// nothing else — no ipcRenderer, no Node, no event objects (architecture.md, style.md §7).
// The web host's counterpart is preload/web-bridge.ts; the renderer cannot tell them apart.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
// Sandboxed, `require` knows only a handful of modules and cannot load other files: the build
// (scripts/build.mjs) makes this ONE CommonJS file whose only require is `electron`. So import only
// common/channels.ts and common/result.ts (plain data and functions) and the contract's types; zod
// stays out (test/build/preload-bundle.test.ts proves both).
import type { AgentDeskApi } from '../common/contract.js';
import { ipcChannel, isChannel, isEventName } from '../common/channels.js';
import { fail, type Result } from '../common/result.js';

const api: AgentDeskApi = {
  invoke(channel, request) {
    // Refused here, without touching IPC: main would refuse it too, but a page bug should not
    // even reach the main process. Same answer as the web bridge gives.
    if (!isChannel(channel)) {
      return Promise.resolve(
        fail('unknown-channel', `unknown channel: ${String(channel).slice(0, 80)}`),
      );
    }
    // main always answers a Result; a rejection means IPC itself failed (no handler yet, main
    // going down). The renderer gets a Result either way, without the error's text, which could
    // echo the request — and requests carry passwords.
    return (ipcRenderer.invoke(ipcChannel(channel), request) as Promise<Result<never>>).catch(() =>
      fail('internal', `${channel}: the Agent Desk host did not answer`),
    );
  },
  on(event, listener) {
    if (!isEventName(event) || typeof listener !== 'function') return () => {};
    // The IpcRendererEvent carries `sender` (the ipcRenderer itself); handing it to the page
    // would undo context isolation. The page gets the payload and nothing else.
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => {
      (listener as (payload: unknown) => void)(payload);
    };
    const channel = ipcChannel(event);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('agentDesk', Object.freeze(api));
