// The softphone's side of main: the configuration the renderer's engine runs with,
// assembled from settings, the managed policy and the web host's flags; the engine's reports,
// journaled and kept as call history; the agent's device and shortcut choices; and the little the
// shell needs to know (is a call connected, what is the agent's state) for the power-save blocker
// and the tray. Plain Node: the Electron shell and the web host both use it through app-core.
import type {
  AudioDevices,
  CallHistory,
  PhonePolicyKey,
  PhonePreferences,
} from '../../common/contract.js';
import { PHONE_POLICY_KEYS } from '../../common/contract.js';
import { maskNumber } from '../../common/dial.js';
import type { AgentProfile } from '../../common/domain.js';
import {
  DEFAULT_SHORTCUTS,
  PhoneConfig,
  type AgentStateName,
  type PhoneEvent,
  type Shortcuts,
  type SipAccount,
} from '../../common/phone.js';
import { AppError } from '../../common/result.js';
import { normalizeShortcuts, shortcutSetProblems } from '../../common/shortcuts.js';
import type { CallHistoryStore } from './call-history.js';
import type { EventBus } from './event-bus.js';
import type { Journal, JournalEntry } from './journal/index.js';
import type { Logger } from './logger.js';
import type { Settings } from './settings.js';

/** What the Electron shell shows and holds: the tray's presence and the power-save blocker. */
export interface ShellPhoneState {
  callActive: boolean;
  /** The agent's state as last reported; null before the phone reports one or after sign-out. */
  agentState: AgentStateName | null;
}

export interface PhoneServiceOptions {
  settings: Settings;
  /** An account from the web host's flags or config file: beats settings, loses to the policy. */
  flagAccount?: SipAccount;
  journal: Journal;
  history: CallHistoryStore;
  events: Pick<EventBus, 'emit'>;
  logger: Logger;
  currentAgent: () => AgentProfile | null;
}

export interface PhoneService {
  config(): PhoneConfig;
  preferences(): PhonePreferences;
  acknowledgeMicrophone(): PhonePreferences;
  /** `training`: a training-line call: journaled (marked by the core), kept out of history. */
  report(event: PhoneEvent, training?: boolean): Promise<void>;
  history(): CallHistory;
  setDevices(patch: Partial<AudioDevices>): AudioDevices;
  setShortcuts(shortcuts: Shortcuts): Shortcuts;
  setCallActive(active: boolean): void;
  /** Origins the page must be allowed to connect to (the SIP WebSocket), for the CSP. */
  connectSources(): string[];
  /** Click-to-dial from the shell (a link already parsed to a target). */
  dial(target: string): void;
  /** The OS woke up: tell the page to re-register now. */
  resume(): void;
  shellState(): ShellPhoneState;
  /** Called whenever shellState changes; returns the unsubscribe function. */
  onShellState(listener: (state: ShellPhoneState) => void): () => void;
  /** The agent signed out: no call, no state, as far as the shell is concerned. */
  signedOut(): void;
}

/**
 * A PhoneEvent as journal data: no secrets (there are none in a PhoneEvent by construction: DTMF
 * digits are never reported), numbers masked and names left out (Art. 11: personal data masked in
 * logs), so the journal says what happened on which call, not who the caller was.
 */
export function phoneJournalData(event: PhoneEvent, agent: string | null): JournalEntry['data'] {
  // A training-line call's entries are marked: archived as training, never taken as live work.
  const base: { agent: string | null; training?: boolean } =
    'training' in event && event.training ? { agent, training: true } : { agent };
  switch (event.type) {
    case 'registration':
      return { ...base, status: event.status, reason: event.reason?.slice(0, 200) ?? null };
    case 'call-started':
      return {
        ...base,
        callId: event.callId,
        direction: event.direction,
        number: maskNumber(event.number),
        named: event.name !== null,
        callerIdSource: event.callerIdSource,
      };
    case 'call-answered':
    case 'call-media-restored':
      return { ...base, callId: event.callId };
    case 'call-held':
      return { ...base, callId: event.callId, held: event.held };
    case 'call-transferred':
      return { ...base, callId: event.callId, kind: event.kind, target: maskNumber(event.target) };
    case 'call-ended': {
      const { record } = event;
      return {
        ...base,
        callId: record.id,
        direction: record.direction,
        number: maskNumber(record.number),
        startedAt: record.startedAt,
        durationSeconds: record.durationSeconds,
        outcome: record.outcome,
        qualitySamples: record.quality?.samples ?? null,
        qualityWarnings: record.quality?.warnings ?? null,
        mosMin: record.quality?.mosMin ?? null,
      };
    }
    case 'call-declined-not-ready':
      return { ...base, number: maskNumber(event.number) };
    case 'quality-warning':
      return { ...base, callId: event.callId, reasons: event.reasons.join(',') };
    case 'agent-state':
      return { ...base, state: event.state, reason: event.reason };
    case 'device-fallback':
      return { ...base, kind: event.kind };
  }
}

