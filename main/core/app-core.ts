// The application core: everything both hosts share, wired from parameters (style.md §4). The
// Electron shell (main/index.ts) and the web host (main/web-host/) each build one of these and
// bind its dispatcher and event bus to their transport; nothing here knows which host it is in
// beyond the `host` label it reports.
import type { AppInfo, Notice } from '../../common/contract.js';
import type { AgentProfile } from '../../common/domain.js';
import type { SipAccount } from '../../common/phone.js';
import { AppError } from '../../common/result.js';
import { createDispatcher, type Dispatcher, type Handlers } from './dispatcher.js';
import { createEventBus, type EventBus } from './event-bus.js';
import type { CallHistoryStore } from './call-history.js';
import type { Journal } from './journal.js';
import type { Logger } from './logger.js';
import { createPhoneService, type PhoneService } from './phone.js';
import type { RecordsClient } from './records-client.js';
import type { Settings } from './settings.js';
import { createVerificationService, type VerificationTiming } from './verification.js';

export interface AppCoreOptions {
  host: AppInfo['host'];
  version: string;
  records: RecordsClient;
  embeddedRecords: boolean;
  settings: Settings;
  journal: Journal;
  logger: Logger;
  /** Recent calls per agent (call-history.json under the data dir). */
  callHistory: CallHistoryStore;
  /** A SIP account from the web host's flags; the managed policy still wins. */
  sipAccount?: SipAccount;
  /** Extra notices from the host (e.g. an unknown key in the managed policy). */
  notices?: Notice[];
  /** Poll intervals of the verification watches (tests shorten them); defaults in verification.ts. */
  verificationTiming?: Partial<VerificationTiming>;
  now?: () => Date;
}

/** What the shells use of the phone: click-to-dial, resume, the CSP, the tray and the power blocker. */
export type PhoneShell = Pick<PhoneService, 'dial' | 'resume' | 'connectSources' | 'shellState' | 'onShellState'>;

export interface AppCore {
  dispatcher: Dispatcher;
  events: EventBus;
  /** The signed-in agent, for the shell's tray and title; null when signed out. */
  currentAgent(): AgentProfile | null;
  phone: PhoneShell;
  /** Signs out on the way down so the token is revoked (best effort) and the journal says so. */
  shutdown(): Promise<void>;
}

export function createAppCore(options: AppCoreOptions): AppCore {
  const { records, settings, journal, logger } = options;
  const events = createEventBus();
  // The token stays here, in main: the renderer only ever sees the profile.
  let session: { token: string; agent: AgentProfile } | null = null;
  const phone = createPhoneService({
    settings,
    flagAccount: options.sipAccount,
    journal,
    history: options.callHistory,
    events,
    logger,
    currentAgent: () => session?.agent ?? null,
  });
  const verification = createVerificationService({
    records,
    journal,
    logger,
    events,
    settings,
    session: () => session,
    now: options.now,
    timing: options.verificationTiming,
  });

  const signOut = async (reason: 'agent' | 'shutdown'): Promise<void> => {
    if (!session) return;
    const { token, agent } = session;
    session = null;
    phone.signedOut();
    verification.signedOut();
    await journal.append('auth.sign-out', { username: agent.username, reason });
    events.emit('agent:changed', { agent: null });
    try {
      await records.signOut(token);
    } catch (error) {
      // Signed out locally regardless; the token expires on the server by itself.
      logger.warn({ err: (error as Error).message }, 'records service did not confirm sign-out');
    }
  };

  const handlers: Handlers = {
    'app:info': () => ({
      version: options.version,
      host: options.host,
      recordsUrl: records.baseUrl,
      embeddedRecords: options.embeddedRecords,
      notices: [...settings.notices, ...options.callHistory.notices, ...(options.notices ?? [])],
    }),
    'auth:current': () => ({ agent: session?.agent ?? null }),
    'auth:sign-in': async ({ username, password }) => {
      if (session) throw new AppError('conflict', `already signed in as ${session.agent.username}; sign out first`);
      try {
        const result = await records.signIn(username, password);
        session = { token: result.token, agent: result.agent };
      } catch (error) {
        if (error instanceof AppError && error.code === 'invalid-credentials') {
          await journal.append('auth.sign-in-refused', { username });
        }
        throw error;
      }
      await journal.append('auth.sign-in', { username: session.agent.username, tier: session.agent.tier });
      events.emit('agent:changed', { agent: session.agent });
      verification.signedIn(session.agent);
      return session.agent;
    },
    'auth:sign-out': async () => {
      await signOut('agent');
      return {};
    },
    'settings:get': () => settings.view(),
    'settings:set': (patch) => {
      const view = settings.setUserSettings(patch);
      events.emit('settings:changed', view);
      return view;
    },
    'phone:config': () => phone.config(),
    'phone:preferences': () => phone.preferences(),
    'phone:microphone-explained': () => phone.acknowledgeMicrophone(),
    'phone:event': async (event) => {
      await phone.report(event);
      return {};
    },
    'phone:history': () => phone.history(),
    'phone:set-devices': (patch) => phone.setDevices(patch),
    'phone:set-shortcuts': (shortcuts) => phone.setShortcuts(shortcuts),
    'phone:call-active': ({ active }) => {
      phone.setCallActive(active);
      return {};
    },
    ...verification.handlers,
  };

  return {
    dispatcher: createDispatcher(handlers, logger),
    events,
    currentAgent: () => session?.agent ?? null,
    phone,
    shutdown: () => signOut('shutdown'),
  };
}
