// One dispatcher behind both hosts: the Electron IPC binding (main/shell/ipc.ts) and the web-host
// WebSocket binding (main/web-host/) are thin adapters that only carry bytes and say who sent
// them. Everything that makes a call safe happens here, once: channel check, schema parse,
// error mapping (style.md §3).
import {
  contract,
  type Channel,
  type ParsedRequestOf,
  type ResponseOf,
} from '../../common/contract.js';
import { isChannel } from '../../common/channels.js';
import { AppError, fail, ok, type Result } from '../../common/result.js';
import type { Logger } from './logger.js';

/** Who is calling; adapters fill it in after their own sender checks. */
export interface CallContext {
  host: 'electron' | 'web';
  /** An opaque id for the connection or webContents, for logs only. */
  sender: string;
}

export type Handlers = {
  [C in Channel]: (
    request: ParsedRequestOf<C>,
    ctx: CallContext,
  ) => Promise<ResponseOf<C>> | ResponseOf<C>;
};

export interface Dispatcher {
  dispatch(channel: unknown, payload: unknown, ctx: CallContext): Promise<Result<unknown>>;
}

/** Formats the first few zod issues as `path: message`, so a caller sees which field was wrong. */
export const describeIssues = (
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): string =>
  issues
    .slice(0, 5)
    .map(
      (issue) =>
        `${issue.path.length ? issue.path.map(String).join('.') : '(payload)'}: ${issue.message}`,
    )
    .join('; ');

export function createDispatcher(handlers: Handlers, logger: Logger): Dispatcher {
  return {
    async dispatch(channel, payload, ctx) {
      if (!isChannel(channel)) {
        logger.warn(
          { channel: String(channel).slice(0, 80), sender: ctx.sender },
          'unknown channel refused',
        );
        return fail('unknown-channel', `unknown channel: ${String(channel).slice(0, 80)}`);
      }
      const parsed = contract[channel].request.safeParse(payload ?? {});
      if (!parsed.success) {
        logger.warn({ channel, sender: ctx.sender }, 'malformed request refused');
        return fail('bad-request', `${channel}: ${describeIssues(parsed.error.issues)}`);
      }
      try {
        const handler = handlers[channel] as (
          req: unknown,
          ctx: CallContext,
        ) => Promise<unknown> | unknown;
        const value = await handler(parsed.data, ctx);
        // The response is checked too: a handler bug must not leak fields the contract does not
        // name.
        const checked = contract[channel].response.safeParse(value);
        if (!checked.success) {
          logger.error(
            { channel, issues: describeIssues(checked.error.issues) },
            'handler answered outside the contract',
          );
          return fail('internal', `${channel}: internal error`);
        }
        return ok(checked.data);
      } catch (error) {
        if (error instanceof AppError) return fail(error.code, error.message);
        logger.error(
          { channel, err: error instanceof Error ? error.message : String(error) },
          'handler failed',
        );
        return fail('internal', `${channel}: internal error`);
      }
    },
  };
}
