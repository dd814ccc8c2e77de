// The web host's counterpart of preload/index.ts: defines `window.agentDesk` in a browser page
// from the same channel list, carrying calls over the host's WebSocket. The renderer cannot tell
// the two hosts apart. Loaded as a classic script before the app (the web host injects it).
import type { AgentDeskApi } from '../common/contract.js';
import { isChannel, isEventName } from '../common/channels.js';
import { fail, type Result } from '../common/result.js';

type Listener = (payload: unknown) => void;

(() => {
  const params = new URLSearchParams(location.search);
  const token = params.get('token');
  if (token !== null) {
    // The host has set its HttpOnly cookie by now; keep the token out of the address bar,
    // history and screenshots.
    params.delete('token');
    const rest = params.toString();
    history.replaceState(null, '', `${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`);
  }
  const socketUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/bridge`;
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const listeners = new Map<string, Set<Listener>>();
  const queue: string[] = [];
  let nextId = 1;
  let socket: WebSocket | null = null;
  let retry = 0;

  const connect = () => {
    const ws = new WebSocket(socketUrl);
    socket = ws;
    ws.onopen = () => {
      retry = 0;
      for (const message of queue.splice(0)) ws.send(message);
    };
    ws.onmessage = (event) => {
      let message: {
        type?: string;
        id?: number | null;
        result?: Result<unknown>;
        event?: string;
        payload?: unknown;
      };
      try {
        message = JSON.parse(String(event.data));
      } catch {
        return;
      }
      if (message.type === 'result' && typeof message.id === 'number') {
        pending.get(message.id)?.(message.result ?? fail('internal', 'empty answer'));
        pending.delete(message.id);
      } else if (message.type === 'event' && typeof message.event === 'string') {
        for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
      }
    };
    ws.onclose = () => {
      socket = null;
      // Queued calls were never sent; they are answered `unavailable` below and must not go
      // out later behind the page's back.
      queue.length = 0;
      // Calls in flight cannot be answered by a host that went away; say so instead of hanging.
      for (const [id, resolve] of pending) {
        resolve(fail('unavailable', 'the Agent Desk host closed the connection'));
        pending.delete(id);
      }
      retry = Math.min(retry + 1, 6);
      setTimeout(connect, Math.random() * 250 * 2 ** retry);
    };
  };
  connect();

  const api: AgentDeskApi = {
    invoke(channel, request) {
      if (!isChannel(channel))
        return Promise.resolve(fail('unknown-channel', `unknown channel: ${String(channel)}`));
      const id = nextId++;
      const message = JSON.stringify({ type: 'invoke', id, channel, payload: request });
      return new Promise((resolve) => {
        pending.set(id, resolve as (result: Result<unknown>) => void);
        if (socket?.readyState === WebSocket.OPEN) socket.send(message);
        else queue.push(message);
      });
    },
    on(event, listener) {
      if (!isEventName(event)) return () => {};
      const set = listeners.get(event) ?? new Set<Listener>();
      listeners.set(event, set);
      set.add(listener as Listener);
      return () => set.delete(listener as Listener);
    },
  };
  Object.defineProperty(window, 'agentDesk', {
    value: Object.freeze(api),
    writable: false,
    configurable: false,
  });
})();
