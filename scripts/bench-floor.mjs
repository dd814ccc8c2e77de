// The live floor at call-centre size, part of `npm run bench` (`npm run bench -- floor` alone):
// two records-service instances on one throwaway PostgreSQL, 500 simulated desks (half on each)
// reporting state (a heartbeat every 10 s, a change every few seconds each) and one lead on each
// instance holding the push stream and re-reading each agent a `floor.changed` names. Measured:
// desk report sent → that state on the other instance's lead (p50/p95/p99), throughput, CPU, RSS.
//   BENCH_FLOOR_DESKS (500), BENCH_FLOOR_SECONDS (60), BENCH_FLOOR_CHANGE_MS ("2000-8000"),
//   BENCH_FLOOR_CPU_PROF=<dir> (V8 CPU profiles of the instances).
import http from 'node:http';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { pgActivity, postgresPids, sampler } from './bench-floor-probes.mjs';
import { api, importBenchLib, signInAll, sleep, startService } from './bench-services.mjs';
import { latencyLine, quantile } from './bench-stats.mjs';
import { startTempPostgres, stopTempPostgres } from './pg-temp.mjs';

const DESKS = Number(process.env.BENCH_FLOOR_DESKS ?? 500);
const SECONDS = Number(process.env.BENCH_FLOOR_SECONDS ?? 60);
const [CHANGE_MIN_MS, CHANGE_MAX_MS] = (process.env.BENCH_FLOOR_CHANGE_MS ?? '2000-8000')
  .split('-')
  .map(Number);
const HEARTBEAT_MS = 10_000;
const GOAL_P95_MS = 250;

