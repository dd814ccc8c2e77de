#!/usr/bin/env node
// The softphone's figures for `npm run bench`, or alone: `node scripts/bench-sip.mjs`.
// Over N calls (default 20; BENCH_SIP_CALLS) through a real Kamailio on loopback, medians and
// p95 of
//   INVITE sent → ringing at caller          (the customer's 180, sent by the callee)
//   INVITE received → caller ID painted      (the callee's page: INVITE off its WebSocket → the
//                                             [data-testid=caller-id] text, MutationObserver time)
//   answer → first audio packet              (at the customer, and at the callee)
//   REGISTER round trip                      (first REGISTER on the wire → its 200, incl. the 401)
//   proxy back → registered again            (Kamailio killed and restarted; BENCH_SIP_RESTARTS)
// for a bare sip.js pair (the peer page of test/e2e/sip-peer as both ends) and, in the same run and
// interleaved call by call, for the app (the web host page as the agent, a peer as the customer),
// so the app's own cost shows as a ratio. Every time is taken inside the pages
// (performance.timeOrigin + performance.now(), comparable across pages on one machine) by an
// init script that watches the SIP WebSocket, the DOM and RTCPeerConnection — the same script on
// both halves, so both are measured the same way. BENCH_SIP_APP=0 measures the bare pair only;
// BENCH_SIP_WEB_CLI=<path> measures another web host bundle (with its ../renderer) than dist/web.
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
async function loadTs(relative) {
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
  writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ microphoneExplained: true, wrapUpSeconds: 0 }));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dataDir, name), text);
  const records = recordsUrl ? ['--records', recordsUrl] : [];
  const cli = process.env.BENCH_SIP_WEB_CLI ?? 'dist/web/cli.js';
  const child = spawn(process.execPath, [cli, '--port', '0', '--data-dir', dataDir, ...records, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let errors = '';
  child.stderr.on('data', (d) => (errors = `${errors}${d}`.slice(-4000)));
  const url = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => line.startsWith('listening: ') && resolve(line.slice(11)));
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
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.map': 'application/json' };
  const server = http.createServer((req, res) => {
    const name = new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/+/, '') || 'index.html';
    const file = path.join(PEER_DIR, name);
    if (!file.startsWith(PEER_DIR + path.sep) || !existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((r) => server.close(r)) })),
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
                if (s.type === 'inbound-rtp' && s.kind === 'audio') packets += s.packetsReceived ?? 0;
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
    if (el && (el.getAttribute('data-number') === painted.expect || el.textContent?.includes(painted.expect))) painted.at = now();
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true });

  // The answer click as the page sees it (not Playwright's round trip).
  window.addEventListener(
    'click',
    (e) => {
      if (e.target instanceof HTMLElement && e.target.closest('[data-testid="answer"]')) bench.watchFrom(now());
    },
    true,
  );
}

// ---- statistics ----

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
function summary(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  return sorted.length ? { n: sorted.length, p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95) } : null;
}

function printTable(rows, calls, restarts) {
  const f = (x) => (x === undefined ? '—' : x.toFixed(1)).padStart(8);
  const r = (a, b) => (a === undefined || b === undefined || b <= 0 ? '—' : `${(a / b).toFixed(2)}×`).padStart(7);
  console.log(`\nSIP through Kamailio on loopback — ${calls} calls and ${restarts} proxy restarts per side; ms`);
  console.log(`${''.padEnd(46)}${'bare sip.js pair'.padStart(22)}${'app (agent page)'.padStart(22)}${'app / bare'.padStart(17)}`);
  console.log(`${'step'.padEnd(46)}${'n'.padStart(4)}${'p50'.padStart(9)}${'p95'.padStart(9)}${'n'.padStart(4)}${'p50'.padStart(9)}${'p95'.padStart(9)}${'p50'.padStart(8)}${'p95'.padStart(8)}`);
  for (const [name, bare, app] of rows) {
    const b = summary(bare);
    const a = summary(app);
    console.log(
      `${name.padEnd(46)}${String(b?.n ?? 0).padStart(4)}${f(b?.p50)} ${f(b?.p95)}${String(a?.n ?? 0).padStart(4)}${f(a?.p50)} ${f(a?.p95)}${r(a?.p50, b?.p50)} ${r(a?.p95, b?.p95)}`,
    );
  }
}

// ---- the pages ----

export const callPeer = (page, method, ...args) => page.evaluate(([m, a]) => window.peer[m](...a), [method, args]);
const benchOf = (page) => page.evaluate(() => ({ wire: window.__bench.wire, painted: window.__bench.painted, answerClicked: window.__bench.answerClicked, firstAudio: window.__bench.firstAudio }));

/** The initial INVITE the page last received (not a re-INVITE: no To tag). */
const lastInitialInvite = (wire, after) => wire.filter((m) => m.dir === 'in' && m.first.startsWith('INVITE ') && !m.toTag && m.at >= after).at(-1)?.at;

