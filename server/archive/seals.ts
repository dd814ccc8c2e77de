// Art. 11 retention, provably: seals hash-chain every archived row. A seal takes the rows no seal
// holds yet, records each one's digest (archive_sealed) and per table a count and a digest, and
// links to the seal before it (prev_hash → hash). The proof (proveIntegrity) re-walks the chain
// and re-digests every sealed row in the range: a removed or altered row, a removed or altered
// seal, or a gap in the seal ids is named. Design and limits: docs/architecture.md, "Archive".
import { createHash } from 'node:crypto';
import type { ArchiveIntegrity, IntegrityProblem } from '../../common/archive-api.js';
import type { Db, Queryable } from '../db.js';
import { digestSql, SEALED_TABLES } from './sealed-tables.js';

export const GENESIS = '0'.repeat(64);
/** Art. 11 retention: the service's --retention-years, its default and bound. */
export const DEFAULT_RETENTION_YEARS = 5;
export const MAX_RETENTION_YEARS = 100;
/** Held by the one sealer at a time (any constant shared by every instance). */
const SEAL_LOCK_KEY = 7_302_011;
const MAX_PROBLEMS = 100;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

interface TableSeal {
  count: number;
  digest: string;
}
type SealTables = Record<string, TableSeal>;

/** A table's digest: its rows sorted by key (code-unit order), one `key digest` line each. */
export function tableDigest(rows: readonly { key: string; digest: string }[]): TableSeal {
  const sorted = [...rows].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    count: rows.length,
    digest: sha256(sorted.map((r) => `${r.key} ${r.digest}\n`).join('')),
  };
}

export interface SealHead {
  id: number;
  sealedAt: Date;
  tables: SealTables;
  rowCount: number;
  retentionYears: number;
  prevHash: string;
}

/** The seal's hash over everything it states, in one canonical line each. */
export function sealHash(seal: SealHead): string {
  const tables = Object.keys(seal.tables)
    .sort()
    .map((name) => [name, seal.tables[name]!.count, seal.tables[name]!.digest]);
  return sha256(
    [
      seal.prevHash,
      seal.id,
      seal.sealedAt.toISOString(),
      seal.retentionYears,
      seal.rowCount,
      JSON.stringify(tables),
    ].join('\n'),
  );
}

/** Pins what row digests depend on: jsonb renders timestamps in the session's time zone. */
const utc = (tx: Queryable) => tx.exec(`set local timezone to 'UTC'`);

export async function currentRetention(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ years: number }>('select archive_retention_years() as years');
  return rows[0]!.years;
}

/**
 * Records the configured retention when it differs from the one in force (kept as history, and
 * itself under retention); answers whether it changed. The triggers read it on every change.
 */
export async function setRetention(db: Queryable, years: number, at: Date): Promise<boolean> {
  if (!Number.isInteger(years) || years < 1 || years > MAX_RETENTION_YEARS)
    throw new RangeError(
      `retention must be a whole number of years from 1 to ${MAX_RETENTION_YEARS}`,
    );
  if ((await currentRetention(db)) === years) return false;
  await db.query('insert into archive_retention (years, set_at) values ($1, $2)', [years, at]);
  return true;
}

