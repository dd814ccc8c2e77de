// The SIP password never sits in clear in settings.json (Art. 11, 15): one IT provisioned there is
// sealed (core/sealed-secret.ts) and scrubbed from the file before the settings store opens it;
// afterwards the file holds the account without its password and the sealed file holds the
// password. The account itself may come from IT's managed policy, the password never does (a
// policy is readable by every user: core/policy.ts refuses one); then settings.json holds only
// `{"sipAccount": {"password": "…"}}` until it is sealed.
import { readFileSync } from 'node:fs';
import type { Notice } from '../../common/contract.js';
import { writeFileDurably } from './journal/durable-file.js';
import type { Logger } from './logger.js';
import { KeychainUnavailableError, SealedSecretError, type SealedSecret } from './sealed-secret.js';

export const SIP_PASSWORD_FILE = 'sip-password.sealed';

export interface SealProvisionedOptions {
  settingsFile: string;
  secret: SealedSecret;
  logger: Logger;
}

/**
 * Before the settings store opens: a `sipAccount.password` in the settings file is sealed and the
 * file rewritten without it (durably: the old file or the new, never half). A file that is not
 * JSON is left to the settings store, which moves it aside (scrubbed). Answers the password when
 * it could not be sealed: it stays in the file and the phone uses it, with a notice for IT.
 */
export async function sealProvisionedSipPassword(
  options: SealProvisionedOptions,
): Promise<string | null> {
  const { settingsFile, secret, logger } = options;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(settingsFile, 'utf8'));
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const account = (raw as { sipAccount?: unknown }).sipAccount;
  if (typeof account !== 'object' || account === null || !('password' in account)) return null;
  const { password, ...rest } = account as { password: unknown };
  try {
    if (typeof password === 'string' && password.length > 0) await secret.write(password);
  } catch (error) {
    // Not sealed, so not scrubbed: the phone registers with it (the caller uses the answer), and
    // IT reads why in the log and the notice.
    logger.error(
      { file: settingsFile, err: (error as Error).message },
      'SIP password in the settings file could not be sealed; left in place',
    );
    return typeof password === 'string' && password.length > 0 ? password : null;
  }
  // Only a password (the account is the policy's): the key goes, an empty account is no account.
  const { sipAccount: _sealed, ...others } = raw as Record<string, unknown>;
  const next = Object.keys(rest).length > 0 ? { ...others, sipAccount: rest } : others;
  await writeFileDurably(settingsFile, `${JSON.stringify(next, null, '\t')}\n`);
  logger.info(
    { file: settingsFile, sealing: secret.kind },
    'SIP password found in the settings file: sealed and removed from the file',
  );
  return null;
}

/** The notice for a provisioned password left in clear because it could not be sealed. */
export const SIP_PASSWORD_NOT_SEALED: Notice = {
  id: 'sip-password-not-sealed',
  level: 'error',
  key: 'sip-password-not-sealed',
  params: {},
};

export interface StoredSipPassword {
  password: string | null;
  notice: Notice | null;
}

/**
 * The sealed password for the settings' account; a sealed file that no longer opens gives a
 * notice (the phone then shows no account) instead of a crash, and is kept for IT to look at.
 */
export async function readSealedSipPassword(
  secret: SealedSecret,
  logger: Logger,
): Promise<StoredSipPassword> {
  try {
    return { password: await secret.read(), notice: null };
  } catch (error) {
    if (!(error instanceof SealedSecretError)) throw error;
    logger.error({ file: error.file, err: error.message }, 'sealed SIP password cannot be opened');
    if (error instanceof KeychainUnavailableError)
      // Intact, only the keychain is away (locked, not yet unlocked): the next start retries.
      return {
        password: null,
        notice: {
          id: 'keychain-unavailable',
          level: 'warning',
          key: 'keychain-unavailable',
          params: {},
        },
      };
    return {
      password: null,
      notice: {
        id: 'sip-password-unreadable',
        level: 'warning',
        key: 'sip-password-unreadable',
        params: { file: error.file },
      },
    };
  }
}
