// Helpers for the records-service bench (scripts/bench-records.mjs bundles this file with esbuild
// at run time so it can use the service's own code): synthetic customers in bulk, straight into
// PostgreSQL, with the same hashing and masking the service uses. Never a real person's data.
import { createHmac, generateKeyPairSync, randomBytes, randomUUID, sign } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import Fastify from 'fastify';
import pg from 'pg';
import { batchSigningText, macInput } from '../common/devices-api.js';
import { GENESIS_HASH, sealEntry, type JournalEntry } from '../common/journal-chain.js';
import { maskNationalId, nationalIdCheckCharacter } from '../common/national-id.js';
import { lookUpCustomers } from '../server/customers/repository.js';
import { openPostgres } from '../server/db.js';
import { hashPassword } from '../server/passwords.js';
import { nationalIdHash } from '../server/secrets.js';

export { GENESIS_HASH, sealEntry } from '../common/journal-chain.js';
export { BENCH_PASSWORD, insertSyntheticAgents } from './bench-floor-lib.js';

const DAY_MS = 86_400_000;
const BIRTH_BASE = Date.UTC(1960, 0, 1);

/**
 * The i-th synthetic customer (0 ≤ i < 100,000,000): distinct ID numbers and mobiles. Every ID
 * number has region prefix 99 (no Chinese province uses it), so none can be a real person's;
 * mobiles are 15x numbers made from the row index.
 */
export function syntheticCustomer(i: number): { name: string; mobile: string; nationalId: string } {
  const area = String(i % 10_000).padStart(4, '0');
  const birth = new Date(BIRTH_BASE + Math.floor(i / 10_000) * DAY_MS)
    .toISOString()
    .slice(0, 10)
    .replaceAll('-', '');
  const first17 = `99${area}${birth}001`;
  return {
    name: `测试${String(i % 1000).padStart(3, '0')}`,
    mobile: `15${String(i).padStart(9, '0')}`,
    nationalId: first17 + nationalIdCheckCharacter(first17),
  };
}

/**
 * Inserts `count` synthetic customers in batches (`unnest` of arrays: one statement per batch, the
 * bulk path PostgreSQL plans once). All rows share one precomputed password hash (allowed for bench
 * rows: scrypt on a million rows would take hours and measures nothing). Returns the shared
 * password so the bench can pass password checks.
 */
export async function loadSyntheticCustomers(
  url: string,
  count: number,
  pepper: string,
  onProgress: (done: number) => void = () => {},
): Promise<{ password: string; seconds: number }> {
  const password = '624810';
  const sharedHash = await hashPassword(password, { N: 2 ** 14, r: 8, p: 1 });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const t0 = performance.now();
  try {
    const batch = 20_000;
    for (let start = 0; start < count; start += batch) {
      const ids: string[] = [];
      const names: string[] = [];
      const mobiles: string[] = [];
      const hashes: string[] = [];
      const masks: string[] = [];
      for (let i = start; i < Math.min(count, start + batch); i++) {
        const c = syntheticCustomer(i);
        ids.push(randomUUID());
        names.push(c.name);
        mobiles.push(c.mobile);
        hashes.push(nationalIdHash(pepper, c.nationalId));
        masks.push(maskNationalId(c.nationalId));
      }
      await client.query(
        `insert into customers (id, name, mobile, national_id_hash, national_id_masked, query_password_hash, transaction_password_hash)
         select id, name, mobile, h, m, $6, $6 from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[]) as t(id, name, mobile, h, m)
         on conflict (national_id_hash) do nothing`,
        [ids, names, mobiles, hashes, masks, sharedHash],
      );
      onProgress(Math.min(count, start + batch));
    }
    // A centre's database was not bulk-loaded a moment ago: its tables are vacuumed and its pages
    // written. Done here, or autovacuum and the checkpoint after the load run during whatever
    // is measured first (the look-up's floor ran at half its rate behind them).
    await client.query('vacuum (analyze) customers');
    await client.query('checkpoint');
  } finally {
    await client.end();
  }
  return { password, seconds: (performance.now() - t0) / 1000 };
}

/**
 * The look-up's floor on this machine, as a process of its own (bench-records.mjs starts it on the
 * bench's database): a bare Fastify route running the service's own look-up statement
 * (lookUpCustomers: the customers and their audit row in one round trip) on the service's own
 * pool, and nothing else — no sign-in, rate limit, validation or log line. No look-up served here
 * can be faster. Prints `listening: <url>`.
 */
export async function serveLookupFloor(url = process.env.DATABASE_URL ?? ''): Promise<void> {
  const db = await openPostgres(url);
  const app = Fastify({ logger: false });
  app.get<{ Querystring: { mobile: string } }>('/api/v1/customers', async (request) => ({
    customers: await lookUpCustomers(db, {
      at: new Date(),
      agent: 'bench-floor',
      mobile: request.query.mobile,
      training: false,
    }),
  }));
  process.once('SIGTERM', () => void app.close().then(() => db.close()));
  console.log(`listening: ${await app.listen({ port: 0, host: '127.0.0.1' })}`);
}

// ---- journal ingest ----------------------------------------------------------------------------

interface IngestBenchOptions {
  /** The running records service, e.g. http://127.0.0.1:8790. */
  url: string;
  /** An agent's bearer token. */
  token: string;
  devices: number;
  perDevice: number;
  batchSize: number;
  /** Gzip the bodies as the desk does (off against a service that cannot read them). */
  gzip: boolean;
}

