#!/usr/bin/env node
// Re-registration at scale, part of `npm run bench` (benchReregister) or alone:
// `node scripts/bench-reregister.mjs`. 500 simulated desks — the product's own registration code
// (sip.js UserAgent, registrar, reconnect schedule) in Node over `ws` — register to the test lab's
// Kamailio; the proxy is stopped and started again on the same port; for each desk, the time from
// "listening again" to "registered again", its spread as a histogram, and every error reply the
// proxy sent (503 above all). sip.js rather than SIPp: SIPp speaks no WebSocket, and only the
// app's code shows the app's reconnect schedule.
//   BENCH_REREGISTER_DESKS=<n> (default 500), BENCH_REREGISTER_TIMEOUT_S=<s> (default 60).
// Exits non-zero when it cannot run or a desk never registers again.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { importBenchLib } from './bench-services.mjs';
import { quantile } from './bench-stats.mjs';

const GOAL_ALL_MS = 10_000;
const BUCKET_MS = 250;

/**
 * sip.js rebuilds its whole parser table on every header it parses (peg$parse decodes ~230
 * bytecode strings per call, ~60 % of a parse). A real desk pays that on its own CPU; 500 simulated
 * desks would pay it on the bench's one process and time the bench instead of the proxy. So the
 * desks' sip.js decodes each string once; nothing else in it changes. Fails loudly if sip.js's
 * grammar no longer has that shape.
 */
const PEG_DECODE = `    function peg$decode(s) {
        return s.split("").map((ch) => ch.charCodeAt(0) - 32);
    }`;
const decodeOnce = {
  name: 'sip.js-peg-decode-once',
  setup(build) {
    build.onLoad(
      { filter: /sip\.js[\\/]lib[\\/]grammar[\\/]pegjs[\\/]dist[\\/]grammar\.js$/ },
      async (args) => {
        const source = await readFile(args.path, 'utf8');
        if (!source.includes(PEG_DECODE))
          throw new Error(`${args.path}: peg$decode changed; update bench-reregister.mjs`);
        const memo = `    function peg$decode(s) {
        let d = peg$decoded.get(s);
        if (d === undefined) peg$decoded.set(s, (d = s.split("").map((ch) => ch.charCodeAt(0) - 32)));
        return d;
    }`;
        return {
          contents: `const peg$decoded = new Map();\n${source.replace(PEG_DECODE, memo)}`,
          loader: 'js',
        };
      },
    );
  },
};

/** The lib bundled inside the repository (sip.js with it; ws resolves from our node_modules). */
async function loadLib(root) {
  const { lib, file, dispose } = await importBenchLib(root, 'bench-reregister-lib', {
    packages: undefined,
    target: 'node20',
    external: ['ws'],
    plugins: [decodeOnce],
    // test/support/kamailio.ts finds the config template from its own folder.
    define: { 'import.meta.dirname': JSON.stringify(path.join(root, 'test/support')) },
  });
  return { lib, url: pathToFileURL(file).href, remove: dispose };
}

const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;

/** `0.00–0.25 s  ████ 123` per bucket from 0 to the slowest desk. */
export function histogram(values, bucketMs = BUCKET_MS, width = 40) {
  if (values.length === 0) return [];
  const lo = Math.min(0, Math.floor(Math.min(...values) / bucketMs));
  const hi = Math.floor(Math.max(...values) / bucketMs);
  const counts = new Map();
  for (const v of values) {
    const b = Math.floor(v / bucketMs);
    counts.set(b, (counts.get(b) ?? 0) + 1);
  }
  const most = Math.max(...counts.values());
  const lines = [];
  for (let b = lo; b <= hi; b++) {
    const n = counts.get(b) ?? 0;
    const bar = '█'.repeat(Math.round((n / most) * width));
    const range = `${((b * bucketMs) / 1000).toFixed(2)}–${(((b + 1) * bucketMs) / 1000).toFixed(2)} s`;
    lines.push(`${range.padStart(13)}  ${bar.padEnd(width)} ${String(n).padStart(4)}`);
  }
  return lines;
}

const replyList = (counts) =>
  Object.entries(counts)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([code, n]) => `${code} ×${n}`)
    .join(', ') || 'none';

