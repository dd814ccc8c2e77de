// The SIP lab the benches run on (bench-sip.mjs, bench-soak.mjs): a real Kamailio on loopback,
// bare sip.js peer pages (test/e2e/sip-peer) and the app (the web host page, signed in), all in
// Debian's Chromium with an in-page instrument that timestamps the SIP wire, the caller ID and
// the first audio packet. Bench code only: it never reaches a desk. See ../shared/docs/sip-lab.md.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PEER_DIR = path.join(root, 'dist/test/sip-peer');
export const AGENT = { username: 'agent01', password: 'demo-pass-1' }; // the synthetic demo seed
const WAIT_MS = 15_000;

/** A TypeScript module of the repo as ESM under .tmp/bench-sip/ (its import.meta.dirname kept). */
export async function loadTs(relative) {
  const source = path.join(root, relative);
  const outfile = path.join(root, '.tmp/bench-sip', relative.replace(/\.ts$/, '.mjs'));
  await build({
    entryPoints: [source],
    outfile,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    define: { 'import.meta.dirname': JSON.stringify(path.dirname(source)) },
    logLevel: 'warning',
  });
  return import(pathToFileURL(outfile).href);
}

/**
 * The web host (dist/web/cli.js) on a free port with its own data dir (`files` written into it
 * first: name → text); embedded records unless given.
 */
