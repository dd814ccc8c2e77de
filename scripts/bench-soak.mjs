#!/usr/bin/env node
// The soak for `npm run bench` (or alone: `node scripts/bench-soak.mjs`): one desk, the web host
// page as agent01, takes call after call from a sip.js customer via Kamailio (ring, answer, a
// little audio, hang-up by each side in turn) and samples its memory after a forced GC. A failed
// call fails the soak, never skipped. Counts and goal: benchSoak's options and SOAK_GOAL.
/* global window, document */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AGENT,
  appCall,
  buildForSipBench,
  openApp,
  openPeer,
  sipAccount,
  startSipLab,
  until,
} from './bench-sip-lab.mjs';

const MB = 2 ** 20;
const SETTLE_MS = 1000;
/** The JS heap stays flat (≤ 1 MB per 100 calls, least squares) and ends at ≤ 60 MB. */
export const SOAK_GOAL = { slopeMbPer100: 1, endMb: 60 };

/** Least-squares slope of y over x. */
function slope(points) {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return sxx === 0 ? 0 : points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0) / sxx;
}

/**
 * A desk in mid-shift: main's recent-calls file (call-history.json, main/core/call-history.ts)
 * already at its 200 lines, so the page's list is full before the first sample and the soak's
 * calls only turn it over. A file main rejects is moved aside: the sampled row count shows it.
 */
function fullCallHistory(number, count = 200) {
  const first = Date.now() - count * 60_000;
  const quality = {
    samples: 2,
    rttMsAvg: 1,
    jitterMsAvg: 1,
    lossPctAvg: 0,
    mosMin: 4.4,
    warnings: 0,
  };
  const calls = Array.from({ length: count }, (_, i) => ({
    agent: AGENT.username,
    record: {
      id: randomUUID(),
      direction: 'inbound',
      number,
      name: null,
      startedAt: new Date(first + i * 60_000).toISOString(),
      durationSeconds: 1,
      outcome: 'answered',
      quality,
    },
  }));
  return JSON.stringify({ calls });
}

/** How many objects in the page's heap have `prototype` (an expression) in their chain. */
async function countObjects(cdp, prototype) {
  const objectGroup = 'bench-soak';
  try {
    const { result } = await cdp.send('Runtime.evaluate', { expression: prototype, objectGroup });
    const { objects } = await cdp.send('Runtime.queryObjects', {
      prototypeObjectId: result.objectId,
      objectGroup,
    });
    const counted = await cdp.send('Runtime.callFunctionOn', {
      objectId: objects.objectId,
      functionDeclaration: 'function () { return this.length; }',
      returnByValue: true,
    });
    return counted.result.value;
  } finally {
    await cdp.send('Runtime.releaseObjectGroup', { objectGroup });
  }
}

/**
 * The page after a forced garbage collection, the last call's teardown given SETTLE_MS. The bench's
 * in-page instrument first drops what it holds itself (the SIP wire log, closed peer connections),
 * so only the app's own memory counts.
 */
async function sample(page, cdp, calls, startedAt) {
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const historyRows = await page.evaluate(() => {
    const bench = window.__bench;
    bench.wire.length = 0;
    bench.pcs = bench.pcs.filter((pc) => pc.connectionState !== 'closed');
    return document.querySelectorAll('[data-testid="history-item"]').length;
  });
  for (let i = 0; i < 2; i++) await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const metrics = Object.fromEntries(
    (await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]),
  );
  return {
    calls,
    heapMb: usedSize / MB,
    nodes: metrics.Nodes,
    listeners: metrics.JSEventListeners,
    pcs: await countObjects(cdp, 'RTCPeerConnection.prototype'),
    streams: await countObjects(cdp, 'MediaStream.prototype'),
    historyRows,
    seconds: (performance.now() - startedAt) / 1000,
  };
}

/**
 * The page's heap by constructor (objects, functions, Blink objects) or else kind: count, bytes.
 */
