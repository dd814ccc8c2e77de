// What the desk connects to and with what, checked before anything connects: records and SIP URLs
// encrypted unless loopback or IT allows it (Art. 15, common/transport.ts), the embedded demo
// records service only where demo mode is chosen or the desk runs from a checkout, and the
// settings' SIP account completed with its sealed password (core/sip-password.ts).
import type { Notice } from '../../common/contract.js';
import type { SipAccount } from '../../common/phone.js';
import {
  ALLOW_INSECURE_TRANSPORT_KEY,
  describeTransportProblem,
  transportProblem,
} from '../../common/transport.js';
import type { Logger } from './logger.js';
import type { ManagedPolicy } from './policy.js';
import type { Settings, StoredSettings } from './settings.js';

/** A records URL refused by the transport rule: the host stops and shows the message. */
export class InsecureTransportError extends Error {
  override name = 'InsecureTransportError';
  constructor(
    readonly url: string,
    message: string,
  ) {
    super(message);
  }
}

/** An installed desk with no records service and no demo mode: IT has something to set. */
export class NoRecordsServiceError extends Error {
  override name = 'NoRecordsServiceError';
  constructor() {
    super(
      'no records service configured: set the policy key "recordsUrl" to the bank\'s records ' +
        'service (https://…), or "demoMode": true for a demonstration desk',
    );
  }
}

/** Throws InsecureTransportError for a records URL that would travel in clear. */
export function checkRecordsUrl(url: string, policy: ManagedPolicy): void {
  const problem = transportProblem(url, 'records', policy.allowInsecureTransport === true);
  if (problem) throw new InsecureTransportError(url, describeTransportProblem(problem));
}

export interface DemoChoice {
  /** Electron's `app.isPackaged`: an installed desk. */
  packaged: boolean;
  /** The `--demo` command-line switch. */
  demoSwitch: boolean;
  policy: ManagedPolicy;
}

/**
 * Whether the embedded demo records service may start when no records URL is configured: from a
 * checkout always (the training line relies on it); installed, only when demo mode is chosen.
 */
export function embeddedDemoAllowed(choice: DemoChoice): boolean {
  if (choice.policy.demoMode === false) return false;
  return !choice.packaged || choice.demoSwitch || choice.policy.demoMode === true;
}

export interface SipAccountsOptions {
  settings: Settings;
  policy: ManagedPolicy;
  /** From the web host's flags or config file. */
  flagAccount: SipAccount | undefined;
  /** The account's password, unsealed (or left in clear); null when none or it won't open. */
  storedPassword: string | null;
  logger: Logger;
}

export interface SipAccounts {
  /** Settings whose `sipAccount` is the effective, checked one (policy's, or stored + password). */
  settings: Settings;
  flagAccount: SipAccount | undefined;
  notices: Notice[];
}

/**
 * Every SIP account the desk might register with, each checked against the transport rule: one
 * that would go in clear is dropped with a notice naming its URL and the policy key.
 */
export function checkedSipAccounts(options: SipAccountsOptions): SipAccounts {
  const { settings, policy, logger } = options;
  const allow = policy.allowInsecureTransport === true;
  const notices: Notice[] = [];
  const usable = <T extends { wsUrl: string }>(account: T | undefined): T | undefined => {
    if (!account) return undefined;
    const problem = transportProblem(account.wsUrl, 'sip', allow);
    if (!problem) return account;
    logger.error(
      { url: account.wsUrl },
      `SIP account refused: ${describeTransportProblem(problem)}`,
    );
    if (!notices.some((notice) => notice.id === 'insecure-sip'))
      notices.push({
        id: 'insecure-sip',
        level: 'error',
        key: 'insecure-sip',
        params: { url: account.wsUrl, key: ALLOW_INSECURE_TRANSPORT_KEY },
      });
    return undefined;
  };
  // IT's account (policy) or the agent's stored one, each with the password sealed on this desk.
  const account = policy.sipAccount ?? settings.get('sipAccount');
  const fromSettings: SipAccount | undefined =
    account && options.storedPassword
      ? { ...account, password: options.storedPassword }
      : undefined;
  const effective = usable(fromSettings);
  const flagAccount = policy.sipAccount ? options.flagAccount : usable(options.flagAccount);
  return {
    settings: {
      ...settings,
      get: <K extends keyof StoredSettings>(key: K): StoredSettings[K] =>
        key === 'sipAccount' ? (effective as StoredSettings[K]) : settings.get(key),
    },
    flagAccount,
    notices,
  };
}
