// The SIP password never sits in clear in settings.json (Art. 11, 15): one IT provisioned there is
// sealed (core/sealed-secret.ts) and scrubbed from the file before the settings store opens it;
// afterwards the file holds the account without its password and the sealed file holds the
// password. A password in IT's managed policy is IT's file: it is read there, never copied here.
import { readFileSync } from 'node:fs';
import type { Notice } from '../../common/contract.js';
import { writeFileDurably } from './journal/durable-file.js';
import type { Logger } from './logger.js';
import { SealedSecretError, type SealedSecret } from './sealed-secret.js';

export const SIP_PASSWORD_FILE = 'sip-password.sealed';

export interface SealProvisionedOptions {
  settingsFile: string;
  secret: SealedSecret;
  logger: Logger;
}

/**
 * Before the settings store opens: a `sipAccount.password` in the settings file is sealed and the
 * file rewritten without it (durably: the old file or the new, never half). A file that is not
 * JSON is left to the settings store, which moves it aside.
 */
export async function sealProvisionedSipPassword(options: SealProvisionedOptions): Promise<void> {
  const { settingsFile, secret, logger } = options;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(settingsFile, 'utf8'));
  } catch {
    return;
  }
  if (typeof raw !== 'object' || raw === null) return;
  const account = (raw as { sipAccount?: unknown }).sipAccount;
  if (typeof account !== 'object' || account === null || !('password' in account)) return;
  const { password, ...rest } = account as { password: unknown };
  try {
    if (typeof password === 'string' && password.length > 0) await secret.write(password);
  } catch (error) {
    // Not sealed, so not scrubbed: the phone still registers, and IT reads why.
    logger.error(
      { file: settingsFile, err: (error as Error).message },
      'SIP password in the settings file could not be sealed; left in place',
    );
    return;
  }
  await writeFileDurably(
    settingsFile,
    `${JSON.stringify({ ...(raw as object), sipAccount: rest }, null, '\t')}\n`,
  );
  logger.info(
    { file: settingsFile, sealing: secret.kind },
    'SIP password found in the settings file: sealed and removed from the file',
  );
}

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
