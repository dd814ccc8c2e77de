// The training line in main (Art. 9): the `training:*` channels (catalog, a training session's
// passcode for the simulated customer, results scored and kept by the records service, an agent's
// standing), the managed policy's `requireTrainingCourse` (no live line until it is passed), and
// the journal's marks: every entry about a training call says `training: true`, so the archive
// keeps it apart and never counts it or acts on it as live work (Art. 11).
import type { EntryData } from '../../common/journal-chain.js';
import type { PhoneEvent } from '../../common/phone.js';
import { AppError } from '../../common/result.js';
import {
  TrainingCatalog,
  TrainingPasscode,
  TrainingResult,
  TrainingResultList,
  TrainingStatus,
  type TrainingResultRequest,
} from '../../common/training-api.js';
import type { AgentSession } from './auth.js';
import type { Handlers } from './dispatcher.js';
import type { Journal } from './journal/index.js';
import type { Logger } from './logger.js';
import type { RecordsHttp } from './records-http.js';

type Channels =
  | 'training:catalog'
  | 'training:passcode'
  | 'training:result'
  | 'training:results'
  | 'training:status';

/** The records client's lines for the training routes (spread into createRecordsClient). */
export interface TrainingRecords {
  trainingCatalog(token: string): Promise<TrainingCatalog>;
  trainingPasscode(token: string, sessionId: string): Promise<TrainingPasscode>;
  postTrainingResult(token: string, request: TrainingResultRequest): Promise<TrainingResult>;
  trainingResults(
    token: string,
    query?: { username?: string; team?: string },
  ): Promise<TrainingResultList>;
  trainingStatus(token: string, username?: string): Promise<TrainingStatus>;
}

const who = (username?: string) =>
  username === undefined ? '' : `?username=${encodeURIComponent(username)}`;

export function trainingRecords(call: RecordsHttp['request']): TrainingRecords {
  return {
    trainingCatalog: (token) => call('GET', '/api/v1/training/catalog', TrainingCatalog, { token }),
    trainingPasscode: (token, id) =>
      call(
        'GET',
        `/api/v1/training/sessions/${encodeURIComponent(id)}/passcode`,
        TrainingPasscode,
        { token },
      ),
    postTrainingResult: (token, request) =>
      call('POST', '/api/v1/training/results', TrainingResult, { token, body: request }),
    trainingResults: (token, query = {}) => {
      const search = new URLSearchParams(
        Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined),
      ).toString();
      return call(
        'GET',
        `/api/v1/training/results${search ? `?${search}` : ''}`,
        TrainingResultList,
        { token },
      );
    },
    trainingStatus: (token, username) =>
      call('GET', `/api/v1/training/status${who(username)}`, TrainingStatus, { token }),
  };
}

// ---- the journal's marks -----------------------------------------------------------------------

/** Whether a phone report is about the training line (the engine marks it so). */
export const isTrainingEvent = (event: PhoneEvent): boolean =>
  (event as { training?: unknown }).training === true;

/** The call a phone report is about, if any. */
function callIdOf(event: PhoneEvent): string | null {
  if (event.type === 'call-ended') return event.record.id;
  return 'callId' in event ? event.callId : null;
}

export interface TrainingMarks {
  /** A phone report: a training call's id is remembered before its entry is journaled. */
  phoneEvent(event: PhoneEvent): void;
  isTrainingCall(callId: string | null | undefined): boolean;
  clear(): void;
}

/** Training calls since the desk started (bounded: the oldest go first). */
export function createTrainingMarks(max = 500): TrainingMarks {
  const calls = new Set<string>();
  return {
    phoneEvent(event) {
      const callId = callIdOf(event);
      if (!callId || !isTrainingEvent(event)) return;
      calls.add(callId);
      if (calls.size > max) calls.delete(calls.values().next().value!);
    },
    isTrainingCall: (callId) => typeof callId === 'string' && calls.has(callId),
    clear: () => calls.clear(),
  };
}

/**
 * The journal every part of the core writes through: an entry about a training call (its `callId`
 * in the data or the append's meta) gets `training: true` in its data. Everything else is as is.
 */
export function markingJournal<J extends Pick<Journal, 'append'>>(
  journal: J,
  marks: Pick<TrainingMarks, 'isTrainingCall'>,
): J {
  const marked: Journal['append'] = (type, data, meta) => {
    const callId = typeof data.callId === 'string' ? data.callId : meta?.callId;
    const training = data.training === true || marks.isTrainingCall(callId);
    const withMark: EntryData = training ? { ...data, training: true } : data;
    return journal.append(type, withMark, meta);
  };
  return new Proxy(journal, {
    get: (target, key, receiver) =>
      key === 'append' ? marked : (Reflect.get(target, key, receiver) as unknown),
  });
}