/** Seals every archived row not sealed yet; answers the new seal's id, or null when none. */
export async function sealPending(db: Db, at: Date): Promise<number | null> {
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [SEAL_LOCK_KEY]);
    await utc(tx);
    const pending: { table: string; rows: { key: string; digest: string }[] }[] = [];
    for (const spec of SEALED_TABLES) {
      const { rows } = await tx.query<{ key: string; digest: string }>(
        `select ${spec.key} as key, ${digestSql(spec)} as digest from ${spec.table} t
          where not exists
                (select 1 from archive_sealed s where s.tbl = $1 and s.key = ${spec.key})`,
        [spec.table],
      );
      if (rows.length > 0) pending.push({ table: spec.table, rows });
    }
    if (pending.length === 0) return null;
    const last = await tx.query<{ id: string; hash: string }>(
      'select id::text as id, hash from archive_seals order by id desc limit 1',
    );
    const head: SealHead = {
      id: Number(last.rows[0]?.id ?? 0) + 1,
      sealedAt: at,
      tables: Object.fromEntries(pending.map((p) => [p.table, tableDigest(p.rows)])),
      rowCount: pending.reduce((n, p) => n + p.rows.length, 0),
      retentionYears: await currentRetention(tx),
      prevHash: last.rows[0]?.hash ?? GENESIS,
    };
    await tx.query(
      `insert into archive_seals
              (id, sealed_at, tables, row_count, retention_years, prev_hash, hash)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [
        head.id,
        at,
        JSON.stringify(head.tables),
        head.rowCount,
        head.retentionYears,
        head.prevHash,
        sealHash(head),
      ],
    );
    for (const { table, rows } of pending) {
      await tx.query(
        `insert into archive_sealed (tbl, key, seal_id, digest, sealed_at)
         select $1, u.key, $2, u.digest, $3 from unnest($4::text[], $5::text[]) as u(key, digest)`,
        [table, head.id, at, rows.map((r) => r.key), rows.map((r) => r.digest)],
      );
    }
    return head.id;
  });
}

interface SealRow {
  id: string;
  sealed_at: Date;
  tables: SealTables;
  row_count: number;
  retention_years: number;
  prev_hash: string;
  hash: string;
}

const toHead = (r: SealRow): SealHead => ({
  id: Number(r.id),
  sealedAt: new Date(r.sealed_at),
  tables: r.tables,
  rowCount: r.row_count,
  retentionYears: r.retention_years,
  prevHash: r.prev_hash,
});

/** The whole chain: every id from 1 on, each linked to the one before, each hash as computed. */
function checkChain(seals: readonly SealRow[], problems: IntegrityProblem[]) {
  const gaps: { afterId: number; nextId: number }[] = [];
  let expected = 1;
  let prev = GENESIS;
  for (const seal of seals) {
    const id = Number(seal.id);
    if (id !== expected) {
      gaps.push({ afterId: expected - 1, nextId: id });
      problems.push({ kind: 'seal-missing', sealId: expected, table: null, key: null });
    } else if (seal.prev_hash !== prev) {
      problems.push({ kind: 'seal-link-broken', sealId: id, table: null, key: null });
    }
    if (sealHash(toHead(seal)) !== seal.hash)
      problems.push({ kind: 'seal-altered', sealId: id, table: null, key: null });
    expected = id + 1;
    prev = seal.hash;
  }
  return gaps;
}

/** Every sealed row of the seals in [first, last]: still there, still as sealed, all counted. */
async function checkRows(
  tx: Queryable,
  range: readonly SealRow[],
  problems: IntegrityProblem[],
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  if (range.length === 0) return counts;
  const first = Number(range[0]!.id);
  const last = Number(range.at(-1)!.id);
  for (const spec of SEALED_TABLES) {
    const { rows } = await tx.query<{
      seal_id: string;
      key: string;
      sealed: string;
      live: string | null;
    }>(
      `select s.seal_id::text as seal_id, s.key, s.digest as sealed, ${digestSql(spec)} as live
         from archive_sealed s left join ${spec.table} t on ${spec.join}
        where s.tbl = $1 and s.seal_id between $2 and $3`,
      [spec.table, first, last],
    );
    const bySeal = new Map<number, { key: string; digest: string }[]>();
    for (const row of rows) {
      const sealId = Number(row.seal_id);
      bySeal.set(sealId, [...(bySeal.get(sealId) ?? []), { key: row.key, digest: row.sealed }]);
      if (row.live === null)
        problems.push({ kind: 'row-removed', sealId, table: spec.table, key: row.key });
      else if (row.live !== row.sealed)
        problems.push({ kind: 'row-altered', sealId, table: spec.table, key: row.key });
    }
    for (const seal of range) {
      const stated = seal.tables[spec.table];
      const found = tableDigest(bySeal.get(Number(seal.id)) ?? []);
      if ((stated?.count ?? 0) !== found.count || (stated && stated.digest !== found.digest))
        problems.push({
          kind: 'seal-rows-altered',
          sealId: Number(seal.id),
          table: spec.table,
          key: null,
        });
      counts[spec.table] = (counts[spec.table] ?? 0) + (stated?.count ?? 0);
    }
  }
  return counts;
}

export interface IntegrityRange {
  from?: Date;
  to?: Date;
}

/** The proof for the seals made in [from, to] (every seal when open), after the whole chain. */
export async function proveIntegrity(
  db: Db,
  range: IntegrityRange,
  checkedAt: Date,
): Promise<ArchiveIntegrity> {
  return db.transaction(async (tx) => {
    await utc(tx);
    const { rows: seals } = await tx.query<SealRow>(
      `select id::text as id, sealed_at, tables, row_count, retention_years, prev_hash, hash
         from archive_seals order by id`,
    );
    const problems: IntegrityProblem[] = [];
    const gaps = checkChain(seals, problems);
    const inRange = seals.filter((s) => {
      const at = new Date(s.sealed_at).getTime();
      return (!range.from || at >= range.from.getTime()) && (!range.to || at <= range.to.getTime());
    });
    const tables = await checkRows(tx, inRange, problems);
    const ref = (s: SealRow | undefined) =>
      s ? { id: Number(s.id), sealedAt: new Date(s.sealed_at).toISOString(), hash: s.hash } : null;
    return {
      ok: problems.length === 0,
      checkedAt: checkedAt.toISOString(),
      from: range.from?.toISOString() ?? null,
      to: range.to?.toISOString() ?? null,
      retentionYears: await currentRetention(tx),
      chain: { seals: seals.length, head: ref(seals.at(-1)), gaps },
      range: {
        seals: inRange.length,
        rows: inRange.reduce((n, s) => n + s.row_count, 0),
        tables,
        first: ref(inRange[0]),
        last: ref(inRange.at(-1)),
      },
      problemCount: problems.length,
      problems: problems.slice(0, MAX_PROBLEMS),
    };
  });
}
