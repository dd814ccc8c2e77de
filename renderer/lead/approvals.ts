// renderer/lead/: everything a team lead works with. The approvals inbox's store (Art. 10):
// pending approvals with masked case details, and the lead's decision with a reason. A pure
// reducer and a small controller; it runs only while a lead (a tier that approves) is
// signed in.
import type { AgentDeskApi } from '../../common/contract.js';
import type { Approval } from '../../common/records-api.js';
import type { ErrorCode } from '../../common/result.js';
import { createStore, type Store } from '../state/store.js';
import { followLead, type SessionSource } from './follow-lead.js';

export interface ApprovalsState {
  /** A lead (a tier that approves) is signed in: the inbox exists. */
  enabled: boolean;
  loading: boolean;
  loaded: boolean;
  approvals: Approval[];
  problem: ErrorCode | null;
  /** The approval a decision is being sent for. */
  deciding: string | null;
  decideProblem: { approvalId: string; code: ErrorCode } | null;
}

export type ApprovalsAction =
  | { type: 'enabled'; enabled: boolean }
  | { type: 'loading' }
  | { type: 'loaded'; approvals: Approval[] }
  | { type: 'load-failed'; code: ErrorCode }
  | { type: 'deciding'; approvalId: string }
  | { type: 'decided'; approvalId: string }
  | { type: 'decide-failed'; approvalId: string; code: ErrorCode };

export const initialApprovals: ApprovalsState = {
  enabled: false,
  loading: false,
  loaded: false,
  approvals: [],
  problem: null,
  deciding: null,
  decideProblem: null,
};

export function approvalsReducer(state: ApprovalsState, action: ApprovalsAction): ApprovalsState {
  switch (action.type) {
    case 'enabled':
      if (state.enabled === action.enabled) return state;
      return { ...initialApprovals, enabled: action.enabled };
    case 'loading':
      return state.loading ? state : { ...state, loading: true };
    case 'loaded':
      return {
        ...state,
        loading: false,
        loaded: true,
        problem: null,
        approvals: action.approvals.filter((a) => a.status === 'pending'),
      };
    case 'load-failed':
      return { ...state, loading: false, loaded: true, problem: action.code };
    case 'deciding':
      return { ...state, deciding: action.approvalId, decideProblem: null };
    case 'decided':
      return {
        ...state,
        deciding: null,
        approvals: state.approvals.filter((a) => a.id !== action.approvalId),
      };
    case 'decide-failed':
      return {
        ...state,
        deciding: null,
        decideProblem: { approvalId: action.approvalId, code: action.code },
      };
  }
}

export interface ApprovalsController {
  readonly store: Store<ApprovalsState, ApprovalsAction>;
  start(): () => void;
  refresh(): Promise<void>;
  /** Art. 10: the lead's decision always carries a reason. */
  decide(approvalId: string, approve: boolean, reason: string): Promise<boolean>;
}

export function createApprovalsController(options: {
  api: AgentDeskApi;
  session: SessionSource;
}): ApprovalsController {
  const { api } = options;
  const store = createStore(approvalsReducer, initialApprovals);
  let generation = 0;

  const refresh = async () => {
    if (!store.getState().enabled) return;
    const gen = ++generation;
    store.dispatch({ type: 'loading' });
    const result = await api.invoke('approvals:list', {});
    if (gen !== generation || !store.getState().enabled) return;
    store.dispatch(
      result.ok
        ? { type: 'loaded', approvals: result.value.approvals }
        : { type: 'load-failed', code: result.error.code },
    );
  };

  return {
    store,
    start() {
      const offChanged = api.on('approvals:changed', () => void refresh());
      const offLead = followLead({
        api,
        session: options.session,
        onLead(lead) {
          const enabled = lead !== null;
          const was = store.getState().enabled;
          store.dispatch({ type: 'enabled', enabled });
          if (enabled && !was) void refresh();
          if (!enabled) generation += 1;
        },
      });
      return () => {
        offLead();
        offChanged();
      };
    },
    refresh,
    async decide(approvalId, approve, reason) {
      const trimmed = reason.trim();
      const state = store.getState();
      if (!state.enabled || trimmed === '' || state.deciding !== null) return false;
      store.dispatch({ type: 'deciding', approvalId });
      const result = await api.invoke('approvals:decide', {
        approvalId,
        approve,
        reason: trimmed.slice(0, 500),
      });
      if (!result.ok) {
        store.dispatch({ type: 'decide-failed', approvalId, code: result.error.code });
        return false;
      }
      store.dispatch({ type: 'decided', approvalId });
      void refresh();
      return true;
    },
  };
}
