// baresip's ctrl_tcp module from Node: netstring-framed JSON both ways (commands with a token and
// their responses, and the phone's events). Loopback only; the lab's desk phone (baresip.ts) uses
// it. See ../shared/docs/sip-lab.md.
import type { ChildProcess } from 'node:child_process';
import net from 'node:net';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Control {
  send(command: string, params?: string): Promise<{ ok: boolean; data: string }>;
  onEvent(listener: (event: Record<string, unknown>) => void): void;
  close(): void;
}

export async function connectControl(
  port: number,
  child: ChildProcess,
  readLog: () => string,
): Promise<Control> {
  const deadline = Date.now() + 10_000;
  let socket: net.Socket | null = null;
  while (!socket) {
    if (child.exitCode !== null)
      throw new Error(`baresip exited (${child.exitCode}):\n${readLog()}`);
    socket = await new Promise<net.Socket | null>((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port });
      s.once('connect', () => resolve(s));
      s.once('error', () => resolve(null));
    });
    if (!socket) {
      if (Date.now() > deadline)
        throw new Error(`baresip ctrl_tcp not up on ${port}:\n${readLog()}`);
      await sleep(50);
    }
  }
  const listeners: ((event: Record<string, unknown>) => void)[] = [];
  const pending = new Map<string, (reply: { ok: boolean; data: string }) => void>();
  let buffer = Buffer.alloc(0);
  let token = 0;
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const colon = buffer.indexOf(0x3a);
      if (colon < 0) return;
      const length = Number(buffer.subarray(0, colon).toString());
      if (buffer.length < colon + 1 + length + 1) return;
      const text = buffer.subarray(colon + 1, colon + 1 + length).toString();
      buffer = buffer.subarray(colon + 2 + length);
      const message = JSON.parse(text) as Record<string, unknown>;
      if (message.response) {
        const resolve = pending.get(String(message.token));
        pending.delete(String(message.token));
        resolve?.({ ok: Boolean(message.ok), data: String(message.data ?? '') });
      } else if (message.event) {
        for (const listener of listeners) listener(message);
      }
    }
  });
  socket.on('error', () => undefined);
  const open = socket;
  return {
    send(command, params) {
      const id = `t${++token}`;
      const body = JSON.stringify({ command, ...(params ? { params } : {}), token: id });
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`baresip ${command}: no response`));
        }, 5000);
        pending.set(id, (reply) => {
          clearTimeout(timer);
          resolve(reply);
        });
        open.write(`${Buffer.byteLength(body)}:${body},`);
      });
    },
    onEvent: (listener) => listeners.push(listener),
    close: () => open.destroy(),
  };
}
