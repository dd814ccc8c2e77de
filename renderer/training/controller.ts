// The training line on the desk (Art. 9): starts a scenario's simulated call on the phone, turns
// what the agent does (the lines they pick, the verification panel's steps) into the trace, lets
// the scenario's runner answer with the customer's actions — speak a recorded prompt (captioned),
// key digits, wait, hang up — and, once the call ends, has the records service score the trace.
// The customer's password and passcode live for one key press in this closure: never in a store.
import type { AgentDeskApi } from '../../common/contract.js';
import type { AgentLine, CustomerAction, Scenario, TrainingEvent } from '../../common/training.js';
import { createCustomerActions } from './customer-actions.js';
import type { TrainingCustomer } from '../../common/training-api.js';
import type { Phone } from '../phone/types.js';
import type { SessionState } from '../state/session.js';
import { createStore, type Store } from '../state/store.js';
import type { VerificationState } from '../verification/state.js';
import {
  initialTraining,
  trainingReducer,
  type TrainingAction,
  type TrainingState,
} from './state.js';
import { traceBetween } from './trace.js';
import type { CustomerLeg, EndedBy } from './types.js';

export interface TrainingControllerOptions {
  api: AgentDeskApi;
  /** The running engine (desk.phone); it carries the training line too. */
  phone: Pick<Store<Phone | null, never>, 'getState' | 'subscribe'>;
  verification: Pick<Store<VerificationState, unknown>, 'getState' | 'subscribe'>;
  session: Pick<Store<SessionState, unknown>, 'getState' | 'subscribe'>;
  /** common/training-runner.ts createRunner. */
  createRunner(scenario: Scenario): { handle(event: TrainingEvent): CustomerAction[] };
  /** common/training-prompts.ts captionOf: masked words for a prompt. */
  captionOf(prompt: string, customer: TrainingCustomer, lang: 'zh-CN' | 'en'): string | null;
  /** common/training-prompts.ts detailsStated: the mobile and ID a prompt states, if any. */
  detailsStated?(
    prompt: string,
    customer: TrainingCustomer,
  ): { mobile: string; nationalId: string } | null;
  /** The panel's basic check (verification controller's submitBasic), for details as heard. */
  submitBasic?(mobile: string, nationalId: string): boolean;
  /** The agent's language: the customer speaks it. */
  language(): 'zh-CN' | 'en';
  /** The Art. 12 drill (drill.ts): on from the scenario's `outageAfter` until the call ends. */
  drill?: { dispatch(on: boolean): void };
  /** Where the prompts are served (default `./training-audio`). */
  audioBase?: string;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface TrainingController {
  readonly store: Store<TrainingState, TrainingAction>;
  /** Follows the session (the catalog and standing once signed in); returns the stop. Once. */
  start(): () => void;
  setChoosing(open: boolean): void;
  /** Starts the scenario's call: it rings on the phone like any other. */
  startScenario(scenarioId: string, courseId?: string | null): Promise<void>;
  /** The agent speaks one of the banner's lines. */
  say(line: AgentLine): void;
  /**
   * Enters the details the customer stated into the panel's basic check, as the agent heard
   * them (an agent without speakers reads only the masked caption). Never shown in full.
   */
  enterStated(): void;
  /** Ends the training call from the banner. */
  hangup(): void;
  closeReport(): void;
  dismissPause(): void;
  dismissProblem(): void;
  refreshStatus(): Promise<void>;
  /** Takes the scenario a live call interrupted again, from the start (no live call up). */
  restartPaused(): Promise<void>;
}

/** The training call under way: its runner, the trace so far, the customer, the leg. */
export interface Run {
  scenario: Scenario;
  customer: TrainingCustomer;
  /** Every training customer: a caller may speak as another (`say.as`, the Art. 18 drill). */
  customers: readonly TrainingCustomer[];
  runner: { handle(event: TrainingEvent): CustomerAction[] };
  leg: CustomerLeg | null;
  events: TrainingEvent[];
  answeredAt: number | null;
  queue: Promise<void>;
  over: boolean;
  /** What the customer stated last for the basic check (Art. 5): here only, never in a store. */
  stated: { mobile: string; nationalId: string } | null;
}

export function createTrainingController(options: TrainingControllerOptions): TrainingController {
  const { api } = options;
  const store = createStore(trainingReducer, initialTraining);
  const dispatch = (action: TrainingAction) => store.dispatch(action);
  const now = options.now ?? (() => Date.now());
  const sleep = options.sleep ?? ((ms) => new Promise<void>((r) => setTimeout(r, ms)));
  const audioBase = options.audioBase ?? './training-audio';

  /** The call under way. */
  let run: Run | null = null;

  const at = () => (run?.answeredAt === null || !run ? 0 : now() - run.answeredAt);

  const catalog = createCatalog(api, dispatch);
  const { load: loadCatalog, refreshStatus } = catalog;

  const perform = createCustomerActions({
    api,
    options,
    current: () => run,
    dispatch,
    sleep,
    audioBase,
  });

  /** One event into the trace and the runner; the customer's answer queues behind the last. */
  const happened = (event: TrainingEvent) => {
    const current = run;
    if (!current || current.over) return;
    current.events.push(event);
    if (outageStarts(current.scenario, event)) options.drill?.dispatch(true);
    const actions = current.runner.handle(event);
    for (const action of actions) current.queue = current.queue.then(() => perform(action));
  };

  const score = async (current: Run) => {
    await scoreRun(options, store, current);
    void refreshStatus();
  };

  const ended = (by: EndedBy) => {
    const current = run;
    if (!current || current.over) return;
    current.events.push({ kind: 'ended', by, at: at() });
    current.runner.handle({ kind: 'ended', by, at: at() });
    current.over = true;
    options.drill?.dispatch(false);
    dispatch({ type: 'ended', by });
    run = null;
    // A live call took the line: nothing to score; training waits for the agent (Art. 9).
    if (by === 'live-call' || current.answeredAt === null) return;
    void score(current);
  };

  /** The phone's training call: ringing, answered, gone. */
  const followPhone = () => {
    const current = run;
    const call = options.phone.getState()?.store.getState().call ?? null;
    if (!current || !call || call.line !== 'training') return;
    const shown = store.getState().call;
    if (shown && shown.callId === null) dispatch({ type: 'ringing', callId: call.id });
    if (call.answeredAt !== null && current.answeredAt === null) {
      current.answeredAt = now();
      dispatch({ type: 'answered' });
      happened({ kind: 'answered', at: 0 });
    }
  };

  let panelBefore = options.verification.getState();
  const followPanel = () => {
    const after = options.verification.getState();
    const before = panelBefore;
    panelBefore = after;
    const callId = store.getState().call?.callId;
    if (!run || !callId || after.call?.id !== callId) return;
    for (const event of traceBetween(before, after, at())) happened(event);
  };

  return {
    store,
    start: () =>
      followStores(options, {
        signedIn() {
          void loadCatalog();
          void refreshStatus();
        },
        signedOut() {
          run = null;
          catalog.clear();
          dispatch({ type: 'signed-out' });
        },
        phone: followPhone,
        panel: followPanel,
        standing: () => void refreshStatus(),
      }),
    setChoosing(open) {
      dispatch({ type: 'choosing', open });
      if (open && !store.getState().catalog) void loadCatalog();
    },
    async startScenario(scenarioId, courseId = null) {
      if (run) return;
      const shown = store.getState().catalog ?? (await loadCatalog());
      const scenario = shown?.scenarios.find((s) => s.id === scenarioId);
      const current = newRun(options, scenario, catalog.customers());
      const phone = options.phone.getState();
      if (!current || !phone) {
        dispatch({ type: 'failed', action: 'start', code: phone ? 'not-found' : 'unavailable' });
        return;
      }
      dispatch({ type: 'starting', scenarioId, courseId });
      run = current;
      if (!(await ring(phone, current))) {
        run = null;
        dispatch({ type: 'failed', action: 'start', code: 'unavailable' });
        return;
      }
      current.leg!.onEnded((by) => ended(by));
      followPhone();
    },
    async restartPaused() {
      const paused = store.getState().paused;
      if (!paused || run || options.phone.getState()?.store.getState().call) return;
      await this.startScenario(paused.scenarioId, paused.courseId);
    },
    say(line) {
      if (!run || run.answeredAt === null) return;
      dispatch({ type: 'said', line });
      happened({ kind: 'said', line, at: at() });
    },
    enterStated() {
      const stated = run?.stated;
      if (!run || !stated || !options.submitBasic) return;
      if (options.submitBasic(stated.mobile, stated.nationalId)) {
        run.stated = null;
        dispatch({ type: 'stated', stated: false });
      }
    },
    hangup() {
      void run?.leg?.hangup();
    },
    closeReport: () => dispatch({ type: 'report-closed' }),
    dismissPause: () => dispatch({ type: 'pause-dismissed' }),
    dismissProblem: () => dispatch({ type: 'problem-dismissed' }),
    refreshStatus,
  };
}

export { wrongOf } from './customer-actions.js';

/** A scenario's run, before it rings; null when the scenario or its customer is unknown. */
function newRun(
  options: Pick<TrainingControllerOptions, 'createRunner'>,
  scenario: Scenario | undefined,
  customers: readonly TrainingCustomer[],
): Run | null {
  const customer = customers.find((c) => c.key === scenario?.customer);
  if (!scenario || !customer) return null;
  return {
    scenario,
    customer,
    customers,
    runner: options.createRunner(scenario),
    leg: null,
    events: [],
    answeredAt: null,
    queue: Promise.resolve(),
    over: false,
    stated: null,
  };
}

/** The simulated customer calls the desk on the training line; false when it could not. */
async function ring(phone: Phone, current: Run): Promise<boolean> {
  try {
    current.leg = await phone.startTraining({
      callerNumber: current.scenario.callerNumber,
      callerIdSource: current.scenario.callerIdSource,
      displayName: current.customer.name,
    });
    return true;
  } catch {
    return false;
  }
}

/** Once the call ended: the records service scores the trace (Art. 9) and keeps the result. */
async function scoreRun(
  options: Pick<TrainingControllerOptions, 'api' | 'verification'>,
  store: Store<TrainingState, TrainingAction>,
  current: Run,
): Promise<void> {
  const result = await options.api.invoke('training:result', {
    scenarioId: current.scenario.id,
    courseId: store.getState().call?.courseId ?? null,
    sessionId: options.verification.getState().session?.id ?? null,
    events: current.events.slice(0, 500),
  });
  if (!result.ok) store.dispatch({ type: 'failed', action: 'score', code: result.error.code });
  else store.dispatch({ type: 'scored', result: result.value });
}

/** The Art. 12 drill starts: the scenario's `outageAfter` point has come. */
function outageStarts(scenario: Scenario, event: TrainingEvent): boolean {
  const after = scenario.outageAfter;
  if (after === 'answer') return event.kind === 'answered';
  return (
    after === 'basic' &&
    event.kind === 'check' &&
    event.step === 'basic' &&
    event.result === 'passed'
  );
}

/**
 * The catalog (the training customers' secrets for the keypad stay here, never in the store) and
 * the agent's standing — unknown while the records service can't be reached (asked again later).
 */
function createCatalog(api: AgentDeskApi, dispatch: (action: TrainingAction) => void) {
  let customers: readonly TrainingCustomer[] = [];
  return {
    customers: () => customers,
    clear: () => void (customers = []),
    async load() {
      const result = await api.invoke('training:catalog', {});
      if (!result.ok) {
        dispatch({ type: 'failed', action: 'catalog', code: result.error.code });
        return null;
      }
      customers = result.value.customers;
      const { scenarios, courses } = result.value;
      dispatch({ type: 'catalog', catalog: { scenarios, courses } });
      return result.value;
    },
    async refreshStatus() {
      const result = await api.invoke('training:status', {});
      dispatch(result.ok ? { type: 'status', status: result.value } : { type: 'status-unknown' });
    },
  };
}

/**
 * Follows sign-in, the engine's call and the panel, and main's word that the standing changed
 * (a result kept, the records service back after an outage); returns the stop.
 */
function followStores(
  options: Pick<TrainingControllerOptions, 'api' | 'session' | 'phone' | 'verification'>,
  on: {
    signedIn(): void;
    signedOut(): void;
    phone(): void;
    panel(): void;
    standing(): void;
  },
): () => void {
  let signedIn = false;
  const followSession = () => {
    const now = options.session.getState().status === 'signed-in';
    if (now === signedIn) return;
    signedIn = now;
    if (now) on.signedIn();
    else on.signedOut();
  };
  let offCall: (() => void) | null = null;
  const followEngine = () => {
    offCall?.();
    const phone = options.phone.getState();
    offCall = phone ? phone.store.subscribe(on.phone) : null;
  };
  const offs = [
    options.session.subscribe(followSession),
    options.phone.subscribe(followEngine),
    options.verification.subscribe(on.panel),
    options.api.on('phone:config-changed', () => {
      if (signedIn) on.standing();
    }),
  ];
  followSession();
  followEngine();
  return () => {
    for (const off of offs) off();
    offCall?.();
  };
}
