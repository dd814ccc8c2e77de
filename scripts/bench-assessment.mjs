// The monthly assessment at scale, part of `npm run bench` (`npm run bench -- assessment` alone):
// a centre of 500 agents × 100 calls a day × 31 days (1.55 M sessions with their steps, desk
// history, ~1 rating per 3 calls, 5 % reviewed, the alerts) generated in set-based SQL on a
// throwaway PostgreSQL, then `GET /api/v1/indicators` for that month (goal ≤ 1 s) and the month
// close (frozen), then the closed month opened and exported as CSV. `generateAssessmentMonth` is
// exported for other benches.
//   BENCH_AGENTS=<n> BENCH_CALLS=<n> shrink it for a quick look.
import pg from 'pg';
import { importBenchLib } from './bench-services.mjs';
import { latencyLine } from './bench-stats.mjs';
import { startTempPostgres, stopTempPostgres } from './pg-temp.mjs';

const MONTH = '2026-10';
const TYPES = "array['enquiry','important-query','fund-transfer','large-loan','account-change']";

/**
 * Fills `month` (Asia/Shanghai, +08:00 all year) for agents desk0001 … (bench-floor-lib.ts names):
 * each works 08:00–18:00, a call every 6 min — ringing 5 s, on call from 5 s before the session
 * to 60–120 s after it ends, wrap-up 30 s, then ready (a break after calls 30 and 70); 92 %
 * verified in 20–200 s, the rest ending otherwise (0.5 % never), 1 % training. Four steps per
 * session; a survey on ~40 % (80 % of them rated: ~1 rating per 3 calls); 5 % of ended sessions
 * sampled and reviewed (98.5 % correct); alerts for fraud (half confirmed), exceptions, locks and
 * over-permission attempts. Seeded (`setseed`), so runs compare. Answers the seconds per table.
 */
