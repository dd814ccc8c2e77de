// The SMS gateway the records service sends one-time passcodes through (Art. 7). The passcode
// reaches the customer's reserved mobile and nobody else: never a log, a response or the agent.
// Adapters: a file outbox (JSON lines, development and tests) and an HTTP webhook.

export interface SmsMessage {
  /** The reserved mobile, 11 digits (normalised). */
  to: string;
  /** The text as the customer reads it; holds the passcode — never log it. */
  text: string;
}

export interface SmsGateway {
  /** Resolves once the gateway accepted the message; rejects (SmsError) if it could not. */
  send(message: SmsMessage): Promise<void>;
  /** For logs and /health: `file` or `webhook`. */
  readonly kind: string;
}

export class SmsError extends Error {
  override name = 'SmsError';
}