/** The host of the SIP WebSocket URL (`wss://sip.bank.example:7443/ws` → `sip.bank.example`). */
export function wsHost(wsUrl: string): string | null {
  try {
    return new URL(wsUrl).hostname || null;
  } catch {
    return null;
  }
}

function wsOrigin(wsUrl: string): string | null {
  try {
    const url = new URL(wsUrl);
    return url.protocol === 'ws:' || url.protocol === 'wss:'
      ? `${url.protocol}//${url.host}`
      : null;
  } catch {
    return null;
  }
}

export function createPhoneService(options: PhoneServiceOptions): PhoneService {
  const { settings, journal, history, events, logger } = options;
  let shell: ShellPhoneState = { callActive: false, agentState: null };
  const listeners = new Set<(state: ShellPhoneState) => void>();
  const setShell = (next: ShellPhoneState) => {
    if (next.callActive === shell.callActive && next.agentState === shell.agentState) return;
    shell = next;
    for (const listener of [...listeners]) listener(shell);
  };

  const requireAgent = (): AgentProfile => {
    const agent = options.currentAgent();
    if (!agent) throw new AppError('unauthorized', 'sign in first');
    return agent;
  };

  const locked = (): PhonePolicyKey[] => {
    const keys = settings.lockedByPolicy();
    return PHONE_POLICY_KEYS.filter((key) => keys.includes(key));
  };

  // Policy beats the web host's flags beats the settings file (IT decides, Art. 10). An account
  // without its password (not sealed yet, or the sealed file won't open) cannot register.
  const complete = (stored = settings.get('sipAccount')): SipAccount | null =>
    stored?.password ? { ...stored, password: stored.password } : null;
  const account = (): SipAccount | null => {
    if (locked().includes('sipAccount')) return complete();
    return options.flagAccount ?? complete();
  };

  const config = (): PhoneConfig => {
    const sip = account();
    const host = sip ? wsHost(sip.wsUrl) : null;
    return PhoneConfig.parse({
      account: sip,
      iceServers: settings.get('iceServers'),
      trustedProxies: settings.get('trustedProxies') ?? (host ? [host] : []),
      dtmfMode: settings.get('dtmfMode'),
      keepAliveSeconds: settings.get('keepAliveSeconds'),
      wrapUpSeconds: settings.get('wrapUpSeconds'),
      shortcuts: settings.get('shortcuts'),
      devices: settings.get('audioDevices'),
    });
  };

  const preferences = (): PhonePreferences => ({
    microphoneExplained: settings.get('microphoneExplained'),
    locked: locked(),
    defaultShortcuts: { ...DEFAULT_SHORTCUTS },
  });

  return {
    config() {
      requireAgent();
      return config();
    },
    preferences() {
      requireAgent();
      return preferences();
    },
    acknowledgeMicrophone() {
      const agent = requireAgent();
      if (!settings.get('microphoneExplained')) {
        settings.set('microphoneExplained', true);
        void journal
          .append('phone.microphone-explained', { agent: agent.username })
          .catch((error: Error) => logger.warn({ err: error.message }, 'journal append failed'));
      }
      return preferences();
    },
    async report(event, training = false) {
      // Accepted signed out too: a call can end as the agent signs out, and the journal must
      // still say so. Only history needs an agent to file the call under.
      const agent = options.currentAgent()?.username ?? null;
      await journal.append(`phone.${event.type}`, phoneJournalData(event, agent));
      if (event.type === 'agent-state') setShell({ ...shell, agentState: event.state });
      if (event.type === 'call-ended' && !training) {
        if (agent) await history.append(agent, event.record);
        else
          logger.warn(
            { callId: event.record.id },
            'call ended with nobody signed in; journaled, not added to call history',
          );
      }
    },
    history() {
      return { calls: history.list(requireAgent().username) };
    },
    setDevices(patch) {
      requireAgent();
      const next = {
        ...settings.get('audioDevices'),
        ...Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)),
      };
      settings.set('audioDevices', next);
      events.emit('phone:config-changed', {});
      return settings.get('audioDevices');
    },
    setShortcuts(shortcuts) {
      requireAgent();
      const problems = Object.entries(shortcutSetProblems(shortcuts));
      if (problems.length > 0) {
        throw new AppError(
          'bad-request',
          `shortcuts: ${problems.map(([action, problem]) => `${action} ${problem}`).join(', ')}`,
        );
      }
      settings.set('shortcuts', normalizeShortcuts(shortcuts));
      events.emit('phone:config-changed', {});
      return settings.get('shortcuts');
    },
    setCallActive(active) {
      setShell({ ...shell, callActive: active });
    },
    connectSources() {
      const sip = account();
      const origin = sip ? wsOrigin(sip.wsUrl) : null;
      return origin ? [origin] : [];
    },
    dial(target) {
      events.emit('phone:dial', { target });
    },
    resume() {
      events.emit('phone:resume', {});
    },
    shellState: () => shell,
    onShellState(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    signedOut() {
      setShell({ callActive: false, agentState: null });
    },
  };
}
