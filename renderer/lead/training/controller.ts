// The training room's controller (Art. 9): while a lead is signed in, the team's training results
// (the records service scores and keeps them) and each agent's standing in the courses; read again
// on `resync` and on the lead's refresh. The service decides who may see whose results.
import type { AgentDeskApi } from '../../../common/contract.js';
import type { ErrorCode } from '../../../common/result.js';
import type { Course } from '../../../common/training.js';
import type { TrainingResult, TrainingStatus } from '../../../common/training-api.js';
import { createStore, type Store } from '../../state/store.js';
import { followLead, type SessionSource } from '../follow-lead.js';

export interface LeadTrainingState {
  enabled: boolean;
  loading: boolean;
  results: TrainingResult[];
  /** Per agent (username) who has results: their standing per course. */
  standings: Record<string, TrainingStatus>;
  courses: Course[];
  /** Scenario id → title in both languages. */
  titles: Record<string, { 'zh-CN': string; en: string }>;
  problem: ErrorCode | null;
}

export const initialLeadTraining: LeadTrainingState = {
  enabled: false,
  loading: false,
  results: [],
  standings: {},
  courses: [],
  titles: {},
  problem: null,
};

type Event =
  | { type: 'enabled'; enabled: boolean }
  | { type: 'loading' }
  | {
      type: 'loaded';
      results: TrainingResult[];
      standings: Record<string, TrainingStatus>;
      courses: Course[];
      titles: LeadTrainingState['titles'];
    }
  | { type: 'failed'; code: ErrorCode };

function reducer(state: LeadTrainingState, event: Event): LeadTrainingState {
  switch (event.type) {
    case 'enabled':
      return event.enabled ? { ...state, enabled: true } : initialLeadTraining;
    case 'loading':
      return { ...state, loading: true };
    case 'loaded':
      return { ...state, ...event, loading: false, problem: null };
    case 'failed':
      return { ...state, loading: false, problem: event.code };
  }
}

export interface LeadTrainingController {
  readonly store: Store<LeadTrainingState, Event>;
  start(): () => void;
  refresh(): Promise<void>;
}

export function createLeadTrainingController(options: {
  api: AgentDeskApi;
  session: SessionSource;
}): LeadTrainingController {
  const { api } = options;
  const store = createStore(reducer, initialLeadTraining);
  let generation = 0;

  const refresh = async () => {
    if (!store.getState().enabled) return;
    const gen = ++generation;
    store.dispatch({ type: 'loading' });
    const [results, catalog] = await Promise.all([
      api.invoke('training:results', {}),
      api.invoke('training:catalog', {}),
    ]);
    if (gen !== generation) return;
    if (!results.ok) return store.dispatch({ type: 'failed', code: results.error.code });
    const agents = [...new Set(results.value.results.map((r) => r.username))];
    const statuses = await Promise.all(
      agents.map((username) => api.invoke('training:status', { username })),
    );
    if (gen !== generation) return;
    const standings: Record<string, TrainingStatus> = {};
    for (const status of statuses) if (status.ok) standings[status.value.username] = status.value;
    const titles: LeadTrainingState['titles'] = {};
    for (const s of catalog.ok ? catalog.value.scenarios : []) titles[s.id] = s.title;
    store.dispatch({
      type: 'loaded',
      results: results.value.results,
      standings,
      courses: catalog.ok ? catalog.value.courses : [],
      titles,
    });
  };

  return {
    store,
    start() {
      return followLead({
        api,
        session: options.session,
        onLead(lead) {
          generation += 1;
          store.dispatch({ type: 'enabled', enabled: lead !== null });
          if (lead !== null) void refresh();
        },
        kinds: new Set(['resync']),
        onEvent: () => void refresh(),
      });
    },
    refresh,
  };
}