async function startWebHost(recordsUrl, args, files = {}) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'agent-desk-bench-sip-'));
  // As IT would provision it: the microphone explained, no after-call work between bench calls.
  writeFileSync(
    path.join(dataDir, 'settings.json'),
    JSON.stringify({ microphoneExplained: true, wrapUpSeconds: 0 }),
  );
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dataDir, name), text);
  const records = recordsUrl ? ['--records', recordsUrl] : ['--demo'];
  const cli = process.env.BENCH_SIP_WEB_CLI ?? 'dist/web/cli.js';
  const child = spawn(
    process.execPath,
    [cli, '--port', '0', '--data-dir', dataDir, ...records, ...args],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let errors = '';
  child.stderr.on('data', (d) => (errors = `${errors}${d}`.slice(-4000)));
  const url = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on(
      'line',
      (line) => line.startsWith('listening: ') && resolve(line.slice(11)),
    );
    child.once('exit', (code) => reject(new Error(`web host exited ${code}\n${errors}`)));
  });
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function servePeerPage() {
  const types = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.map': 'application/json',
  };
  const server = http.createServer((req, res) => {
    const name = new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/+/, '') || 'index.html';
    const file = path.join(PEER_DIR, name);
    if (!file.startsWith(PEER_DIR + path.sep) || !existsSync(file))
      return void res.writeHead(404).end();
    res.writeHead(200, {
      'content-type': types[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${server.address().port}/`,
        close: () => new Promise((r) => server.close(r)),
      }),
    ),
  );
}

// ---- the in-page instrument (runs before any page script; serialised by Playwright) ----

/* global window, document, HTMLElement, MutationObserver */
function instrument() {
  const now = () => performance.timeOrigin + performance.now();
  const bench = {
    /** SIP messages on the page's SIP WebSocket(s): {at, dir, first, cseq, toTag}. */
    wire: [],
    /** Caller ID painted: set `expect` (a substring) and clear `at` before the call. */
    painted: { expect: null, at: null },
    answerClicked: null,
    firstAudio: null,
    pcs: [],
    watchFrom(at) {
      bench.answerClicked = at;
      bench.firstAudio = null;
      const poll = async () => {
        while (bench.firstAudio === null && now() - at < 15_000) {
          for (const pc of bench.pcs) {
            if (pc.connectionState === 'closed') continue;
            let packets = 0;
            try {
              (await pc.getStats()).forEach((s) => {
                if (s.type === 'inbound-rtp' && s.kind === 'audio')
                  packets += s.packetsReceived ?? 0;
              });
            } catch {
              // closed meanwhile
            }
            if (packets > 0 && bench.firstAudio === null) bench.firstAudio = now();
          }
          await new Promise((r) => setTimeout(r, 5));
        }
      };
      void poll();
    },
  };
  window.__bench = bench;

  const record = (dir, data) => {
    if (typeof data !== 'string') return;
    const end = data.indexOf('\r\n');
    if (end < 0) return;
    const first = data.slice(0, end);
    const cseq = /^CSeq:\s*\d+\s+(\w+)/im.exec(data)?.[1] ?? '';
    bench.wire.push({ at: now(), dir, first, cseq, toTag: /^(?:To|t):[^\r\n]*;tag=/im.test(data) });
  };
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(url, protocols) {
      super(url, protocols);
      if (![protocols].flat().includes('sip')) return;
      this.addEventListener('message', (e) => record('in', e.data));
      const send = this.send.bind(this);
      this.send = (data) => {
        record('out', data);
        return send(data);
      };
    }
  };

  const NativePc = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends NativePc {
    constructor(...args) {
      super(...args);
      bench.pcs = bench.pcs.filter((pc) => pc.connectionState !== 'closed');
      bench.pcs.push(this);
    }
  };

  const check = () => {
    const { painted } = bench;
    if (painted.expect === null || painted.at !== null) return;
    // The app's caller ID carries data-number; the bare peer's is plain text.
    const el = document.querySelector('[data-testid="caller-id"]');
    if (
      el &&
      (el.getAttribute('data-number') === painted.expect ||
        el.textContent?.includes(painted.expect))
    )
      painted.at = now();
  };
  new MutationObserver(check).observe(document, {
    subtree: true,
    childList: true,
    characterData: true,
  });

  // The answer click as the page sees it (not Playwright's round trip).
  window.addEventListener(
    'click',
    (e) => {
      if (e.target instanceof HTMLElement && e.target.closest('[data-testid="answer"]'))
        bench.watchFrom(now());
    },
    true,
  );
}

// ---- the pages ----

export const callPeer = (page, method, ...args) =>
  page.evaluate(([m, a]) => window.peer[m](...a), [method, args]);
export const benchOf = (page) =>
  page.evaluate(() => ({
    wire: window.__bench.wire,
    painted: window.__bench.painted,
    answerClicked: window.__bench.answerClicked,
    firstAudio: window.__bench.firstAudio,
  }));

/** The initial INVITE the page last received (not a re-INVITE: no To tag). */
export const lastInitialInvite = (wire, after) =>
  wire
    .filter((m) => m.dir === 'in' && m.first.startsWith('INVITE ') && !m.toTag && m.at >= after)
    .at(-1)?.at;

export async function openPeer(browser, peerUrl, kamailio, account, displayName) {
  const context = await browser.newContext({ permissions: ['microphone'] });
  await context.addInitScript(instrument);
  const page = await context.newPage();
  await page.goto(peerUrl);
  await page.waitForFunction(() => document.body.dataset.ready === 'true');
  await callPeer(page, 'start', {
    wsUrl: kamailio.wsUrl,
    domain: kamailio.domain,
    user: account.user,
    password: account.password,
    displayName,
  });
  return { page, context, account };
}

/**
 * Waits inside the page (polling on animation frames: no DevTools round trips that load the page).
 */
export const until = (page, fn, arg, timeout = WAIT_MS) =>
  page.waitForFunction(fn, arg, { timeout, polling: 'raf' }).then((handle) => handle.jsonValue());

/**
 * One call to the app: customer → the agent page; answered by a click on [data-testid=answer],
 * `talkMs` of audio after the first packet at both ends, then hung up by `hangUpBy` ('customer'
 * or 'agent', by a click on [data-testid=hangup]).
 */
export async function appCall(customer, agent, { hangUpBy = 'customer', talkMs = 0 } = {}) {
  const t0 = performance.timeOrigin + performance.now();
  await agent.evaluate(
    (user) => Object.assign(window.__bench.painted, { expect: user, at: null }),
    customer.account.user,
  );
  await callPeer(customer.page, 'call', agent.sipUser);
  await agent.getByTestId('answer').waitFor({ timeout: WAIT_MS });
  await until(customer.page, () => window.peer.state().call === 'ringing');
  await agent.getByTestId('answer').click();
  const c = await until(customer.page, () => window.peer.marks().firstAudio && window.peer.marks());
  await until(agent, () => window.__bench.firstAudio !== null);
  const b = await benchOf(agent);
  if (talkMs > 0) await new Promise((resolve) => setTimeout(resolve, talkMs));
  if (hangUpBy === 'agent') await agent.getByTestId('hangup').click();
  else await callPeer(customer.page, 'hangup');
  await until(customer.page, () => window.peer.state().call === 'idle');
  await agent.getByTestId('hangup').waitFor({ state: 'detached', timeout: WAIT_MS });
  const invite = lastInitialInvite(b.wire, t0);
  return {
    ringing: c.ringing - (c.inviteSentWithAuth ?? c.inviteSent),
    callerId: b.painted.at !== null && invite ? b.painted.at - invite : undefined,
    audioAtCustomer: c.firstAudio - b.answerClicked,
    audioAtAgent: b.firstAudio - b.answerClicked,
  };
}

/**
 * The web host with the agent's SIP account from flags (and `files` in its data dir), its page
 * signed in and the phone registered: { page, close }; or { skipped: why } when the app shows
 * no softphone.
 */
export async function openApp(browser, kamailio, account, recordsUrl, files) {
  const sipFlags = [
    '--sip-ws',
    kamailio.wsUrl,
    '--sip-domain',
    kamailio.domain,
    '--sip-user',
    account.user,
    `--sip-password=${account.password}`,
  ];
  const web = await startWebHost(recordsUrl, sipFlags, files);
  const context = await browser.newContext({ permissions: ['microphone'] });
  await context.addInitScript(instrument);
  const page = await context.newPage();
  const close = async () => {
    await context.close();
    await web.stop();
  };
  try {
    await page.goto(web.url);
    await page.getByTestId('login-username').fill(AGENT.username);
    await page.getByTestId('login-password').fill(AGENT.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('agent-name').waitFor({ timeout: WAIT_MS });
    const status = page.getByTestId('sip-status');
    if (
      !(await status.waitFor({ timeout: 5_000 }).then(
        () => true,
        () => false,
      ))
    ) {
      await close();
      return {
        skipped: 'the app shows no [data-testid=sip-status] after sign-in (no softphone yet)',
      };
    }
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="sip-status"]')?.getAttribute('data-state') ===
        'registered',
      null,
      { timeout: WAIT_MS },
    );
  } catch (error) {
    const status = await page
      .getByTestId('sip-status')
      .textContent()
      .catch(() => null);
    await close();
    throw new Error(`the app's phone did not register (sip-status: ${status}): ${error.message}`);
  }
  return {
    page: Object.assign(page, { sipUser: account.user }),
    close,
  };
}

/** A fresh SIP account for one run (the proxy's htable holds it until it stops). */
export const sipAccount = (user) => ({ user, password: randomBytes(9).toString('base64url') });

/**
 * What the SIP figures run on: Kamailio on loopback with `users` (and, with `pbx`, rtpengine and
 * the proxy's UDP side for plain SIP phones), the peer page served, Debian's Chromium.
 * { skipped: why } when Kamailio (or rtpengine) is not installed. `onClose` registers a closer;
 * `close()` runs them last in first, then stops the browser, the page server and the proxy.
 */
export async function startSipLab(users, { pbx = false } = {}) {
  const { kamailioUnavailable, startKamailio } = await loadTs('test/support/kamailio.ts');
  const rtp = pbx ? await loadTs('test/support/rtpengine.ts') : null;
  const why = kamailioUnavailable() ?? rtp?.rtpengineUnavailable();
  if (why) return { skipped: why };
  if (!existsSync(path.join(PEER_DIR, 'peer.js')))
    throw new Error('dist/test/sip-peer is missing: node scripts/build.mjs sip-peer');
  const { CHROMIUM_ARGS } = await loadTs('playwright.config.ts');
  const { chromium } = await import('@playwright/test');
  // The telephone-network lab: rtpengine bridges plain SIP phones' RTP to the WebRTC side.
  const rtpengine = rtp ? await rtp.startRtpengine() : null;
  const kamailio = await startKamailio({
    users,
    ...(rtpengine ? { pbx: { rtpengineNg: rtpengine.ngPort } } : {}),
  }).catch(async (error) => {
    await rtpengine?.stop();
    throw error;
  });
  const closers = [...(rtpengine ? [() => rtpengine.stop()] : []), () => kamailio.stop()];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => undefined);
  };
  try {
    const peerServer = await servePeerPage();
    closers.push(peerServer.close);
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    });
    closers.push(() => browser.close());
    return {
      kamailio,
      browser,
      peerUrl: peerServer.url,
      onClose: (closer) => closers.push(closer),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Builds what the SIP benches need (renderer, server, web host, peer page); exits if that fails.
 */
export function buildForSipBench(env = process.env) {
  const built = spawnSync(
    process.execPath,
    ['scripts/build.mjs', 'renderer', 'server', 'web', 'sip-peer'],
    { cwd: root, stdio: 'inherit', env },
  );
  if (built.status !== 0) process.exit(1);
}
