// Helpers for the live-floor bench (scripts/bench-floor.mjs bundles this file with esbuild at run
// time so it hashes passwords with the service's own code): synthetic agent accounts in bulk,
// straight into PostgreSQL. Names are synthetic (坐席0001 …), never a real person's.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { hashPassword } from '../server/passwords.js';

export const BENCH_PASSWORD = 'bench-pass-1';

/**
 * Inserts `desks` agents (`desk0001` …) and `leads` leads (`lead0001` …) in two teams, one shared
 * scrypt hash at N = 2^14 (bench rows only: 500 hashes at the default cost would add a minute and
 * measure nothing). Sign-in still verifies it, as for any account.
 */
/** The synthetic teams the bench's agents and leads belong to. */
export const BENCH_TEAMS = ['信用卡一组', '信用卡二组'] as const;

export async function insertSyntheticAgents(
  url: string,
  desks: number,
  leads: number,
): Promise<{ desks: string[]; leads: string[] }> {
  const hash = await hashPassword(BENCH_PASSWORD, { N: 2 ** 14, r: 8, p: 1 });
  const pad = (i: number) => String(i + 1).padStart(4, '0');
  // Two synthetic teams, agents and leads alike, taken in turn.
  const team = (i: number) => BENCH_TEAMS[i % BENCH_TEAMS.length]!;
  const rows = [
    ...Array.from({ length: desks }, (_, i) => [
      `desk${pad(i)}`,
      `坐席${pad(i)}`,
      'agent',
      team(i),
    ]),
    ...Array.from({ length: leads }, (_, i) => [`lead${pad(i)}`, `组长${pad(i)}`, 'lead', team(i)]),
  ];
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `insert into agents (id, username, name, tier, password_hash, team)
       select id, username, name, tier, $5, team
         from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $6::text[])
           as t(id, username, name, tier, team)`,
      [
        rows.map(() => randomUUID()),
        rows.map((r) => r[0]),
        rows.map((r) => r[1]),
        rows.map((r) => r[2]),
        hash,
        rows.map((r) => r[3]),
      ],
    );
  } finally {
    await client.end();
  }
  return {
    desks: rows.filter((r) => r[2] === 'agent').map((r) => r[0]!),
    leads: rows.filter((r) => r[2] === 'lead').map((r) => r[0]!),
  };
}
