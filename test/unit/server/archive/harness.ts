// Shared plumbing for the archive suites: the verification harness (real sessions, checks and
// alerts through the routes) plus an auditor's account, desk journal entries posted as batches,
// and short-hands for the archive's routes and the rows they audit.
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { JournalEntry } from '../../../../common/journal-chain.js';
import { applySeed } from '../../../../server/seed.js';
import { TEST_COST, TEST_PEPPER } from '../helpers.js';
import { BATCHES, makeChain, type Spec } from '../journal-archive/harness.js';
import { createHarness, DEMO_PASSWORD, type Harness } from '../verification-harness.js';

export interface ArchiveHarness extends Harness {
  auditorToken: string;
  /** GET on an archive route as `token`; `query` is appended as a query string. */
  get(path: string, token: string, query?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** Posts a desk's journal entries for the given calls, as agent01; answers the entries. */
  journal(specs: Record<number, Spec>, n?: number): Promise<JournalEntry[]>;
  audits(): Promise<
    { agent_username: string; action: string; criteria: object; results: number }[]
  >;
  overPermissions(action: string): Promise<number>;
}

export async function createArchiveHarness(): Promise<ArchiveHarness> {
  const h = (await createHarness()) as ArchiveHarness;
  await applySeed(
    h.db,
    {
      agents: [
        {
          username: 'audit01',
          name: '审计员',
          tier: 'agent',
          auditor: true,
          password: DEMO_PASSWORD,
        },
      ],
    },
    { pepper: TEST_PEPPER, passwordCost: TEST_COST },
  );
  await h.reset();
  const signIn = await h.app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    payload: { username: 'audit01', password: DEMO_PASSWORD },
  });
  expect(signIn.statusCode).toBe(200);
  h.auditorToken = signIn.json().token;
  h.get = (path, token, query = {}) => {
    const qs = new URLSearchParams(query).toString();
    return h.req('GET', `/api/v1/archive/${path}${qs ? `?${qs}` : ''}`, token);
  };
  h.journal = async (specs, n = Math.max(...Object.keys(specs).map(Number))) => {
    const deviceId = `desk-archive-${randomUUID().slice(0, 8)}`;
    const entries = await makeChain(deviceId, n, specs);
    const res = await h.req('POST', BATCHES, h.tokens.agent, { deviceId, entries });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().results.every((r: { status: string }) => r.status === 'applied')).toBe(true);
    return entries;
  };
  h.audits = async () =>
    (
      await h.db.query<{
        agent_username: string;
        action: string;
        criteria: object;
        results: number;
      }>('select agent_username, action, criteria, results from archive_searches order by id')
    ).rows;
  h.overPermissions = async (action) =>
    (
      await h.db.query<{ n: number }>(
        `select count(*)::int as n from alerts where kind = 'over-permission' and reasons ? $1`,
        [action],
      )
    ).rows[0]!.n;
  return h;
}