export async function generateAssessmentMonth(
  url,
  { agents = 500, callsPerDay = 100, days = 31, month = MONTH } = {},
) {
  const [y, m] = month.split('-').map(Number);
  const from = new Date(Date.UTC(y, m - 1, 1) - 8 * 3_600_000).toISOString();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const seconds = {};
  const step = async (name, sql, params = []) => {
    const t0 = performance.now();
    await client.query(sql, params);
    seconds[name] = (performance.now() - t0) / 1000;
  };
  try {
    // Bulk load: no per-row triggers (push NOTIFYs, append-only guards) and no FK checks.
    await client.query('set session_replication_role = replica');
    await client.query('select setseed(0.14)');
    await step(
      'sessions',
      `insert into verification_sessions (id, call_id, agent_username, agent_tier, caller_number,
         business_type, customer_fixed, status, steps, passed, approval, created_at, updated_at,
         training)
       select md5(k)::uuid, 'c-' || k, username, 'agent', '1380' || lpad(a::text, 7, '0'),
              (${TYPES})[1 + floor(random() * 5)::int], false,
              case when r < 0.92 then 'verified' when r < 0.95 then 'not-confirmed'
                   when r < 0.97 then 'exception' when r < 0.985 then 'password-locked'
                   when r < 0.995 then 'suspended' else 'in-progress' end,
              '[]', '[]', 'not-required', slot + interval '10 s',
              slot + interval '10 s' + (20 + random() * 180) * interval '1 s', random() < 0.01
         from (select a, a || '-' || d || '-' || c as k, 'desk' || lpad(a::text, 4, '0') as username,
                      $1::timestamptz + d * interval '1 day' + interval '8 hours'
                        + c * interval '6 min' as slot, random() as r
                 from generate_series(1, $2::int) a, generate_series(0, $3::int - 1) d,
                      generate_series(0, $4::int - 1) c) g`,
      [from, agents, days, callsPerDay],
    );
    await step(
      'events',
      `insert into verification_events (session_id, at, agent_username, step, outcome)
       select s.id, s.created_at + k * (s.updated_at - s.created_at) / 4, s.agent_username,
              (array['basic', 'password', 'otp', 'confirmation'])[k], 'passed'
         from verification_sessions s, generate_series(1, 4) k`,
    );
    await step(
      'desk history',
      `insert into desk_state_history (username, at, state, call_id)
       select s.agent_username, x.at, x.state, x.call_id
         from verification_sessions s
         cross join lateral (select split_part(s.call_id, '-', 4)::int as c) n
         cross join lateral (values
           (s.created_at - interval '10 s', 'ringing', s.call_id),
           (s.created_at - interval '5 s', 'on-call', s.call_id),
           (s.updated_at + interval '60 s' + (n.c % 7) * interval '10 s', 'wrap-up', null),
           (s.updated_at + interval '90 s' + (n.c % 7) * interval '10 s',
            case when n.c = $1::int - 1 then 'signed-out' when n.c in (30, 70) then 'break'
                 else 'ready' end, null)) x(at, state, call_id)`,
      [callsPerDay],
    );
    await step(
      'surveys',
      `insert into session_surveys (session_id, call_id, agent_username, outcome, rating,
         recorded_at)
       select id, call_id, agent_username,
              case when r < 0.8 then 'rated' when r < 0.9 then 'declined' else 'no-answer' end,
              case when r < 0.8 then case when random() < 0.93 then 4 + (random() < 0.5)::int
                                          else 1 + floor(random() * 3)::int end end,
              updated_at + interval '30 s'
         from (select *, random() as r from verification_sessions
                where status <> 'in-progress') s where random() < 0.4167`,
    );
    await step(
      'reviews',
      // With triggers on: each review's transaction keeps accuracy's counts (migration 0021).
      `set session_replication_role = origin;
       insert into review_queue (session_id, day, agent_username, reasons, sampled_at)
       select id, (created_at at time zone 'Asia/Shanghai')::date, agent_username, '["random"]',
              updated_at + interval '1 day'
         from verification_sessions where status <> 'in-progress' and random() < 0.05;
       insert into session_reviews (session_id, reviewer, reviewed_at, correct, steps)
       select session_id, 'lead0001', sampled_at + interval '1 hour', random() < 0.985,
              '[{"step":"basic","correct":true}]'
         from review_queue;
       set session_replication_role = replica`,
    );
    await step(
      'alerts',
      `insert into alerts (id, kind, raised_at, agent_username, session_id, resolved_at, outcome)
       select md5('alert-' || id::text)::uuid,
              case status when 'suspended' then 'fraud-suspected'
                          when 'exception' then 'verification-exception'
                          when 'password-locked' then 'password-locked'
                          else 'over-permission' end,
              updated_at, agent_username, id,
              case when status = 'suspended' then updated_at + interval '1 hour' end,
              case when status = 'suspended' then
                case when random() < 0.5 then 'handled' else 'false-alarm' end end
         from verification_sessions
        where status in ('suspended', 'exception', 'password-locked')
           or (status = 'verified' and random() < 0.002)`,
    );
    await step('analyze', 'analyze');
    const { rows } = await client.query(
      `select (select count(*) from verification_sessions)::int as sessions,
              (select count(*) from verification_events)::int as events,
              (select count(*) from desk_state_history)::int as history,
              (select count(*) from session_surveys)::int as surveys,
              (select count(*) from session_reviews)::int as reviews,
              (select count(*) from alerts)::int as alerts`,
    );
    return { seconds, counts: rows[0] };
  } finally {
    await client.end();
  }
}