interface SignedBatchBody {
  deviceId: string;
  entries: JournalEntry[];
  signature: string;
}

/** A batch's body as the desk sends it, encoded before the clock starts (see benchIngest). */
interface EncodedBatch {
  entries: number;
  json: Buffer<ArrayBuffer>;
  gzip: Buffer<ArrayBuffer>;
}

const encoded = (body: SignedBatchBody): EncodedBatch => {
  const json = Buffer.from(JSON.stringify(body), 'utf8');
  return { entries: body.entries.length, json, gzip: gzipSync(json) };
};

/**
 * A registered desk's journal as the desk sends it: an Ed25519 identity and chain key registered
 * with the service, every entry MACed, every batch signed (main/core/journal/device-key.ts).
 */
async function signedDesk(
  options: IngestBenchOptions,
  deviceId: string,
): Promise<SignedBatchBody[]> {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const chainKey = randomBytes(32);
  const res = await fetch(`${options.url}/api/v1/devices`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
    body: JSON.stringify({
      deviceId,
      publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
      chainKey: chainKey.toString('base64'),
      keyedFrom: 1,
    }),
  });
  if (res.status !== 200)
    throw new Error(`device registration → ${res.status} ${await res.text()}`);
  const entries: JournalEntry[] = [];
  let prevHash = GENESIS_HASH;
  const t0 = Date.UTC(2026, 2, 2, 9);
  for (let seq = 1; seq <= options.perDevice; seq++) {
    const sealed = await sealEntry({
      deviceId,
      seq,
      id: randomUUID(),
      at: new Date(t0 + seq).toISOString(),
      agent: 'agent01',
      callId: `bench-call-${Math.floor(seq / 20)}`,
      type: seq % 2 ? 'phone.call-started' : 'verify.basic-checked',
      data:
        seq % 2 ? { direction: 'inbound', number: '139****0001' } : { passed: true, attempt: 1 },
      prevHash,
    });
    const mac = createHmac('sha256', chainKey).update(macInput(sealed.hash)).digest('hex');
    entries.push({ ...sealed, mac });
    prevHash = sealed.hash;
  }
  const batches: SignedBatchBody[] = [];
  for (let i = 0; i < entries.length; i += options.batchSize) {
    const slice = entries.slice(i, i + options.batchSize);
    const text = Buffer.from(batchSigningText(deviceId, slice), 'utf8');
    batches.push({
      deviceId,
      entries: slice,
      signature: sign(null, text, privateKey).toString('base64'),
    });
  }
  return batches;
}

/** Posts one batch as the desk does: gzip, or identity once the service answered 415. */
async function postBatch(
  options: IngestBenchOptions,
  body: EncodedBatch,
  gzip: { on: boolean },
): Promise<{ status: string }[]> {
  for (;;) {
    const res = await fetch(`${options.url}/api/v1/journal/batches`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${options.token}`,
        ...(gzip.on ? { 'content-encoding': 'gzip' } : {}),
      },
      body: gzip.on ? body.gzip : body.json,
    });
    if (res.status === 415 && gzip.on) {
      gzip.on = false;
      continue;
    }
    if (res.status === 503) {
      const wait = Number(res.headers.get('retry-after') ?? 1);
      await res.arrayBuffer();
      await new Promise((r) => setTimeout(r, wait * 1000 * (1 + Math.random() * 0.2)));
      continue;
    }
    const answer = (await res.json()) as { results: { status: string }[] };
    if (res.status !== 200) throw new Error(`batch → ${res.status} ${JSON.stringify(answer)}`);
    return answer.results;
  }
}

/**
 * Journal ingest as a centre sees it after an outage: `devices` registered desks, each sending
 * its signed journal in `batchSize`-entry batches one after the other, all desks at once; then
 * the same again (a replay, all `duplicate`). Answers entries per second of each pass.
 */
export async function benchIngest(
  options: IngestBenchOptions,
): Promise<{ pass: string; seconds: number; perSecond: number; gzip: boolean }[]> {
  // Each desk serialises and gzips its batch on its own machine: done here before the clock
  // starts, so the bench client (on the service's 2 cores) does not bill that work to the service.
  const desks = (
    await Promise.all(
      Array.from({ length: options.devices }, (_, i) =>
        signedDesk(options, `bench-desk-${i}-${randomUUID().slice(0, 8)}`),
      ),
    )
  ).map((batches) => batches.map(encoded));
  const total = options.devices * options.perDevice;
  const gzip = { on: options.gzip };
  const figures = [];
  for (const [pass, expected] of [
    ['first delivery', 'applied'],
    ['replay (all duplicate)', 'duplicate'],
  ] as const) {
    const s = performance.now();
    await Promise.all(
      desks.map(async (batches) => {
        for (const batch of batches) {
          const results = await postBatch(options, batch, gzip);
          const wrong = results.find((r) => r.status !== expected);
          if (wrong || results.length !== batch.entries)
            throw new Error(`ingest ${pass}: ${JSON.stringify(wrong ?? results.length)}`);
        }
      }),
    );
    const seconds = (performance.now() - s) / 1000;
    figures.push({ pass, seconds, perSecond: total / seconds, gzip: gzip.on });
  }
  return figures;
}
