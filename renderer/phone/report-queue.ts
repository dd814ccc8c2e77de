// The report to main (journal, call history) in the order the engine made its events, with a way
// to hold one back until the screen has caught up: an INVITE's caller ID is committed by React in
// the microtask after the INVITE's task, and the report's bridge round trip (IPC, or the web
// host's WebSocket) would otherwise sit in front of it. Whatever is reported while one is held
// back queues behind it, so main still hears every event, once, in order.
import type { PhoneEvent } from '../../common/phone.js';
import type { EngineTimers } from './engine-context.js';

export interface ReportQueue {
  /** Sent now, unless an earlier event is still held back: then after it. */
  report(event: PhoneEvent): void;
  /** Sent in the next task: after the UI has committed what this task dispatched. */
  reportAfterCommit(event: PhoneEvent): void;
  /** Sends whatever is held back now (the engine stopping must not lose it). */
  flush(): void;
}

export function createReportQueue(
  send: (event: PhoneEvent) => void,
  timers: Pick<EngineTimers, 'setTimeout' | 'clearTimeout'>,
): ReportQueue {
  const held: PhoneEvent[] = [];
  let timer: unknown = null;

  function flush() {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
    // One at a time off the front: a send that reports again (it never should) still queues last.
    while (held.length > 0) send(held.shift()!);
  }

  return {
    report(event) {
      if (held.length > 0) held.push(event);
      else send(event);
    },
    reportAfterCommit(event) {
      held.push(event);
      timer ??= timers.setTimeout(flush, 0);
    },
    flush,
  };
}
