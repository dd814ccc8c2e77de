// The web host's own guards: token on every request and socket, same-origin sockets, loopback
// only unless allowed, path traversal, malformed bridge messages.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { AppCore } from '../../../../main/core/app-core.js';
import { createDispatcher, type Handlers } from '../../../../main/core/dispatcher.js';
import { createEventBus } from '../../../../main/core/event-bus.js';
import { listenProblem, startWebHost, type WebHost } from '../../../../main/web-host/server.js';
import { recordingLogger, useTempDirs } from '../../../support/fakes.js';

const tempDir = useTempDirs();
const hosts: WebHost[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.close();
});

function fakeCore(connectSources: string[] = []): AppCore {
  const handlers = {
    'app:info': () => ({
      version: '1',
      host: 'web',
      recordsUrl: 'http://r',
      embeddedRecords: false,
      notices: [],
    }),
    'auth:current': () => ({ agent: null }),
  } as unknown as Handlers;
  const phone = { connectSources: () => connectSources } as unknown as AppCore['phone'];
  return {
    dispatcher: createDispatcher(handlers, recordingLogger()),
    events: createEventBus(),
    currentAgent: () => null,
    phone,
    shutdown: async () => {},
  } as unknown as AppCore;
}

async function start(
  logger = recordingLogger(),
  core = fakeCore(),
  extra: { behindTlsProxy?: boolean } = {},
) {
  const dir = tempDir();
  mkdirSync(path.join(dir, 'static'));
  writeFileSync(
    path.join(dir, 'static/index.html'),
    '<html><head><!-- host-bridge --></head><body>app</body></html>',
  );
  writeFileSync(path.join(dir, 'static/app.js'), 'console.log(1)');
  writeFileSync(path.join(dir, 'secret.txt'), 'outside');
  const host = await startWebHost({
    core,
    staticDir: path.join(dir, 'static'),
    host: '127.0.0.1',
    port: 0,
    logger,
    ...extra,
  });
  hosts.push(host);
  return { host, logger, core };
}

function connect(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}
const nextMessage = (ws: WebSocket) =>
  new Promise<Record<string, unknown>>((resolve) =>
    ws.once('message', (d) => resolve(JSON.parse(String(d)))),
  );