async function heapByConstructor(cdp) {
  const chunks = [];
  const onChunk = ({ chunk }) => chunks.push(chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  try {
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  }
  const { snapshot, nodes, strings } = JSON.parse(chunks.join(''));
  const fields = snapshot.meta.node_fields;
  const kinds = snapshot.meta.node_types[0];
  const [type, name, size] = ['type', 'name', 'self_size'].map((field) => fields.indexOf(field));
  const byName = new Map();
  for (let i = 0; i < nodes.length; i += fields.length) {
    const kind = kinds[nodes[i + type]];
    const named = kind === 'object' || kind === 'native' || kind === 'closure';
    const key = named
      ? `${kind === 'closure' ? 'function ' : ''}${strings[nodes[i + name]].slice(0, 80)}`
      : `(${kind})`;
    const entry = byName.get(key) ?? { count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += nodes[i + size];
    byName.set(key, entry);
  }
  return byName;
}

const col = (x, width, digits = 0) => x.toFixed(digits).padStart(width);
const sign = (x, digits) => `${x >= 0 ? '+' : ''}${x.toFixed(digits)}`;

function printHeader({ calls, warmUp, rendererBuild }) {
  console.log(
    `\nSoak through Kamailio on loopback — ${calls} calls to one desk (${rendererBuild} renderer), after ${warmUp} warm-up calls` +
      ` and with the recent-calls list full; hang-up by the customer and the agent in turn; a forced GC before each sample (MB = 2^20 bytes)`,
  );
  console.log(
    `${'calls'.padStart(6)}${'JS heap MB'.padStart(12)}${'DOM nodes'.padStart(11)}${'listeners'.padStart(11)}${'RTCPeerConnections'.padStart(20)}${'MediaStreams'.padStart(14)}${'recent calls'.padStart(14)}${'elapsed s'.padStart(11)}`,
  );
}

function printHeapDiff(before, after, top = 15) {
  const rows = [...after].map(([key, now]) => {
    const then = before.get(key) ?? { count: 0, bytes: 0 };
    return { key, count: now.count - then.count, bytes: now.bytes - then.bytes };
  });
  rows.sort((a, b) => b.bytes - a.bytes);
  console.log(`soak heap growth, first → last sample, by constructor (top ${top}; KB, objects):`);
  for (const r of rows.slice(0, top))
    console.log(
      `${sign(r.bytes / 1024, 1).padStart(10)} KB${sign(r.count, 0).padStart(8)}  ${r.key}`,
    );
}

const printRow = (s) =>
  console.log(
    `${col(s.calls, 6)}${col(s.heapMb, 12, 2)}${col(s.nodes, 11)}${col(s.listeners, 11)}${col(s.pcs, 20)}${col(s.streams, 14)}${col(s.historyRows, 14)}${col(s.seconds, 11)}`,
  );

function printVerdict(samples, every) {
  const end = samples.at(-1);
  const perHundred = slope(samples.map((s) => ({ x: s.calls / 100, y: s.heapMb })));
  const nodesPerHundred = slope(samples.map((s) => ({ x: s.calls / 100, y: s.nodes })));
  const flat = perHundred <= SOAK_GOAL.slopeMbPer100;
  const small = end.heapMb <= SOAK_GOAL.endMb;
  console.log(
    `soak JS heap slope ${sign(perHundred, 2)} MB per 100 calls (least squares, ${samples.length} samples every ${every} calls);` +
      ` end ${end.heapMb.toFixed(2)} MB; DOM nodes ${sign(nodesPerHundred, 1)} per 100 calls`,
  );
  const missed = [
    flat ? '' : 'the heap grows',
    small ? '' : `over ${SOAK_GOAL.endMb} MB at the end`,
  ].filter(Boolean);
  const verdict = missed.length === 0 ? 'goal met' : `GOAL MISSED — ${missed.join(', ')}`;
  console.log(
    `soak verdict: ${verdict} (goal: slope ≤ ${SOAK_GOAL.slopeMbPer100} MB per 100 calls, end ≤ ${SOAK_GOAL.endMb} MB)`,
  );
}

/** What each end showed when a call went wrong, for the failure message. */
async function whereCallStopped(desk, customer) {
  const attribute = (testId, name) =>
    desk
      .getByTestId(testId)
      .first()
      .getAttribute(name, { timeout: 1000 })
      .catch(() => '?');
  const phone = await customer.page.evaluate(() => window.peer.state()).catch(() => null);
  const buttons = await desk
    .evaluate(
      () =>
        ['answer', 'hangup']
          .filter((id) => document.querySelector(`[data-testid="${id}"]`))
          .join(', ') || 'none',
    )
    .catch(() => '?');
  return (
    `desk: line ${await attribute('sip-status', 'data-state')}, agent ${await attribute('agent-state', 'data-state')}, buttons ${buttons}; ` +
    `customer: ${phone ? `${phone.registered ? '' : 'not '}registered, call ${phone.call}, last end ${phone.lastEnd}` : '?'}`
  );
}

/**
 * Options, each with its environment variable: calls (BENCH_SOAK_CALLS, 500; 0 skips), every
 * (BENCH_SOAK_EVERY, 100), warmUp (BENCH_SOAK_WARMUP, 20 calls before the first sample, so V8's
 * compiled code and Chromium's capped performance-timeline buffers have mostly filled), talkMs
 * (BENCH_SOAK_TALK_MS, 200), heapDiff (BENCH_SOAK_HEAP_DIFF=1: heap snapshots at the first and
 * last sample, the growth printed by constructor). Resolves with the samples.
 */
export async function benchSoak({
  recordsUrl,
  rendererBuild = process.env.NODE_ENV === 'production' ? 'production' : 'development',
  calls = Number(process.env.BENCH_SOAK_CALLS ?? 500),
  every = Number(process.env.BENCH_SOAK_EVERY ?? 100),
  warmUp = Number(process.env.BENCH_SOAK_WARMUP ?? 20),
  talkMs = Number(process.env.BENCH_SOAK_TALK_MS ?? 200),
  heapDiff = process.env.BENCH_SOAK_HEAP_DIFF === '1',
} = {}) {
  if (!(calls > 0))
    return void console.log(`\nSoak: skipped — BENCH_SOAK_CALLS=${process.env.BENCH_SOAK_CALLS}`);
  if (!(every > 0))
    throw new Error(`BENCH_SOAK_EVERY must be a positive number of calls, not ${every}`);
  const users = { agent: sipAccount('1001'), customer: sipAccount('2001') };
  const lab = await startSipLab(Object.values(users));
  if (lab.skipped) return void console.log(`\nSoak: skipped — ${lab.skipped}`);
  try {
    const customer = await openPeer(
      lab.browser,
      lab.peerUrl,
      lab.kamailio,
      users.customer,
      'Soak Customer',
    );
    lab.onClose(() => customer.context.close());
    const opened = await openApp(lab.browser, lab.kamailio, users.agent, recordsUrl, {
      'call-history.json': fullCallHistory(users.customer.user),
    });
    if (opened.skipped) return void console.log(`\nSoak: skipped — ${opened.skipped}`);
    lab.onClose(opened.close);
    const desk = opened.page;
    const cdp = await desk.context().newCDPSession(desk);
    await cdp.send('Performance.enable');

    let done = 0;
    const call = async (counted) => {
      const hangUpBy = done % 2 === 0 ? 'customer' : 'agent';
      const which = counted
        ? `soak call ${done - warmUp + 1} of ${calls}`
        : `soak warm-up call ${done + 1}`;
      try {
        await desk.evaluate(() => (window.__bench.wire.length = 0));
        await appCall(customer, desk, { hangUpBy, talkMs });
        // No after-call work (wrapUpSeconds 0): the desk is ready for the next call.
        await until(
          desk,
          () =>
            document.querySelector('[data-testid="agent-state"]')?.getAttribute('data-state') ===
            'ready',
        );
      } catch (error) {
        const seen = await whereCallStopped(desk, customer);
        throw new Error(`${which} failed (hang-up by the ${hangUpBy}; ${seen}): ${error.message}`, {
          cause: error,
        });
      }
      done++;
    };
    for (let i = 0; i < warmUp; i++) await call(false);
    printHeader({ calls, warmUp, rendererBuild });
    const startedAt = performance.now();
    const samples = [];
    const take = async (n) => {
      samples.push(await sample(desk, cdp, n, startedAt));
      printRow(samples.at(-1));
    };
    await take(0);
    const heapBefore = heapDiff ? await heapByConstructor(cdp) : null;
    for (let n = 1; n <= calls; n++) {
      await call(true);
      if (n % every === 0 || n === calls) await take(n);
    }
    const { calls: seen, ended } = await customer.page.evaluate(() => window.peer.state());
    if (seen !== done || ended !== done)
      throw new Error(`soak: the customer saw ${seen} calls and ${ended} ended, not ${done}`);
    printVerdict(samples, every);
    if (heapBefore) printHeapDiff(heapBefore, await heapByConstructor(cdp));
    return samples;
  } finally {
    await lab.close();
  }
}

// Alone: the shipped renderer (NODE_ENV=production unless set); the web host's embedded records.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.env.NODE_ENV ??= 'production';
  buildForSipBench();
  await benchSoak();
}
