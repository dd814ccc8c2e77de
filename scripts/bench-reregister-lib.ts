// 500 desks and one proxy restart, for bench-reregister.mjs (bundled by esbuild; bench code only,
// it never reaches a desk). The desks (bench-reregister-desks.ts: the product's registration code
// over `ws`) run in worker threads, so their own CPU neither delays each other's registrations
// more than it must nor the main thread, which restarts Kamailio (test/support/kamailio.ts) and
// notes the instant it listens again.
import { randomBytes } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { isMainThread, Worker, workerData } from 'node:worker_threads';
import { kamailioUnavailable, startKamailio } from '../test/support/kamailio.js';
import {
  newWire,
  runDeskWorker,
  type DeskWorkerData,
  type FromDesks,
  type Phase,
  type ToDesks,
  type Wire,
} from './bench-reregister-desks.js';

// Loaded again as a worker: be the desks.
if (!isMainThread && (workerData as { role?: string } | null)?.role === 'reregister-desks')
  runDeskWorker(workerData as DeskWorkerData);

export interface ReregisterResult {
  desks: number;
  workers: number;
  /** From all desks started to all registered (each desk's first registration). */
  initialMs: number;
  /** Proxy stopped (SIGTERM) → listening again on its port. */
  downMs: number;
  /** Per desk: proxy listening again → its REGISTER answered 200; null: not within timeoutMs. */
  backToRegistered: (number | null)[];
  wire: Wire;
  /** Event-loop delay p99 while the desks came back: the worst desk worker's, and main's (ms). */
  loopDelayP99Ms: { desks: number; main: number };
  /** The busiest desk thread's share of time busy from proxy back to the report (0..1). */
  desksBusy: number;
  /** Kamailio's ERROR / CRITICAL / BUG log lines after the restart (first few, and how many). */
  proxyErrors: { count: number; first: string[] };
  timeoutMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await sleep(5);
}

function proxyErrorsAfter(log: string, marker: number): ReregisterResult['proxyErrors'] {
  const errors = log
    .split('\n')
    .slice(marker)
    .filter((line) => /\b(ERROR|CRITICAL|ALERT|BUG)\b/.test(line) && !/exited normally/.test(line));
  return { count: errors.length, first: errors.slice(0, 5).map((l) => l.slice(0, 200)) };
}

function addWire(into: Wire, from: Wire): void {
  for (const phase of ['initial', 'restart'] as Phase[]) {
    into.opened[phase] += from.opened[phase];
    into.failed[phase] += from.failed[phase];
    for (const [code, n] of Object.entries(from.replies[phase]))
      into.replies[phase][Number(code)] = (into.replies[phase][Number(code)] ?? 0) + n;
  }
  into.failedAfterBack += from.failedAfterBack;
}

interface DeskWorker {
  worker: Worker;
  post(message: ToDesks): void;
  next<T extends FromDesks['type']>(type: T): Promise<Extract<FromDesks, { type: T }>>;
}

/** Workers running `count` desks between them; `registered[desk]` collects every 200's time. */
function startWorkers(
  self: string,
  count: number,
  workers: number,
  target: { wsUrl: string; domain: string },
  accounts: { user: string; password: string }[],
  registered: number[][],
  failures: string[],
): DeskWorker[] {
  const per = Math.ceil(count / workers);
  return Array.from({ length: workers }, (_, w): DeskWorker => {
    const first = w * per;
    const data: DeskWorkerData = {
      role: 'reregister-desks',
      first,
      accounts: accounts.slice(first, first + per),
      ...target,
    };
    const worker = new Worker(new URL(self), { workerData: data });
    const waiting = new Map<string, (message: FromDesks) => void>();
    worker.on('message', (message: FromDesks) => {
      if (message.type === 'registered') registered[message.desk]!.push(message.at);
      else if (message.type === 'error') failures.push(message.message);
      else waiting.get(message.type)?.(message);
    });
    worker.on('error', (error) => failures.push(`desk worker ${w}: ${error.message}`));
    return {
      worker,
      post: (message) => worker.postMessage(message),
      next: (type) =>
        new Promise((resolve) =>
          waiting.set(type, resolve as (message: FromDesks) => void),
        ) as never,
    };
  }).filter((_, w) => w * per < count);
}

