// What the floor bench (scripts/bench-floor.mjs) watches besides latency: CPU and RSS of the
// records-service instances and PostgreSQL from /proc, and what PostgreSQL's connections are doing
// (pg_stat_activity) — where the time goes when the goal is missed.
import { readdirSync, readFileSync } from 'node:fs';

const CLK_TCK = 100; // Linux USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s

/** CPU ticks and RSS of a process (null once it is gone). */
function procStat(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return {
      ppid: Number(fields[1]),
      ticks: Number(fields[11]) + Number(fields[12]),
      rssKb: Number(rss?.[1] ?? 0),
    };
  } catch {
    return null;
  }
}

/** PostgreSQL's postmaster and its backends (they come and go; their CPU is summed while alive). */
export function postgresPids(pgDir) {
  const postmaster = Number(readFileSync(`${pgDir}/data/postmaster.pid`, 'utf8').split('\n')[0]);
  const children = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => procStat(d)?.ppid === postmaster);
  return [postmaster, ...children.map(Number)];
}

/** Samples CPU (% of one core) and RSS each second for the given groups of processes. */
export function sampler(groups) {
  const seen = new Map(); // pid → last ticks
  const totals = Object.fromEntries(Object.keys(groups).map((g) => [g, { ticks: 0, rssMaxKb: 0 }]));
  const tick = () => {
    for (const [group, pids] of Object.entries(groups)) {
      let rss = 0;
      for (const pid of pids()) {
        const s = procStat(pid);
        if (!s) continue;
        totals[group].ticks += s.ticks - (seen.get(pid) ?? s.ticks);
        seen.set(pid, s.ticks);
        rss += s.rssKb;
      }
      totals[group].rssMaxKb = Math.max(totals[group].rssMaxKb, rss);
    }
  };
  tick();
  const t0 = performance.now();
  const timer = setInterval(tick, 1000);
  return () => {
    clearInterval(timer);
    tick();
    const seconds = (performance.now() - t0) / 1000;
    return Object.fromEntries(
      Object.entries(totals).map(([g, t]) => [
        g,
        { cpu: (100 * t.ticks) / CLK_TCK / seconds, rssMb: t.rssMaxKb / 1024 },
      ]),
    );
  };
}

/** Samples what PostgreSQL's client backends are doing (state / wait event), 5 times a second. */
export async function pgActivity(url) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const counts = new Map();
  let samples = 0;
  let pending = Promise.resolve();
  const timer = setInterval(() => {
    pending = pending.then(async () => {
      const { rows } = await client.query(
        `select state || coalesce(' ' || wait_event, '') as what, count(*)::int as n
           from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()
            and query not like 'LISTEN%' and query not like 'listen%' group by 1`,
      );
      samples++;
      for (const r of rows) counts.set(r.what, (counts.get(r.what) ?? 0) + r.n);
    });
  }, 200);
  return async () => {
    clearInterval(timer);
    await pending; // a failed sample fails the bench here, not as a stray rejection
    await client.end();
    return [...counts]
      .sort((x, y) => y[1] - x[1])
      .slice(0, 5)
      .map(([what, n]) => `${what} ${(n / Math.max(1, samples)).toFixed(1)}`)
      .join(', ');
  };
}