/** First REGISTER sent after `after` → the 200 that completes it (through the 401 challenge). */
function registerRoundTrip(wire, after) {
  const sent = wire.find((m) => m.dir === 'out' && m.first.startsWith('REGISTER ') && m.at >= after);
  if (!sent) return undefined;
  const ok = wire.find((m) => m.dir === 'in' && m.first.startsWith('SIP/2.0 200') && m.cseq === 'REGISTER' && m.at > sent.at);
  return ok ? ok.at - sent.at : undefined;
}

/** In the page: when a REGISTER got its 200 at or after `after`, else undefined (a waitForFunction predicate). */
const registeredIn = (after) => window.__bench.wire.find((m) => m.dir === 'in' && m.first.startsWith('SIP/2.0 200') && m.cseq === 'REGISTER' && m.at >= after)?.at;

export async function openPeer(browser, peerUrl, kamailio, account, displayName) {
  const context = await browser.newContext({ permissions: ['microphone'] });
  await context.addInitScript(instrument);
  const page = await context.newPage();
  await page.goto(peerUrl);
  await page.waitForFunction(() => document.body.dataset.ready === 'true');
  await callPeer(page, 'start', { wsUrl: kamailio.wsUrl, domain: kamailio.domain, user: account.user, password: account.password, displayName });
  return { page, context, account };
}

/** Waits inside the page (polling on animation frames: no DevTools round trips that load the page). */
export const until = (page, fn, arg, timeout = WAIT_MS) => page.waitForFunction(fn, arg, { timeout, polling: 'raf' }).then((handle) => handle.jsonValue());

/** One bare call: customer → callee peer; returns its figures. */
async function bareCall(customer, callee) {
  const t0 = performance.timeOrigin + performance.now();
  await callee.page.evaluate((user) => Object.assign(window.__bench.painted, { expect: user, at: null }), customer.account.user);
  await callPeer(customer.page, 'call', callee.account.user);
  await until(callee.page, () => window.peer.state().call === 'incoming');
  await until(customer.page, () => window.peer.state().call === 'ringing');
  await callPeer(callee.page, 'answer');
  const c = await until(customer.page, () => window.peer.marks().firstAudio && window.peer.marks());
  const e = await until(callee.page, () => window.peer.marks().firstAudio && window.peer.marks());
  const b = await benchOf(callee.page);
  await callPeer(customer.page, 'hangup');
  await until(customer.page, () => window.peer.state().call === 'idle');
  await until(callee.page, () => window.peer.state().call === 'idle');
  const invite = lastInitialInvite(b.wire, t0);
  return {
    ringing: c.ringing - (c.inviteSentWithAuth ?? c.inviteSent),
    callerId: b.painted.at !== null && invite ? b.painted.at - invite : undefined,
    audioAtCustomer: c.firstAudio - e.acceptCalled,
    audioAtAgent: e.firstAudio - e.acceptCalled,
  };
}

/**
 * One call to the app: customer → the agent page; answered by a click on [data-testid=answer],
 * `talkMs` of audio after the first packet at both ends, then hung up by `hangUpBy` ('customer'
 * or 'agent', by a click on [data-testid=hangup]).
 */
