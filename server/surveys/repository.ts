// The keypad survey's answers in the database (Art. 22): one row per session, written once and
// never changed (the table refuses updates and deletes); read back with the agent's name and the
// session's training mark, which every indicator filters on.
import type { SurveyAnswer, SurveyRecord } from '../../common/surveys-api.js';
import type { Queryable } from '../db.js';

type SurveyRow = {
  session_id: string;
  call_id: string;
  agent_username: string;
  agent_name: string | null;
  outcome: SurveyRecord['outcome'];
  rating: number | null;
  recorded_at: Date | string;
  training: boolean;
};

const surveyView = (r: SurveyRow): SurveyRecord => ({
  sessionId: r.session_id,
  callId: r.call_id,
  agent: r.agent_username,
  agentName: r.agent_name,
  outcome: r.outcome,
  rating: r.rating === null ? null : Number(r.rating),
  recordedAt: new Date(r.recorded_at).toISOString(),
  training: r.training,
});

/**
 * Records the answer unless the session already has one: true when this call wrote it. The
 * primary key decides, so two desks (or a retry racing its original) cannot both write.
 */
export async function insertSurvey(
  tx: Queryable,
  s: { sessionId: string; callId: string; agent: string; answer: SurveyAnswer; at: Date },
): Promise<boolean> {
  const rating = s.answer.outcome === 'rated' ? s.answer.rating : null;
  const { rows } = await tx.query(
    `insert into session_surveys (session_id, call_id, agent_username, outcome, rating, recorded_at)
     values ($1, $2, $3, $4, $5, $6) on conflict (session_id) do nothing returning session_id`,
    [s.sessionId, s.callId, s.agent, s.answer.outcome, rating, s.at],
  );
  return rows.length > 0;
}

/** The session's answer, or undefined when none was recorded. */
export async function readSurvey(
  db: Queryable,
  sessionId: string,
): Promise<SurveyRecord | undefined> {
  const { rows } = await db.query<SurveyRow>(
    `select s.session_id, s.call_id, s.agent_username, s.outcome, s.rating, s.recorded_at,
            v.training, (select name from agents where username = s.agent_username) as agent_name
       from session_surveys s join verification_sessions v on v.id = s.session_id
      where s.session_id = $1`,
    [sessionId],
  );
  return rows[0] ? surveyView(rows[0]) : undefined;
}