/** One SSE stream; `onEvent` gets each `data:` object. Resolves once `event: ready` arrived. */
function openStream(base, token, onEvent) {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}/api/v1/events`, {
      headers: { authorization: `Bearer ${token}` },
    });
    req.once('error', reject);
    req.once('response', (res) => {
      if (res.statusCode !== 200) return reject(new Error(`events → ${res.statusCode}`));
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk) => {
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (/^event: ready$/m.test(block)) resolve(() => req.destroy());
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (data && !/^event: /m.test(block)) onEvent(JSON.parse(data));
        }
      });
    });
  });
}

/** A desk's day in a loop: every change differs from the one before. */
const CYCLE = [
  'ringing',
  'on-call',
  'wrap-up',
  'ready',
  'ringing',
  'on-call',
  'wrap-up',
  'ready',
  'not-ready',
  'ready',
  'break',
  'ready',
];

function deskReport(desk, state, since) {
  const inCall = ['ringing', 'on-call', 'wrap-up'].includes(state);
  if (state === 'ringing') desk.calls++;
  return {
    deviceId: `bench-${desk.username}`,
    state,
    reason: state === 'not-ready' ? 'training' : null,
    since,
    call: inCall
      ? {
          callId: `${desk.username}-${desk.calls}`,
          caller: '138****5678',
          businessType: 'enquiry',
          sessionId: null,
          step: null,
          awaitingApproval: false,
        }
      : null,
    connectivity: 'online',
    backlog: 0,
  };
}

/** A lead: on each `floor.changed` re-reads that agent (one read in flight per agent). */
function leadReader(lead, onAgent, errors) {
  const inFlight = new Map(); // username → 'reading' | 'again'
  const read = async (username) => {
    inFlight.set(username, 'reading');
    try {
      const agent = await api(
        lead.url,
        'GET',
        `/api/v1/floor/agents/${username}`,
        null,
        lead.token,
      );
      onAgent(agent, performance.now());
    } catch (error) {
      errors.push(error);
    }
    if (inFlight.get(username) === 'again') return read(username);
    inFlight.delete(username);
  };
  return (event) => {
    if (event.kind !== 'floor.changed' || !event.username) return;
    if (inFlight.has(event.username)) inFlight.set(event.username, 'again');
    else void read(event.username);
  };
}

/** The desks' load for `seconds`; returns the report figures. `sent` maps username|since. */
async function runDesks(desks, seconds, sent, errors) {
  const reportTimes = [];
  let reports = 0;
  let running = true;
  let offered = 0;
  const report = async (desk, body) => {
    offered++;
    const s = performance.now();
    try {
      await api(desk.url, 'PUT', '/api/v1/desks/me/state', body, desk.token);
      reports++;
      reportTimes.push(performance.now() - s);
    } catch (error) {
      errors.push(error);
    }
  };
  const timers = [];
  for (const desk of desks) {
    const change = () => {
      if (!running) return;
      const state = CYCLE[desk.step++ % CYCLE.length];
      const since = new Date().toISOString();
      desk.last = deskReport(desk, state, since);
      sent.set(`${desk.username}|${since}`, { at: performance.now(), desk });
      void report(desk, desk.last);
      const next = CHANGE_MIN_MS + Math.random() * (CHANGE_MAX_MS - CHANGE_MIN_MS);
      timers.push(setTimeout(change, next));
    };
    timers.push(setTimeout(change, Math.random() * CHANGE_MAX_MS));
    // Each desk beats at its own phase, as desks that signed in at different times: the first
    // heartbeat somewhere in the first 10 s, then every 10 s from there (one interval created for
    // all desks at once would make 500 desks beat in the same millisecond every 10 s).
    const beat = () => running && void report(desk, desk.last);
    timers.push(
      setTimeout(() => {
        beat();
        timers.push(setInterval(beat, HEARTBEAT_MS));
      }, Math.random() * HEARTBEAT_MS),
    );
  }
  const t0 = performance.now();
  await sleep(seconds * 1000);
  running = false;
  for (const t of timers) clearTimeout(t); // clears intervals too
  return { offered, reports, reportTimes, seconds: (performance.now() - t0) / 1000 };
}

export async function benchFloor({ root }) {
  console.log(
    `\nLive floor: ${DESKS} desks on two records-service instances, one PostgreSQL (loopback)`,
  );
  const { lib, dispose } = await importBenchLib(root, 'bench-floor-lib');
  // BENCH_FLOOR_CPU_PROF=<dir>: each instance writes a V8 CPU profile there when it stops.
  const cpuProfDir = process.env.BENCH_FLOOR_CPU_PROF;
  const pg = await startTempPostgres(); // throws when PostgreSQL is missing: no figures without it
  const env = { DATABASE_URL: pg.url, RECORDS_PEPPER: 'bench-pepper-not-a-secret-000000' };
  const services = [];
  const closers = [];
  try {
    services.push(await startService(root, env, 'A', { cpuProfDir })); // migrates
    const names = await lib.insertSyntheticAgents(pg.url, DESKS, 2);
    services.push(await startService(root, env, 'B', { cpuProfDir }));
    const [a, b] = services;
    // Desks alternate between the instances; each lead sits on one, so half of every lead's
    // agents report through the other instance (the path measured).
    const desks = names.desks.map((username, i) => ({
      username,
      password: lib.BENCH_PASSWORD,
      url: (i % 2 ? b : a).url,
      step: 0,
      calls: 0,
    }));
    const leads = names.leads.map((username, i) => ({
      username,
      password: lib.BENCH_PASSWORD,
      url: (i % 2 ? b : a).url,
    }));
    await signInAll([...desks, ...leads]);
    for (const desk of desks) {
      desk.last = deskReport(desk, 'ready', new Date().toISOString());
      await api(desk.url, 'PUT', '/api/v1/desks/me/state', desk.last, desk.token);
    }

    const sent = new Map();
    const errors = [];
    const cross = [];
    const same = [];
    let leadReads = 0;
    for (const lead of leads) {
      const onAgent = (agent, now) => {
        leadReads++;
        const key = `${agent.username}|${agent.since}`;
        const report = sent.get(key);
        if (!report || report.seenBy?.has(lead)) return;
        (report.seenBy ??= new Set()).add(lead);
        (report.desk.url === lead.url ? same : cross).push(now - report.at);
      };
      closers.push(await openStream(lead.url, lead.token, leadReader(lead, onAgent, errors)));
    }
    await sleep(1000);

    const cpuBefore = process.cpuUsage();
    const stopSampling = sampler({
      A: () => [a.pid],
      B: () => [b.pid],
      postgres: () => postgresPids(pg.dir),
    });
    const loadBefore = loadavg()[0];
    const stopActivity = await pgActivity(pg.url);
    const load = await runDesks(desks, SECONDS, sent, errors);
    await sleep(2000); // reports still in flight reach the leads
    const usage = stopSampling();
    const activity = await stopActivity();
    const client = process.cpuUsage(cpuBefore);
    for (const close of closers) close();

    const changes = sent.size;
    const unseen = changes - cross.length;
    cross.sort((x, y) => x - y);
    same.sort((x, y) => x - y);
    load.reportTimes.sort((x, y) => x - y);
    const line = (name, t) => console.log(latencyLine(name, t, { digits: 1, nWidth: 6 }));
    if (cross.length === 0) throw new Error('no state change reached a lead: nothing to measure');
    line('report → lead has it (other instance)', cross);
    line('report → lead has it (same instance)', same);
    line('PUT /desks/me/state (report round trip)', load.reportTimes);
    console.log(
      `${'throughput'.padEnd(44)} ${(load.reports / load.seconds).toFixed(0)} reports/s answered of ${(load.offered / load.seconds).toFixed(0)}/s sent (${changes} changes + heartbeats in ${load.seconds.toFixed(0)} s), ${(leadReads / load.seconds).toFixed(0)} lead reads/s, ${unseen} changes superseded before the other lead read them`,
    );
    for (const [name, u] of Object.entries(usage))
      console.log(
        `${`CPU / memory: ${name === 'postgres' ? 'PostgreSQL (all backends)' : `records service ${name}`}`.padEnd(44)} ${u.cpu.toFixed(0).padStart(4)} % of one core${name === 'postgres' ? '' : `, RSS max ${u.rssMb.toFixed(0)} MiB`}`,
      );
    console.log(`${'PostgreSQL connections, mean (state / wait)'.padEnd(44)} ${activity}`);
    console.log(
      `${`CPU: this bench (${DESKS} desks + leads)`.padEnd(44)} ${(((client.user + client.system) / 1e6 / load.seconds) * 100).toFixed(0).padStart(4)} % of one core (same 2-core machine)`,
    );
    console.log(
      `${'machine: load average (1 min), before / after'.padEnd(44)} ${loadBefore.toFixed(1)} / ${loadavg()[0].toFixed(1)} on ${cpus().length} cores (other work on the machine competes)`,
    );
    const p95 = quantile(cross, 0.95);
    console.log(
      `${'goal: p95 ≤ 250 ms'.padEnd(44)} ${p95 <= GOAL_P95_MS ? 'met' : 'MISSED'} (p95 ${p95.toFixed(1)} ms)`,
    );
    if (errors.length > 0)
      throw new Error(`${errors.length} requests failed, first: ${errors[0].message}`);
  } finally {
    for (const close of closers) close();
    await Promise.all(services.map((s) => s.stop()));
    stopTempPostgres(pg.dir);
    dispose();
  }
}

// `node scripts/bench-floor.mjs` alone (after `node scripts/build.mjs server`).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await benchFloor({ root: path.resolve(path.dirname(new URL(import.meta.url).pathname), '..') });
}
