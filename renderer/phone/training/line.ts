// The desk's training line: a second sip.js user agent (sip:agent@training.invalid) registered on
// the in-page training exchange, whose INVITEs go to the same call setup as the live line's, and
// the simulated customer that calls it. Nothing of it touches the network or the live account:
// it works with no SIP account configured and with the network unplugged. A live call always
// takes precedence over practice.
import { Registerer, UserAgent, type Invitation } from 'sip.js';
import type { CallContext } from '../call-context.js';
import type { Calls } from '../calls.js';
import { errorText, noop, type EngineContext } from '../engine-context.js';
import { sipLogConnector } from '../sip-log.js';
import { endSession } from '../sip-session.js';
import type { TrainingCustomerLeg, TrainingSetup } from '../types.js';
import { agentSessionFactory } from '../user-agent.js';
import {
  browserCustomerMedia,
  createTrainingCustomer,
  type CustomerMedia,
  type TrainingCustomer,
} from './customer.js';
import { createTrainingExchange, TRAINING_AGENT_URI, type TrainingExchange } from './exchange.js';

const REGISTER_EXPIRES_S = 3600;

export interface TrainingLineDeps {
  calls: Pick<Calls, 'current' | 'end'>;
  /** The agent's audio, as on the live line. */
  microphone(): Promise<MediaStream>;
  /** A training INVITE for the desk: the engine's call setup, marked as the training line. */
  onInvite(invitation: Invitation): void;
  media?: Partial<CustomerMedia>;
}

export interface TrainingLine {
  /**
   * Starts the line if needed and has a simulated customer call the agent; rejects (with the
   * agent's error set: `busy`, `training-failed`) while a call is in progress or if it fails.
   */
  start(setup: TrainingSetup): Promise<TrainingCustomerLeg>;
  /** A live call is arriving: this training call ends now, its customer hears `live-call`. */
  yieldTo(call: CallContext): void;
  /** False (and the agent told) for a training call: nobody to transfer practice to. */
  transferable(): boolean;
  stop(): Promise<void>;
  stopping(): boolean;
}

interface Desk {
  exchange: TrainingExchange;
  ua: UserAgent;
}

function register(ua: UserAgent): Promise<void> {
  const registerer = new Registerer(ua, { expires: REGISTER_EXPIRES_S });
  return new Promise<void>((resolve, reject) => {
    registerer
      .register({
        requestDelegate: {
          onAccept: () => resolve(),
          onReject: (response) =>
            reject(new Error(`training REGISTER refused: ${response.message.statusCode ?? 0}`)),
        },
      })
      .catch(reject);
  });
}

export function createTrainingLine(ctx: EngineContext, deps: TrainingLineDeps): TrainingLine {
  const media: CustomerMedia = { ...browserCustomerMedia(), ...deps.media };
  let desk: Promise<Desk> | null = null;
  let customer: TrainingCustomer | null = null;
  let stopping = false;

  async function startDesk(): Promise<Desk> {
    const exchange = createTrainingExchange({ log: (message) => ctx.log('warn', message) });
    const uri = UserAgent.makeURI(TRAINING_AGENT_URI)!;
    const ua = new UserAgent({
      uri,
      displayName: 'Agent',
      transportConstructor: exchange.Transport,
      logBuiltinEnabled: false,
      logConfiguration: false,
      logLevel: 'warn',
      logConnector: sipLogConnector(ctx.log),
      userAgentString: 'AgentDesk',
      // Host candidates only: both ends are in this page.
      sessionDescriptionHandlerFactory: agentSessionFactory(deps.microphone, []),
      delegate: { onInvite: (invitation) => deps.onInvite(invitation) },
    });
    try {
      await ua.start();
      await register(ua);
    } catch (error) {
      void ua.stop().catch(noop);
      exchange.close();
      throw error;
    }
    return { exchange, ua };
  }

  function ready(): Promise<Desk> {
    if (!desk) {
      const starting = startDesk();
      desk = starting;
      starting.catch(() => {
        if (desk === starting) desk = null;
      });
    }
    return desk;
  }

  async function call(setup: TrainingSetup): Promise<TrainingCustomerLeg> {
    if (stopping) throw new Error('training line stopping');
    if (customer && !customer.ended()) throw new Error('busy');
    const { exchange } = await ready();
    const { callerNumber: number, displayName } = setup;
    exchange.assert(setup.callerIdSource === 'pai' ? { number, displayName } : null);
    const next = createTrainingCustomer({
      exchange,
      setup,
      log: ctx.log,
      timers: ctx.timers,
      media,
    });
    customer = next;
    try {
      await next.call();
    } catch (error) {
      ctx.log('warn', `training call not placed: ${errorText(error)}`);
      await next.stop();
      throw error;
    }
    return next.leg;
  }

  return {
    async start(setup) {
      if (deps.calls.current()) {
        ctx.fail('busy');
        throw new Error('busy');
      }
      try {
        return await call(setup);
      } catch (error) {
        // 'busy': the last training customer is still hanging up.
        ctx.fail(errorText(error) === 'busy' ? 'busy' : 'training-failed');
        throw error;
      }
    },
    yieldTo(training) {
      customer?.endingBy('live-call');
      void endSession(training.session, training).catch(noop);
      deps.calls.end(training);
    },
    transferable() {
      if (deps.calls.current()?.line !== 'training') return true;
      ctx.fail('transfer-failed');
      return false;
    },
    async stop() {
      stopping = true;
      try {
        const last = customer;
        customer = null;
        await last?.stop();
        const running = desk;
        desk = null;
        const started = running ? await running.catch(() => null) : null;
        if (started) {
          await started.ua.stop().catch(noop);
          started.exchange.close();
        }
      } finally {
        stopping = false;
      }
    },
    stopping: () => stopping,
  };
}