/**
 * `desks` desks register to a fresh Kamailio; it is stopped (SIGTERM) and started again on the same
 * port; each desk's time from "listening again" to "registered again" is taken, and every reply the
 * proxy sent is counted.
 */
export async function runReregister({
  self,
  desks: count = 500,
  workers: workerCount = 4,
  timeoutMs = 60_000,
}: {
  /** This bundle's file URL (workers load it again). */
  self: string;
  desks?: number;
  workers?: number;
  timeoutMs?: number;
}): Promise<ReregisterResult> {
  const why = kamailioUnavailable();
  if (why) throw new Error(why);
  const accounts = Array.from({ length: count }, (_, i) => ({
    user: `desk${String(i + 1).padStart(4, '0')}`,
    password: randomBytes(9).toString('base64url'),
  }));
  const kamailio = await startKamailio({ users: accounts });
  const registered: number[][] = accounts.map(() => []);
  const failures: string[] = [];
  const started = Date.now();
  const target = { wsUrl: kamailio.wsUrl, domain: kamailio.domain };
  const all = startWorkers(self, count, workerCount, target, accounts, registered, failures);
  const broadcast = (message: ToDesks) => all.forEach((w) => w.post(message));
  try {
    await until(() => failures.length > 0 || registered.every((r) => r.length > 0), timeoutMs);
    if (failures.length) throw new Error(failures.join('; '));
    const initial = registered.filter((r) => r.length > 0).length;
    if (initial < count)
      throw new Error(`only ${initial} of ${count} desks registered at the start`);
    const initialMs = Math.max(...registered.map((r) => r[0]!)) - started;
    await sleep(1_000); // quiet: the first registrations' transactions are over

    broadcast({ type: 'phase', phase: 'restart', backAt: null });
    const marker = kamailio.log().split('\n').length;
    const loop = monitorEventLoopDelay({ resolution: 5 });
    const stoppedAt = Date.now();
    await kamailio.restart();
    const backAt = Date.now();
    loop.enable();
    broadcast({ type: 'phase', phase: 'restart', backAt });
    const again = (r: number[]) => r.some((t) => t >= stoppedAt);
    await until(() => registered.every(again), timeoutMs);
    loop.disable();
    await sleep(500); // replies still on their way are counted too
    const wire = newWire();
    let desksLoop = 0;
    let desksBusy = 0;
    for (const w of all) {
      const reply = w.next('report');
      w.post({ type: 'report' });
      const { wire: part, loopDelayP99Ms, busy } = await reply;
      addWire(wire, part);
      desksBusy = Math.max(desksBusy, busy);
      desksLoop = Math.max(desksLoop, loopDelayP99Ms);
    }
    return {
      desks: count,
      workers: all.length,
      initialMs,
      downMs: backAt - stoppedAt,
      backToRegistered: registered.map((r) => {
        const t = r.find((at) => at >= stoppedAt);
        return t === undefined ? null : t - backAt;
      }),
      wire,
      loopDelayP99Ms: { desks: desksLoop, main: loop.percentile(99) / 1e6 },
      desksBusy,
      proxyErrors: proxyErrorsAfter(kamailio.log(), marker),
      timeoutMs,
    };
  } finally {
    await Promise.all(
      all.map(async (w) => {
        const stopped = w.next('stopped');
        w.post({ type: 'stop' });
        await Promise.race([stopped, sleep(5_000)]);
        await w.worker.terminate();
      }),
    );
    await kamailio.stop();
  }
}

/** Why the bench cannot run here (Kamailio missing), or null. */
export const reregisterUnavailable = (): string | null => kamailioUnavailable();
