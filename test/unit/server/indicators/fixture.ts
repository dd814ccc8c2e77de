// The hand-made month behind indicators.test.ts: two agents of two teams, sessions (training and
// never-ended ones among them), surveys, reviews, desk history and alerts, every time chosen so
// each indicator has one exact expected value (worked out beside the assertions).
import { randomUUID } from 'node:crypto';
import type { Db } from '../../../../server/db.js';

/** 10:00 on 15 October in Shanghai: 1–14 October are settled, the 15th is live. */
export const NOW = new Date('2026-10-15T02:00:00.000Z');
export const TEAM_B = '贷款二组';
const z = (iso: string) => new Date(iso);

/** Loads the month into `db` (seeded with agent01 and agent02). */
export async function loadOctober(db: Db): Promise<void> {
  const ids: Record<string, string> = {};
  const session = async (
    key: string,
    s: { agent: string; type: string; status: string; at: string; ms: number; training?: boolean },
  ) => {
    ids[key] = randomUUID();
    await db.query(
      `insert into verification_sessions (id, call_id, agent_username, agent_tier, caller_number,
         business_type, customer_fixed, status, steps, passed, approval, created_at, updated_at,
         training)
       values ($1, $2, $3, 'agent', '13800138000', $4, false, $5, '[]', '[]', 'not-required',
               $6, $7, $8)`,
      [
        ids[key],
        `call-${key}`,
        s.agent,
        s.type,
        s.status,
        z(s.at),
        new Date(Date.parse(s.at) + s.ms),
        s.training ?? false,
      ],
    );
  };
  const survey = (key: string, agent: string, outcome: string, rating: number | null, at: string) =>
    db.query(
      `insert into session_surveys (session_id, call_id, agent_username, outcome, rating, recorded_at)
       values ($1, $2, $3, $4, $5, $6)`,
      [ids[key], `call-${key}`, agent, outcome, rating, z(at)],
    );
  const review = async (key: string, agent: string, day: string, correct: boolean) => {
    await db.query(
      `insert into review_queue (session_id, day, agent_username, reasons, sampled_at)
       values ($1, $2, $3, '["random"]', $4)`,
      [ids[key], day, agent, NOW],
    );
    await db.query(
      `insert into session_reviews (session_id, reviewer, reviewed_at, correct, steps)
       values ($1, 'lead01', $2, $3, '[{"step":"basic","correct":true}]')`,
      [ids[key], NOW, correct],
    );
  };
  const desk = async (username: string, rows: [string, string, string | null][]) => {
    for (const [at, state, call] of rows)
      await db.query(
        'insert into desk_state_history (username, at, state, call_id) values ($1, $2, $3, $4)',
        [username, z(at), state, call],
      );
  };
  const alert = (kind: string, at: string, session: string | null, outcome?: string) =>
    db.query(
      `insert into alerts (id, kind, raised_at, agent_username, session_id, resolved_at, outcome)
       values ($1, $2, $3, 'agent01', $4, $5, $6)`,
      [
        randomUUID(),
        kind,
        z(at),
        session ? ids[session] : null,
        outcome ? NOW : null,
        outcome ?? null,
      ],
    );
  // agent01, 2 October (09:00 Shanghai = 01:00 UTC): two enquiries verified in 30 s and 50 s,
  // a transfer not confirmed, a training call, a session never ended; 1 October 23:59 one more.
  const a = { agent: 'agent01' };
  await session('s1', {
    ...a,
    type: 'enquiry',
    status: 'verified',
    at: '2026-10-02T01:00:00Z',
    ms: 30_000,
  });
  await session('s2', {
    ...a,
    type: 'enquiry',
    status: 'verified',
    at: '2026-10-02T01:10:00Z',
    ms: 50_000,
  });
  await session('s3', {
    ...a,
    type: 'fund-transfer',
    status: 'not-confirmed',
    at: '2026-10-02T01:20:00Z',
    ms: 40_000,
  });
  await session('s4', {
    ...a,
    type: 'enquiry',
    status: 'verified',
    at: '2026-10-02T01:31:00Z',
    ms: 10_000,
    training: true,
  });
  await session('s5', {
    ...a,
    type: 'enquiry',
    status: 'in-progress',
    at: '2026-10-02T01:40:00Z',
    ms: 0,
  });
  await session('s6', {
    ...a,
    type: 'important-query',
    status: 'verified',
    at: '2026-10-01T15:59:00Z',
    ms: 30_000,
  });
  await survey('s1', 'agent01', 'rated', 5, '2026-10-02T01:04:00Z');
  await survey('s2', 'agent01', 'rated', 3, '2026-10-02T01:13:00Z');
  await survey('s3', 'agent01', 'declined', null, '2026-10-02T01:24:00Z');
  await survey('s4', 'agent01', 'rated', 1, '2026-10-02T01:35:00Z');
  await review('s1', 'agent01', '2026-10-02', true);
  await review('s2', 'agent01', '2026-10-02', false);
  await review('s4', 'agent01', '2026-10-02', false);
  await desk('agent01', [
    ['2026-10-02T00:55:00Z', 'ready', null],
    ['2026-10-02T01:00:00Z', 'on-call', 'call-s1'],
    ['2026-10-02T01:05:00Z', 'wrap-up', null],
    ['2026-10-02T01:06:00Z', 'ready', null],
    ['2026-10-02T01:10:00Z', 'on-call', 'call-s2'],
    ['2026-10-02T01:14:00Z', 'wrap-up', null],
    ['2026-10-02T01:16:00Z', 'break', null],
    ['2026-10-02T01:31:00Z', 'on-call', 'call-s4'],
    ['2026-10-02T01:36:00Z', 'wrap-up', null],
    ['2026-10-02T01:37:00Z', 'signed-out', null],
  ]);
  await alert('fraud-suspected', '2026-10-02T01:21:00Z', 's3', 'handled');
  await alert('fraud-suspected', '2026-10-02T01:32:00Z', 's4', 'handled');
  await alert('over-permission', '2026-10-02T02:00:00Z', null);
  await alert('password-locked', '2026-10-02T02:01:00Z', null);
  await alert('verification-exception', '2026-10-02T02:02:00Z', null);
  // agent02 (the other team), today: one enquiry verified in 20 s, rated 4; still ready now.
  await session('t1', {
    agent: 'agent02',
    type: 'enquiry',
    status: 'verified',
    at: '2026-10-15T01:00:00Z',
    ms: 20_000,
  });
  await survey('t1', 'agent02', 'rated', 4, '2026-10-15T01:02:00Z');
  await desk('agent02', [
    ['2026-10-15T00:50:00Z', 'ready', null],
    ['2026-10-15T01:00:00Z', 'on-call', 'call-t1'],
    ['2026-10-15T01:03:00Z', 'wrap-up', null],
    ['2026-10-15T01:04:00Z', 'ready', null],
  ]);
}
