// The training line's state on the desk (Art. 9): the catalog, the agent's standing, the scenario
// list, the training call under way (its caption, whether a live call paused it) and the report.
// Pure reducer; the controller (controller.ts) does the talking. No secret is ever held here: the
// simulated customer's password and passcode stay in the controller's closure for one key press.
import type { ErrorCode } from '../../common/result.js';
import type { TrainingCatalog, TrainingResult, TrainingStatus } from '../../common/training-api.js';

export interface TrainingCall {
  scenarioId: string;
  courseId: string | null;
  /** The engine's call id once it rings; null before. */
  callId: string | null;
  answered: boolean;
  /** What the customer said last, masked (captionOf). */
  caption: string | null;
  /** Lines the agent has said, in order. */
  said: string[];
  /** The customer has stated their details (Art. 5): the agent may enter them as heard. */
  stated: boolean;
  phase: 'starting' | 'ringing' | 'talking' | 'scoring' | 'over';
}

/** The catalog as shown: scenarios and courses; the customers' details stay in the controller. */
export type ShownCatalog = Omit<TrainingCatalog, 'customers'>;

export interface TrainingState {
  catalog: ShownCatalog | null;
  status: TrainingStatus | null;
  /** The standing could not be read (records service unreachable): not known yet, not failed. */
  statusUnknown: boolean;
  /** The scenario list is open. */
  choosing: boolean;
  call: TrainingCall | null;
  /** A live call ended the training call: training is paused until the agent starts again. */
  paused: { scenarioId: string; courseId: string | null } | null;
  report: TrainingResult | null;
  problem: { action: 'catalog' | 'start' | 'score'; code: ErrorCode } | null;
}

export const initialTraining: TrainingState = {
  catalog: null,
  status: null,
  statusUnknown: false,
  choosing: false,
  call: null,
  paused: null,
  report: null,
  problem: null,
};

export type TrainingAction =
  | { type: 'catalog'; catalog: ShownCatalog }
  | { type: 'status'; status: TrainingStatus }
  | { type: 'status-unknown' }
  | { type: 'choosing'; open: boolean }
  | { type: 'starting'; scenarioId: string; courseId: string | null }
  | { type: 'ringing'; callId: string }
  | { type: 'answered' }
  | { type: 'caption'; caption: string }
  | { type: 'said'; line: string }
  | { type: 'stated'; stated: boolean }
  | { type: 'ended'; by: 'agent' | 'customer' | 'live-call' }
  | { type: 'scored'; result: TrainingResult }
  | { type: 'failed'; action: 'catalog' | 'start' | 'score'; code: ErrorCode }
  | { type: 'pause-dismissed' }
  | { type: 'report-closed' }
  | { type: 'problem-dismissed' }
  | { type: 'signed-out' };

export function trainingReducer(state: TrainingState, action: TrainingAction): TrainingState {
  const call = state.call;
  switch (action.type) {
    case 'catalog':
      return { ...state, catalog: action.catalog, problem: null };
    case 'status':
      return { ...state, status: action.status, statusUnknown: false };
    case 'status-unknown':
      return { ...state, statusUnknown: true };
    case 'choosing':
      return { ...state, choosing: action.open, report: action.open ? null : state.report };
    case 'starting':
      return {
        ...state,
        choosing: false,
        report: null,
        paused: null,
        problem: null,
        call: {
          scenarioId: action.scenarioId,
          courseId: action.courseId,
          callId: null,
          answered: false,
          caption: null,
          said: [],
          stated: false,
          phase: 'starting',
        },
      };
    case 'ringing':
      return call
        ? { ...state, call: { ...call, callId: action.callId, phase: 'ringing' } }
        : state;
    case 'answered':
      return call ? { ...state, call: { ...call, answered: true, phase: 'talking' } } : state;
    case 'caption':
      return call ? { ...state, call: { ...call, caption: action.caption } } : state;
    case 'said':
      return call ? { ...state, call: { ...call, said: [...call.said, action.line] } } : state;
    case 'stated':
      return call ? { ...state, call: { ...call, stated: action.stated } } : state;
    case 'ended':
      if (!call) return state;
      if (action.by === 'live-call')
        return {
          ...state,
          call: null,
          paused: { scenarioId: call.scenarioId, courseId: call.courseId },
        };
      return { ...state, call: { ...call, phase: call.answered ? 'scoring' : 'over' } };
    case 'scored':
      return { ...state, call: null, report: action.result };
    case 'failed':
      return {
        ...state,
        problem: { action: action.action, code: action.code },
        call: action.action === 'catalog' ? call : null,
      };
    case 'pause-dismissed':
      return { ...state, paused: null };
    case 'report-closed':
      return { ...state, report: null };
    case 'problem-dismissed':
      return { ...state, problem: null };
    case 'signed-out':
      return initialTraining;
  }
}

/** A training call is up (starting, ringing or talking): the banner and the accent show. */
export const trainingActive = (state: TrainingState): boolean =>
  state.call !== null && state.call.phase !== 'over';