export async function appCall(customer, agent, { hangUpBy = 'customer', talkMs = 0 } = {}) {
  const t0 = performance.timeOrigin + performance.now();
  await agent.evaluate((user) => Object.assign(window.__bench.painted, { expect: user, at: null }), customer.account.user);
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
  const sipFlags = ['--sip-ws', kamailio.wsUrl, '--sip-domain', kamailio.domain, '--sip-user', account.user, `--sip-password=${account.password}`];
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
    if (!(await status.waitFor({ timeout: 5_000 }).then(() => true, () => false))) {
      await close();
      return { skipped: 'the app shows no [data-testid=sip-status] after sign-in (no softphone yet)' };
    }
    await page.waitForFunction(() => document.querySelector('[data-testid="sip-status"]')?.getAttribute('data-state') === 'registered', null, { timeout: WAIT_MS });
  } catch (error) {
    const status = await page.getByTestId('sip-status').textContent().catch(() => null);
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
 * What the SIP figures run on: Kamailio on loopback with `users`, the peer page served, Debian's
 * Chromium. { skipped: why } when Kamailio is not installed. `onClose` registers a closer;
 * `close()` runs them last in first, then stops the browser, the page server and the proxy.
 */
export async function startSipLab(users) {
  const { kamailioUnavailable, startKamailio } = await loadTs('test/support/kamailio.ts');
  const why = kamailioUnavailable();
  if (why) return { skipped: why };
  if (!existsSync(path.join(PEER_DIR, 'peer.js'))) throw new Error('dist/test/sip-peer is missing: node scripts/build.mjs sip-peer');
  const { CHROMIUM_ARGS } = await loadTs('playwright.config.ts');
  const { chromium } = await import('@playwright/test');
  const kamailio = await startKamailio({ users });
  const closers = [() => kamailio.stop()];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => undefined);
  };
  try {
    const peerServer = await servePeerPage();
    closers.push(peerServer.close);
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    closers.push(() => browser.close());
    return { kamailio, browser, peerUrl: peerServer.url, onClose: (closer) => closers.push(closer), close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Builds what the SIP benches need (renderer, server, web host, peer page); exits if that fails. */
export function buildForSipBench(env = process.env) {
  const built = spawnSync(process.execPath, ['scripts/build.mjs', 'renderer', 'server', 'web', 'sip-peer'], { cwd: root, stdio: 'inherit', env });
  if (built.status !== 0) process.exit(1);
}

export async function benchSip({
  recordsUrl,
  app: withApp = true,
  rendererBuild = process.env.NODE_ENV === 'production' ? 'production' : 'development',
  calls = Number(process.env.BENCH_SIP_CALLS ?? 20),
  restarts = Number(process.env.BENCH_SIP_RESTARTS ?? 20),
} = {}) {
  const users = { agent: sipAccount('1001'), customer: sipAccount('2001'), bare: sipAccount('2002') };
  const lab = await startSipLab(Object.values(users));
  if (lab.skipped) {
    console.log(`\nSIP: skipped — ${lab.skipped}`);
    return;
  }
  const { kamailio, browser, peerUrl } = lab;
  try {
    const customer = await openPeer(browser, peerUrl, kamailio, users.customer, 'Bench Customer');
    const callee = await openPeer(browser, peerUrl, kamailio, users.bare, 'Bench Agent');
    lab.onClose(() => customer.context.close());
    lab.onClose(() => callee.context.close());
    let app = null;
    let appSkipped = null;
    if (withApp) {
      const opened = await openApp(browser, kamailio, users.agent, recordsUrl);
      if (opened.skipped) appSkipped = opened.skipped;
      else {
        app = opened.page;
        lab.onClose(opened.close);
      }
    } else appSkipped = 'BENCH_SIP_APP=0';

    const bare = [];
    const mine = [];
    for (let i = 0; i < 2; i++) {
      await bareCall(customer, callee); // warm-up
      if (app) await appCall(customer, app);
    }
    for (let i = 0; i < calls; i++) {
      bare.push(await bareCall(customer, callee));
      if (app) mine.push(await appCall(customer, app));
    }

    // REGISTER round trips: the bare peer registers anew; the app re-registers on `online`.
    const bareRegister = [];
    const appRegister = [];
    for (let i = 0; i < calls; i++) {
      let t = performance.timeOrigin + performance.now();
      await callPeer(callee.page, 'reregister');
      bareRegister.push(registerRoundTrip((await benchOf(callee.page)).wire, t));
      if (app) {
        t = performance.timeOrigin + performance.now();
        await app.evaluate(() => window.dispatchEvent(new Event('online')));
        await until(app, registeredIn, t);
        appRegister.push(registerRoundTrip((await benchOf(app)).wire, t));
      }
    }

    // Proxy killed and back: how long until each side is registered again.
    const bareBack = [];
    const appBack = [];
    for (let i = 0; i < restarts; i++) {
      const killed = Date.now();
      await kamailio.kill();
      await kamailio.restart();
      const back = Date.now();
      for (const [page, into] of [[callee.page, bareBack], [app, appBack], [customer.page, null]]) {
        if (!page) continue;
        const at = await until(page, registeredIn, killed, 60_000);
        into?.push(at - back);
      }
    }

    const col = (list, key) => list.map((x) => x[key]);
    printTable(
      [
        ['INVITE sent → ringing at caller', col(bare, 'ringing'), col(mine, 'ringing')],
        ['INVITE received → caller ID painted', col(bare, 'callerId'), col(mine, 'callerId')],
        ['answer → first audio packet at the customer', col(bare, 'audioAtCustomer'), col(mine, 'audioAtCustomer')],
        ['answer → first audio packet at the agent', col(bare, 'audioAtAgent'), col(mine, 'audioAtAgent')],
        ['REGISTER round trip (incl. 401)', bareRegister, appRegister],
        ['proxy back → registered again', bareBack, appBack],
      ],
      calls,
      restarts,
    );
    if (appSkipped) console.log(`app: not measured — ${appSkipped}`);
    else console.log(`app: ${rendererBuild} renderer bundle${rendererBuild === 'production' ? '' : ' (slower React; NODE_ENV=production measures the shipped build)'}`);
  } finally {
    await lab.close();
  }
}

// Alone: build what it needs; the web host runs its embedded records service.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildForSipBench();
  await benchSip({ app: process.env.BENCH_SIP_APP !== '0' });
}
