// Who is signed in, and the sign-in form's progress. The password is deliberately absent: it goes
// from the form straight into one `auth:sign-in` call and is never kept or logged (Art. 15: nothing
// sensitive lying around in the clear). Only the outcome of an attempt is state.
import type { AgentProfile } from '../../common/domain.js';
import { isUsername } from '../../common/values.js';
import type { ErrorCode } from '../../common/result.js';

/** Why a sign-in attempt did not go through: caught in the form, or answered by the service. */
export type SignInProblem =
  | { source: 'form'; reason: 'username-missing' | 'password-missing' | 'username-format' }
  | { source: 'service'; code: ErrorCode };

export interface SignInForm {
  submitting: boolean;
  problem: SignInProblem | null;
  /** The previous session ended without the agent pressing "sign out" (tray, expiry, shutdown). */
  sessionEnded: boolean;
}

export type SessionState =
  | { status: 'unknown' }
  | { status: 'signed-out'; form: SignInForm }
  | { status: 'signed-in'; agent: AgentProfile; signingOut: boolean; problem: ErrorCode | null };

export type SessionAction =
  /** `auth:current` answered, or main pushed `agent:changed`. */
  | { type: 'agent-loaded'; agent: AgentProfile | null }
  /** `auth:current` failed: start signed out; signing in will report the real problem. */
  | { type: 'agent-unknown' }
  | { type: 'sign-in-started' }
  | { type: 'sign-in-rejected'; problem: SignInProblem }
  | { type: 'sign-in-succeeded'; agent: AgentProfile }
  | { type: 'sign-out-started' }
  | { type: 'sign-out-failed'; code: ErrorCode }
  | { type: 'problem-dismissed' };

export const initialSession: SessionState = { status: 'unknown' };

const freshForm = (sessionEnded = false): SignInForm => ({
  submitting: false,
  problem: null,
  sessionEnded,
});

export function sessionReducer(state: SessionState, action: SessionAction): SessionState {
  switch (action.type) {
    case 'agent-loaded': {
      if (action.agent) {
        if (state.status === 'signed-in' && sameAgent(state.agent, action.agent)) return state;
        return { status: 'signed-in', agent: action.agent, signingOut: false, problem: null };
      }
      if (state.status === 'signed-out') return state;
      // Signed out while the agent had not asked to: say so on the sign-in screen.
      const endedUnasked = state.status === 'signed-in' && !state.signingOut;
      return { status: 'signed-out', form: freshForm(endedUnasked) };
    }
    case 'agent-unknown':
      return state.status === 'unknown' ? { status: 'signed-out', form: freshForm() } : state;
    case 'sign-in-started':
      if (state.status !== 'signed-out' || state.form.submitting) return state;
      return {
        status: 'signed-out',
        form: { submitting: true, problem: null, sessionEnded: false },
      };
    case 'sign-in-rejected':
      if (state.status !== 'signed-out') return state;
      return {
        status: 'signed-out',
        form: { submitting: false, problem: action.problem, sessionEnded: false },
      };
    case 'sign-in-succeeded':
      if (state.status === 'signed-in' && sameAgent(state.agent, action.agent)) return state;
      return { status: 'signed-in', agent: action.agent, signingOut: false, problem: null };
    case 'sign-out-started':
      if (state.status !== 'signed-in' || state.signingOut) return state;
      return { ...state, signingOut: true, problem: null };
    case 'sign-out-failed':
      if (state.status !== 'signed-in') return state;
      return { ...state, signingOut: false, problem: action.code };
    case 'problem-dismissed':
      if (state.status === 'signed-in')
        return state.problem === null ? state : { ...state, problem: null };
      if (state.status === 'signed-out')
        return state.form.problem === null
          ? state
          : { ...state, form: { ...state.form, problem: null } };
      return state;
  }
}

const sameAgent = (a: AgentProfile, b: AgentProfile): boolean =>
  a.username === b.username && a.name === b.name && a.tier === b.tier;

/**
 * Checks the form before anything leaves the renderer, with the contract's own username rule, so
 * the agent gets a precise message instead of a generic `bad-request`. Returns the username to
 * send.
 */
export function checkSignIn(
  username: string,
  password: string,
): { ok: true; username: string } | { ok: false; problem: SignInProblem } {
  const trimmed = username.trim();
  if (trimmed === '') return { ok: false, problem: { source: 'form', reason: 'username-missing' } };
  if (!isUsername(trimmed))
    return { ok: false, problem: { source: 'form', reason: 'username-format' } };
  if (password === '')
    return { ok: false, problem: { source: 'form', reason: 'password-missing' } };
  return { ok: true, username: trimmed };
}
