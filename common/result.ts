// Every handler — IPC, web-host WebSocket, records-service HTTP — answers in this one shape, so a
// caller never has to guess whether an error was thrown, rejected or returned (style.md, Signal).

export const ERROR_CODES = [
  'bad-request', // the payload did not match the contract schema
  'unknown-channel', // no such channel in the contract
  'bad-sender', // the call came from a frame or origin we do not trust
  'unauthorized', // not signed in, or the token expired
  'invalid-credentials', // sign-in refused
  'forbidden', // signed in, but the tier does not allow it (Art. 10)
  'locked-by-policy', // the managed policy fixes this setting (IT decides)
  'unavailable', // the records service cannot be reached (Art. 12)
  'rate-limited',
  'not-found',
  'conflict',
  'internal',
  'training-required', // Art. 9: the agent has not passed the course live calls require
  // Art. 11: the journal archive trusts a batch for its device (server/devices/).
  'device-unknown', // the device is not registered with the records service
  'device-revoked', // a lead or admin revoked the device
  'device-signature-invalid', // the batch's signature does not verify with the device's key
  'journal-rewritten', // keyed entries whose MAC does not match: edited on disk
  'journal-ahead', // a pipelined batch starts past the archive's head: resend after the earlier one
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppErrorBody {
  code: ErrorCode;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorBody };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string): Result<never> => ({
  ok: false,
  error: { code, message },
});

/** An error that carries a contract error code; anything else thrown becomes `internal`. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const isErrorCode = (value: unknown): value is ErrorCode =>
  typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
