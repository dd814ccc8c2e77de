// What the centre bench (bench-centre.mjs) prints and records once the drain is over: the drain
// beside its goal and its floors, each process's CPU and memory, the checks before and during, and
// where the CPU went. The last answers whether a missed drain goal is the code or the machine:
// every process of the scenario shares this machine's cores, so the drain cannot end sooner than
// the CPU it used spread perfectly over them. The checking agents' share is taken out by their
// rate (their CPU per check measured before the drain), and the simulated desks' share — work
// that in a centre runs on 500 other machines — is shown apart.
import { cpus } from 'node:os';
import { record, recordLatency } from './bench-report.mjs';

export const n = (x) => Math.round(x).toLocaleString('en');
export const label = (s) => s.padEnd(44);

/** CPU seconds from a sampler's `{ cpu }` (% of one core) over `seconds`. */
const cpuSeconds = (usage, seconds) => (usage.cpu / 100) * seconds;

/**
 * The drain's CPU by who spent it, in CPU seconds: `baseline` is the same processes sampled while
 * only the checks ran ({ usage, benchCpu, seconds, checks }), `during` the drain's ({ usage,
 * benchCpu, seconds, checks }); benchCpu is this process's % of one core.
 */
export function cpuAccount(baseline, during) {
  const services = (u, s) => cpuSeconds(u.A, s) + cpuSeconds(u.B, s);
  // The checks' CPU per check before the drain, times the checks made during it.
  const perCheck = (cpu) => (baseline.checks > 0 ? cpu / baseline.checks : 0);
  const checks = {
    services: perCheck(services(baseline.usage, baseline.seconds)) * during.checks,
    postgres: perCheck(cpuSeconds(baseline.usage.postgres, baseline.seconds)) * during.checks,
    bench: perCheck((baseline.benchCpu / 100) * baseline.seconds) * during.checks,
  };
  const all = {
    services: services(during.usage, during.seconds),
    postgres: cpuSeconds(during.usage.postgres, during.seconds),
    bench: (during.benchCpu / 100) * during.seconds,
  };
  const ingest = {
    services: Math.max(0, all.services - checks.services),
    postgres: Math.max(0, all.postgres - checks.postgres),
    desks: Math.max(0, all.bench - checks.bench),
  };
  return { all, checks, ingest };
}

/**
 * Prints and records where the drain's CPU went and the least time it needs on this machine's
 * cores; answers the floor string shown beside the drain's time.
 */
export function printCpuFloor(account, entries) {
  const cores = cpus().length;
  const { all, ingest } = account;
  const perEntry = (cpu) => `${n((cpu / Math.max(1, entries)) * 1e6)} µs`;
  console.log(
    `${label('CPU per entry drained (checks taken out)')} services ${perEntry(ingest.services)}, PostgreSQL ${perEntry(ingest.postgres)}, simulated desks ${perEntry(ingest.desks)}`,
  );
  const floors = {
    everything: (all.services + all.postgres + all.bench) / cores,
    centre: (all.services + all.postgres) / cores,
    ingest: (ingest.services + ingest.postgres) / cores,
  };
  console.log(
    `${label(`CPU floor on ${cores} cores (this run's CPU)`)} everything ${floors.everything.toFixed(1)} s; without the simulated desks ${floors.centre.toFixed(1)} s; the drain's own service + PostgreSQL work ${floors.ingest.toFixed(1)} s`,
  );
  record('centre: drain, CPU floor without the simulated desks', floors.centre, null, 's');
  record('centre: drain, CPU floor of its own service + PostgreSQL work', floors.ingest, null, 's');
  record(
    'centre: CPU per entry drained, services + PostgreSQL',
    ((ingest.services + ingest.postgres) / Math.max(1, entries)) * 1e6,
    null,
    'µs',
  );
  return `its CPU ÷ ${cores} cores ${floors.ingest.toFixed(1)} s`;
}

export function printChecks(name, p, { checkers, everyMs, goalP99Ms }) {
  for (const key of ['round', 'check']) p[key].sort((a, b) => a - b);
  const rate = p.round.length / p.seconds;
  recordLatency(`centre: basic check call, ${name}`, p.check, goalP99Ms);
  recordLatency(`centre: look-up + session + check, ${name}`, p.round, null);
  const how = everyMs > 0 ? `each every ${everyMs} ms` : 'back to back';
  console.log(`${label(`  checks/s, ${name}`)} ${n(rate)}/s with ${checkers} clients, ${how}`);
  record(`centre: basic checks/s, ${checkers} clients ${how}, ${name}`, rate, null, '/s');
}

/**
 * The drain beside its goal and floors (`cpuFloor`: printCpuFloor's answer), then each process's
 * CPU and memory. `size`: { desks, entries, timeoutSeconds }; `goal`: { drainSeconds,
 * entriesPerSecond }; `benchCpu`: this process's % of one core during the drain.
 */
export function printDrain({ drain, usage, benchCpu, floors, cpuFloor }, size, goal) {
  const total = size.desks * size.entries;
  const rate = drain.acked / drain.seconds;
  const copyRate = floors.copy.rate;
  const copy = `COPY alone ${(total / copyRate).toFixed(1)} s`;
  console.log(
    `${label(`drain ${n(size.desks)} desks × ${n(size.entries)} entries`)} ${drain.seconds.toFixed(1)} s${drain.finished ? '' : ` — NOT FINISHED (stopped after ${size.timeoutSeconds} s)`}, ${n(rate)} entries/s, ${n(drain.batches)} batches, ${n(drain.duplicates)} duplicates; goal ≤ ${goal.drainSeconds} s / ≥ ${n(goal.entriesPerSecond)}/s; floor: ${copy} (${n(copyRate)} rows/s), ${cpuFloor}`,
  );
  record(
    `centre: drain ${n(total)} entries, time`,
    drain.finished ? drain.seconds : NaN,
    { max: goal.drainSeconds },
    's',
    { floor: `${copy}; ${cpuFloor}` },
  );
  record('centre: drain, entries/s', rate, { min: goal.entriesPerSecond }, 'entries/s', {
    floor: `COPY ${n(copyRate)} rows/s`,
  });
  for (const [name, u] of Object.entries(usage)) {
    const who = name === 'postgres' ? 'PostgreSQL (all backends)' : `records service ${name}`;
    console.log(
      `${label(`CPU / memory: ${who}`)} ${u.cpu.toFixed(0).padStart(4)} % of one core${name === 'postgres' ? '' : `, RSS max ${u.rssMb.toFixed(0)} MiB`}`,
    );
    record(`centre: CPU, ${who}`, u.cpu, null, '% of a core');
    if (name !== 'postgres') record(`centre: RSS max, ${who}`, u.rssMb, null, 'MiB');
  }
  console.log(
    `${label(`CPU: this bench (${n(size.desks)} desks + checkers)`)} ${benchCpu.toFixed(0).padStart(4)} % of one core (same ${cpus().length}-core machine)`,
  );
  record('centre: CPU, this bench (desks + checkers)', benchCpu, null, '% of a core');
}