async function signIn(base, username, password) {
  const res = await fetch(`${base}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`sign-in ${username} → ${res.status}`);
  return (await res.json()).token;
}

async function timedGet(base, url, token) {
  const t0 = performance.now();
  const res = await fetch(`${base}${url}`, { headers: { authorization: `Bearer ${token}` } });
  const body = await res.json();
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`GET ${url} → ${res.status} ${JSON.stringify(body)}`);
  return { ms, body };
}

export async function benchAssessment({ root }) {
  const agents = Number(process.env.BENCH_AGENTS ?? 500);
  const callsPerDay = Number(process.env.BENCH_CALLS ?? 100);
  const days = 31;
  console.log(
    `\nMonthly assessment: ${agents} agents × ${callsPerDay} calls a day × ${days} days on PostgreSQL (loopback)`,
  );
  const { lib, dispose } = await importBenchLib(root, 'bench-assessment-lib');
  const pgTemp = await startTempPostgres(); // throws when PostgreSQL is missing
  let service;
  try {
    service = await lib.startIndicatorService(pgTemp.url); // migrates
    const names = await lib.insertSyntheticAgents(pgTemp.url, agents, 2);
    const t0 = performance.now();
    const { seconds, counts } = await generateAssessmentMonth(pgTemp.url, {
      agents,
      callsPerDay,
      days,
    });
    const total = (performance.now() - t0) / 1000;
    console.log(
      `generated in ${total.toFixed(1)} s: ${Object.entries(counts)
        .map(([k, v]) => `${v.toLocaleString('en')} ${k}`)
        .join(', ')}`,
    );
    console.log(
      `  (${Object.entries(seconds)
        .map(([k, v]) => `${k} ${v.toFixed(1)} s`)
        .join(', ')})`,
    );
    const token = await signIn(service.url, names.leads[0], lib.BENCH_PASSWORD);
    const centre = `/api/v1/indicators?month=${MONTH}&team=all`;
    const first = await timedGet(service.url, centre, token);
    console.log(
      `${'first GET /indicators: rolls up 31 days once'.padEnd(44)} ${first.ms.toFixed(0).padStart(8)} ms  (${first.body.centre.efficiency.calls.toLocaleString('en')} calls)`,
    );
    const runs = 20;
    for (const [name, url] of [
      ['GET /indicators (centre, rolled up)', centre],
      ['GET /indicators (own team, rolled up)', `/api/v1/indicators?month=${MONTH}`],
    ]) {
      const times = [];
      for (let i = 0; i < runs; i++) times.push((await timedGet(service.url, url, token)).ms);
      times.sort((a, b) => a - b);
      console.log(latencyLine(name, times, { qs: [0.5, 0.95], digits: 1 }));
    }
    const close = await lib.timeMonthClose(pgTemp.url, MONTH);
    if (close.status !== 'closed') throw new Error(`month close answered ${close.status}`);
    console.log(
      `${'month close (exact percentiles, frozen)'.padEnd(44)} ${close.ms.toFixed(0).padStart(8)} ms  (goal ≤ 60,000 ms)`,
    );
    // The closed month as a lead opens it (the frozen report) and exports it.
    for (const [name, url] of [
      ['GET /indicators (closed month, frozen)', centre],
      ['GET /reports/:month (frozen report)', `/api/v1/reports/${MONTH}`],
    ]) {
      const times = [];
      for (let i = 0; i < runs; i++) times.push((await timedGet(service.url, url, token)).ms);
      times.sort((a, b) => a - b);
      console.log(latencyLine(`${name} (goal ≤ 1 s)`, times, { qs: [0.5, 0.95], digits: 1 }));
    }
    const csvTimes = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const res = await fetch(`${service.url}/api/v1/reports/${MONTH}/csv`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const bytes = (await res.arrayBuffer()).byteLength;
      if (res.status !== 200) throw new Error(`CSV export → ${res.status}`);
      csvTimes.push(performance.now() - t0);
      if (i === 0) console.log(`  CSV export: ${bytes.toLocaleString('en')} bytes`);
    }
    csvTimes.sort((a, b) => a - b);
    console.log(
      latencyLine('GET /reports/:month/csv (export)', csvTimes, { qs: [0.5, 0.95], digits: 1 }),
    );
  } finally {
    await service?.close();
    stopTempPostgres(pgTemp.dir);
    dispose();
  }
}
