// Shared plumbing for the journal-archive suites (the archive, its call-back and complaint
// queues): sealed chains for a device, a server over the demo seed with a fixed clock, tokens for
// an agent and a lead, and short-hands for posting batches and reading what was archived.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import {
  GENESIS_HASH,
  JournalBatchResponse,
  sealEntry,
  type EntryData,
  type JournalEntry,
  type JournalEntryResult,
} from '../../../../common/journal-chain.js';
import { buildServer, type BuildServerOptions } from '../../../../server/app.js';
import type { Db } from '../../../../server/db.js';
import { migrate } from '../../../../server/migrations.js';
import { applySeed } from '../../../../server/seed.js';
import demoSeed from '../../../../server/seed/demo-seed.json' with { type: 'json' };
import { DB_KIND, openTestDb, TEST_COST, TEST_PEPPER, unclosable } from '../helpers.js';

export const BATCHES = '/api/v1/journal/batches';
export const DEMO_PASSWORD = 'demo-pass-1';
export const T0 = Date.parse('2026-03-02T09:00:00.000Z');
export const NOW = new Date('2026-03-02T10:00:00.000Z');

export interface Spec {
  type?: string;
  data?: EntryData;
  callId?: string;
}

/** A well-formed chain for one device, seq 1..n (or from `after`). */
export async function makeChain(
  deviceId: string,
  n: number,
  specs: Record<number, Spec> = {},
  after?: JournalEntry,
): Promise<JournalEntry[]> {
  const out: JournalEntry[] = [];
  const first = (after?.seq ?? 0) + 1;
  for (let seq = first; seq < first + n; seq++) {
    const spec = specs[seq] ?? {};
    out.push(
      await sealEntry({
        deviceId,
        seq,
        id: randomUUID(),
        at: new Date(T0 + seq * 1000).toISOString(),
        agent: 'agent01',
        ...(spec.callId ? { callId: spec.callId } : {}),
        type: spec.type ?? 'verify.basic-checked',
        data: spec.data ?? { passed: true, attempt: 1, mobile: '138****5678' },
        prevHash: (out.at(-1) ?? after)?.hash ?? GENESIS_HASH,
      }),
    );
  }
  return out;
}

export const CALLBACK: Spec = {
  type: 'callback.requested',
  callId: 'call-7',
  data: { customerRef: '138****5678', reason: 'records-outage', notes: '客户希望下午回电' },
};
export const COMPLAINT: Spec = {
  type: 'complaint.recorded',
  callId: 'call-8',
  data: { category: 'wait-time', summary: '等待时间过长', customerRef: '张*' },
};

let deviceCounter = 0;
export const newDevice = () => `desk-${DB_KIND}-${++deviceCounter}-${randomUUID().slice(0, 8)}`;

/** What a suite gets from useJournalServer(); `db`, `app` and the tokens are set by its hooks. */
export interface JournalServer {
  db: Db;
  /** A fresh server per test, closed after it. */
  app: FastifyInstance;
  agentToken: string;
  leadToken: string;
  build(overrides?: Partial<BuildServerOptions>): FastifyInstance;
  post(
    body: unknown,
    token?: string | null,
    server?: FastifyInstance,
  ): Promise<LightMyRequestResponse>;
  /** Posts a batch as the agent and expects 200; answers the per-entry results. */
  send(
    deviceId: string,
    entries: readonly unknown[],
    server?: FastifyInstance,
  ): Promise<JournalEntryResult[]>;
  statuses(results: readonly JournalEntryResult[]): JournalEntryResult['status'][];
  tamperAlerts(deviceId: string): Promise<AlertRow[]>;
  /** A content refusal: the desk dead-letters the entry, a lead is told. */
  deadLetterAlerts(deviceId: string): Promise<AlertRow[]>;
  archivedSeqs(deviceId: string): Promise<number[]>;
}

interface AlertRow {
  reasons: string[];
  details: Record<string, unknown>;
  agent_username: string;
}

/** Registers the suite's hooks: one database for the file, a server per test. */
export function useJournalServer(): JournalServer {
  const alertsOf = async (kind: string, deviceId: string) =>
    (
      await s.db.query<AlertRow>(
        `select reasons, details, agent_username from alerts where kind = $1 and device_id = $2
          order by raised_at, (details->>'seq')::int`,
        [kind, deviceId],
      )
    ).rows;
  const s: JournalServer = {
    db: undefined as unknown as Db,
    app: undefined as unknown as FastifyInstance,
    agentToken: '',
    leadToken: '',
    build: (overrides = {}) =>
      buildServer({
        db: unclosable(s.db),
        logger: false,
        passwordCost: TEST_COST,
        pepper: TEST_PEPPER,
        now: () => NOW,
        ...overrides,
      }),
    post: (body, token = s.agentToken, server = s.app) =>
      server.inject({
        method: 'POST',
        url: BATCHES,
        headers: token ? { authorization: `Bearer ${token}` } : {},
        payload: body as object,
      }),
    async send(deviceId, entries, server = s.app) {
      const res = await s.post({ deviceId, entries }, s.agentToken, server);
      expect(res.statusCode, res.body).toBe(200);
      return JournalBatchResponse.parse(res.json()).results;
    },
    statuses: (results) => results.map((r) => r.status),
    tamperAlerts: (deviceId) => alertsOf('journal-tamper', deviceId),
    deadLetterAlerts: (deviceId) => alertsOf('dead-letters', deviceId),
    archivedSeqs: async (deviceId) =>
      (
        await s.db.query<{ seq: number }>(
          'select seq::int as seq from journal_entries where device_id = $1 order by seq',
          [deviceId],
        )
      ).rows.map((r) => r.seq),
  };

  beforeAll(async () => {
    s.db = await openTestDb();
    await migrate(s.db);
    await applySeed(s.db, demoSeed, { pepper: TEST_PEPPER, passwordCost: TEST_COST });
    s.app = s.build();
    const signIn = async (username: string) =>
      (
        await s.app.inject({
          method: 'POST',
          url: '/api/v1/auth/sign-in',
          payload: { username, password: DEMO_PASSWORD },
        })
      ).json().token as string;
    s.agentToken = await signIn('agent01');
    s.leadToken = await signIn('lead01');
    await s.app.close();
  });
  afterAll(async () => {
    await s.db?.close();
  });
  beforeEach(() => {
    s.app = s.build();
  });
  afterEach(async () => {
    await s.app.close();
  });
  return s;
}