const errorCount = (counts, only) =>
  Object.entries(counts)
    .filter(([code]) =>
      only
        ? Number(code) === only
        : Number(code) >= 400 &&
          Number(code) !== 401 &&
          Number(code) !== 407 &&
          Number(code) !== 503,
    )
    .reduce((sum, [, n]) => sum + n, 0);

function report(r) {
  const back = r.backToRegistered.filter((v) => v !== null).sort((a, b) => a - b);
  const never = r.desks - back.length;
  const max = back.at(-1);
  const mark = (ok) => (ok ? 'met' : 'NOT met');
  const { replies } = r.wire;
  const e503 = errorCount(replies.initial, 503) + errorCount(replies.restart, 503);
  const other = errorCount(replies.initial) + errorCount(replies.restart);
  console.log(
    `\nRe-registration at scale — ${r.desks} desks (the app's registration code over ws, ${r.workers} threads) on one Kamailio, stopped and started again on its port`,
  );
  console.log(
    `  all desks registered at start (+boot)  ${seconds(r.initialMs)}   replies: ${replyList(replies.initial)}`,
  );
  console.log(`  proxy down (SIGTERM → listening again)  ${seconds(r.downMs)}`);
  if (back.length)
    console.log(
      `  proxy back → registered again          n=${back.length}  p50 ${quantile(back, 0.5).toFixed(0)} ms  p95 ${quantile(back, 0.95).toFixed(0)} ms  max ${max.toFixed(0)} ms`,
    );
  console.log(
    `  all registered again within            ${never ? `never (${never} desks not within ${seconds(r.timeoutMs)})` : seconds(max)}   goal ≤ ${seconds(GOAL_ALL_MS)}: ${mark(!never && max <= GOAL_ALL_MS)}`,
  );
  console.log(`  spread (${BUCKET_MS} ms buckets, from proxy back):`);
  for (const line of histogram(back)) console.log(`  ${line}`);
  console.log(`  replies after the restart              ${replyList(replies.restart)}`);
  console.log(
    `  503 from the proxy                     ${e503}   goal 0: ${mark(e503 === 0)};  other error replies (not 401/407): ${other}   goal 0: ${mark(other === 0)}`,
  );
  console.log(
    `  connection tries while it was away     ${r.wire.failed.restart} refused/failed (${r.wire.failedAfterBack} after it was back), ${r.wire.opened.restart} opened`,
  );
  console.log(
    `  proxy log errors after the restart     ${r.proxyErrors.count}${r.proxyErrors.first.length ? `: ${r.proxyErrors.first.join(' | ')}` : ''}`,
  );
  console.log(
    `  bench's own event-loop delay p99       ${r.loopDelayP99Ms.desks.toFixed(1)} ms in the desks' ${r.workers} worker threads, ${r.loopDelayP99Ms.main.toFixed(1)} ms in main (it times the proxy)`,
  );
  if (r.desksBusy > 0.8)
    console.log(
      `  note: a desk thread was busy ${Math.round(r.desksBusy * 100)} % of the time — the spread above is bound by this machine's CPU (the simulated desks share it), not by the proxy`,
    );
  return {
    ok: never === 0,
    desks: r.desks,
    never,
    downMs: r.downMs,
    p50: back.length ? quantile(back, 0.5) : null,
    p95: back.length ? quantile(back, 0.95) : null,
    max: max ?? null,
    errors503: e503,
    otherErrors: other,
  };
}

/**
 * Runs the scenario and prints it. Resolves `{ ok, desks, never, p50, p95, max, errors503,
 * otherErrors }` (ok: every desk registered again), or `{ ok: false, skipped }` when Kamailio is
 * not installed.
 */
export async function benchReregister({
  root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'),
  desks = Number(process.env.BENCH_REREGISTER_DESKS ?? 500),
  workers = Number(process.env.BENCH_REREGISTER_WORKERS ?? 4),
  timeoutMs = Number(process.env.BENCH_REREGISTER_TIMEOUT_S ?? 60) * 1000,
} = {}) {
  const { lib, url, remove } = await loadLib(root);
  try {
    const why = lib.reregisterUnavailable();
    if (why) {
      console.log(`\nRe-registration at scale: skipped — ${why}`);
      return { ok: false, skipped: why };
    }
    return report(await lib.runReregister({ self: url, desks, workers, timeoutMs }));
  } finally {
    remove();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const result = await benchReregister();
    process.exit(result.ok ? 0 : 1);
  } catch (error) {
    console.error(`bench-reregister: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
}