describe('web host', () => {
  it('refuses a non-loopback address unless allowed', async () => {
    await expect(
      startWebHost({
        core: fakeCore(),
        staticDir: tempDir(),
        host: '0.0.0.0',
        port: 0,
        logger: recordingLogger(),
      }),
    ).rejects.toThrow(/loopback/);
  });

  it('refuses plain HTTP beyond loopback unless behind a TLS proxy or allowed by policy', async () => {
    await expect(
      startWebHost({
        core: fakeCore(),
        staticDir: tempDir(),
        host: '0.0.0.0',
        port: 0,
        allowRemote: true,
        logger: recordingLogger(),
      }),
    ).rejects.toThrow(
      /refusing plain HTTP on 0\.0\.0\.0.*--behind-tls-proxy.*allowInsecureTransport/,
    );
    const lan = { host: '10.1.2.3', allowRemote: true };
    expect(listenProblem(lan)).toMatch(/in clear/);
    expect(listenProblem({ ...lan, behindTlsProxy: true })).toBeNull();
    expect(listenProblem({ ...lan, allowInsecureTransport: true })).toBeNull();
    expect(listenProblem({ host: '10.1.2.3', behindTlsProxy: true })).toMatch(/--allow-remote/);
    expect(listenProblem({ host: 'desk.localhost', allowInsecureTransport: true })).toMatch(
      /--allow-remote/,
    );
    expect(listenProblem({ host: '127.0.0.2' })).toBeNull();
  });

  it('behind a TLS proxy takes sockets from the https:// origin only, and says wss: in its CSP', async () => {
    const { host } = await start(recordingLogger(), fakeCore(), { behindTlsProxy: true });
    const ws = `${host.url.replace('http', 'ws')}bridge?token=${host.token}`;
    const hostPort = new URL(host.url).host;
    await expect(connect(ws, { origin: `http://${hostPort}` })).rejects.toThrow(/403/);
    const good = await connect(ws, { origin: `https://${hostPort}` });
    good.close();
    const page = await fetch(`${host.url}?token=${host.token}`);
    expect(page.headers.get('content-security-policy')).toContain(`wss://${hostPort}`);
  });

  it('serves the page only with the token, sets a strict cookie, injects the bridge and a CSP', async () => {
    const { host, logger } = await start();
    const refused = await fetch(host.url);
    expect(refused.status).toBe(401);
    expect((await fetch(`${host.url}?token=wrong`)).status).toBe(401);
    expect(logger.lines.filter((l) => l.level === 'warn')).toHaveLength(2);

    const page = await fetch(host.launchUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script src="./web-bridge.js"></script>');
    expect(page.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
    expect((await fetch(`${host.url}app.js`, { headers: { cookie } })).status).toBe(200);
    expect((await fetch(`${host.url}app.js`)).status).toBe(401);
  });

  it('lets the page connect to the configured SIP WebSocket and nowhere else', async () => {
    const plain = await start();
    const without = (await fetch(plain.host.launchUrl)).headers.get('content-security-policy')!;
    expect(without).toMatch(/connect-src 'self' ws:\/\/127\.0\.0\.1:\d+;/);
    const { host } = await start(recordingLogger(), fakeCore(['wss://sip.bank.example:7443']));
    const csp = (await fetch(host.launchUrl)).headers.get('content-security-policy')!;
    expect(csp).toMatch(
      /connect-src 'self' ws:\/\/127\.0\.0\.1:\d+ wss:\/\/sip\.bank\.example:7443;/,
    );
  });

  it('does not serve files outside the renderer folder', async () => {
    const { host } = await start();
    const res = await fetch(`${host.url}..%2Fsecret.txt?token=${host.token}`);
    expect(res.status).toBe(404);
  });

  it('refuses bridge sockets without the token or from a foreign origin, and logs it', async () => {
    const { host, logger } = await start();
    const ws = host.url.replace('http', 'ws') + 'bridge';
    const origin = host.url.replace(/\/$/, '');
    await expect(connect(ws, { origin })).rejects.toThrow(/401/);
    await expect(connect(`${ws}?token=nope`, { origin })).rejects.toThrow(/401/);
    await expect(
      connect(`${ws}?token=${host.token}`, { origin: 'https://evil.example' }),
    ).rejects.toThrow(/403/);
    expect(logger.text()).toMatch(/bridge connection refused/);
    const good = await connect(`${ws}?token=${host.token}`, { origin });
    good.close();
  });

  it('answers invoke messages through the dispatcher and refuses malformed ones with a clear error', async () => {
    const { host, core } = await start();
    const ws = await connect(`${host.url.replace('http', 'ws')}bridge?token=${host.token}`, {
      origin: host.url.replace(/\/$/, ''),
    });
    ws.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'auth:current', payload: {} }));
    expect(await nextMessage(ws)).toEqual({
      type: 'result',
      id: 1,
      result: { ok: true, value: { agent: null } },
    });

    for (const bad of [
      'not json',
      '{"type":"invoke"}',
      JSON.stringify({ type: 'invoke', id: -1, channel: 'x' }),
      JSON.stringify({ type: 'invoke', id: 2, channel: 'auth:current', extra: 1 }),
    ]) {
      ws.send(bad);
      const answer = await nextMessage(ws);
      expect(answer).toMatchObject({
        type: 'result',
        id: null,
        result: { ok: false, error: { code: 'bad-request' } },
      });
    }
    ws.send(JSON.stringify({ type: 'invoke', id: 3, channel: 'fs:read', payload: {} }));
    expect(await nextMessage(ws)).toMatchObject({
      id: 3,
      result: { ok: false, error: { code: 'unknown-channel' } },
    });

    // Pushes reach connected pages.
    const pushed = nextMessage(ws);
    core.events.emit('agent:changed', { agent: null });
    expect(await pushed).toEqual({
      type: 'event',
      event: 'agent:changed',
      payload: { agent: null },
    });
    ws.close();
  });
});