// ---- the channels ------------------------------------------------------------------------------

export interface TrainingServiceOptions {
  records: TrainingRecords;
  journal: Pick<Journal, 'append'>;
  logger: Logger;
  session: () => AgentSession | null;
  /** The managed policy's `requireTrainingCourse`, if IT set one. */
  requiredCourse: () => string | null;
  /** The agent's standing changed (a result kept): the phone may start its live line now. */
  onStanding?: () => void;
  /**
   * Calls back each time the records service answers again after an outage (connectivity):
   * a standing left unknown by the outage is asked for again then. Returns the unsubscribe.
   */
  onRecordsUp?: (listener: () => void) => () => void;
}

export interface TrainingService {
  handlers: Pick<Handlers, Channels>;
  /**
   * The policy's course is passed (or none is required). Asks the records service once per agent
   * and answers from memory after; unknown (service down) counts as not passed: the live line
   * waits, the training line still works, and the standing is asked again once the service
   * answers (then `onStanding`). `unknown`: the standing could not be read yet.
   */
  clearedForLive(): Promise<{ cleared: boolean; course: string | null; unknown?: true }>;
  signedOut(): void;
  /** Stops following connectivity. */
  stop(): void;
}

export function createTrainingService(options: TrainingServiceOptions): TrainingService {
  const { records, journal, logger } = options;
  let known: { username: string; status: TrainingStatus } | null = null;
  /** The standing could not be read (records service down): asked again when it answers. */
  let unknown = false;

  const signedIn = () => {
    const current = options.session();
    if (!current) throw new AppError('unauthorized', 'sign in first');
    return current;
  };

  /** The service's standing, with the policy's course laid over it (IT may ask for more). */
  const withPolicy = (status: TrainingStatus): TrainingStatus => {
    const course = options.requiredCourse();
    if (!course) return status;
    const passed = status.courses.some((c) => c.courseId === course && c.passed);
    return { ...status, requiredCourse: course, clearedForLive: status.clearedForLive && passed };
  };

  const ownStatus = async (): Promise<TrainingStatus> => {
    const { token, agent } = signedIn();
    let status: TrainingStatus;
    try {
      status = withPolicy(await records.trainingStatus(token));
    } catch (error) {
      unknown = true;
      throw error;
    }
    known = { username: agent.username, status };
    unknown = false;
    return status;
  };

  /** After an outage: the standing the outage hid is read now, and the phone told (Art. 9). */
  let asking = false;
  const askAgain = async () => {
    if (!unknown || asking || !options.session()) return;
    asking = true;
    try {
      await ownStatus();
      options.onStanding?.();
    } catch (error) {
      logger.warn({ err: (error as Error).message }, 'training standing still unknown');
    } finally {
      asking = false;
    }
  };
  const offRecordsUp = options.onRecordsUp?.(() => void askAgain()) ?? (() => {});

  return {
    handlers: {
      'training:catalog': () => records.trainingCatalog(signedIn().token),
      'training:passcode': ({ sessionId }) => records.trainingPasscode(signedIn().token, sessionId),
      'training:result': async (request) => {
        const { token, agent } = signedIn();
        const result = await records.postTrainingResult(token, request);
        await journal.append('training.result', {
          agent: agent.username,
          training: true,
          resultId: result.id,
          scenarioId: result.scenarioId,
          courseId: result.courseId,
          sessionId: request.sessionId,
          score: result.score,
          passed: result.passed,
          misses: result.misses.map((m) => `${m.rule}:Art.${m.article}`).join(','),
          secondsToVerify: result.secondsToVerify,
        });
        const before = unknown ? null : (known?.status.clearedForLive ?? null);
        try {
          const after = await ownStatus();
          if (after.clearedForLive !== before) options.onStanding?.();
        } catch (error) {
          logger.warn({ err: (error as Error).message }, 'training status not re-read');
        }
        return result;
      },
      'training:results': (query) => records.trainingResults(signedIn().token, query),
      'training:status': ({ username }) => {
        const { token, agent } = signedIn();
        if (username === undefined || username === agent.username) return ownStatus();
        return records.trainingStatus(token, username).then(withPolicy);
      },
    },
    async clearedForLive() {
      const course = options.requiredCourse();
      if (!course) return { cleared: true, course: null };
      const current = options.session();
      if (!current) return { cleared: false, course };
      if (known?.username === current.agent.username)
        return { cleared: known.status.clearedForLive, course };
      try {
        return { cleared: (await ownStatus()).clearedForLive, course };
      } catch (error) {
        logger.warn(
          { err: (error as Error).message },
          'training standing unknown: the live line waits until the records service answers',
        );
        return { cleared: false, course, unknown: true };
      }
    },
    signedOut() {
      known = null;
      unknown = false;
    },
    stop: offRecordsUp,
  };
}
