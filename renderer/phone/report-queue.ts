// The report to main (journal, call history) in the order the engine made its events, with a way
// to hold one back until the screen has caught up: an INVITE's caller ID is committed by React in
// the microtask after the INVITE's task, and the report's bridge round trip (IPC, or the web
// host's WebSocket) would otherwise sit in front of it. Whatever is reported while one is held
// back queues behind it, so main still hears every event, once, in order. The same ordered
// next-task queue lets the verification panel follow the call after its first frame
// (renderer/verification/controller/call-follow.ts).
import type { PhoneEvent } from '../../common/phone.js';
import type { EngineTimers } from './engine-context.js';

type Timers = Pick<EngineTimers, 'setTimeout' | 'clearTimeout'>;

/** Items delivered in the order given, some held for the next task; see createReportQueue. */
export interface NextTaskQueue<T> {
  /** Delivered now, unless an earlier item is still held back: then after it. */
  now(item: T): void;
  /** Delivered in the next task: after the UI has committed what this task dispatched. */
  later(item: T): void;
  /** Delivers whatever is held back now. */
  flush(): void;
  /** Drops whatever is held back (its receiver is going away). */
  clear(): void;
}

export function createNextTaskQueue<T>(
  deliver: (item: T) => void,
  timers: Timers,
): NextTaskQueue<T> {
  const held: T[] = [];
  let timer: unknown = null;
  const cancel = () => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  };

  function flush() {
    cancel();
    // One at a time off the front: a delivery that queues again (it never should) still goes last.
    while (held.length > 0) deliver(held.shift()!);
  }

  return {
    now(item) {
      if (held.length > 0) held.push(item);
      else deliver(item);
    },
    later(item) {
      held.push(item);
      timer ??= timers.setTimeout(flush, 0);
    },
    flush,
    clear() {
      cancel();
      held.length = 0;
    },
  };
}

export interface ReportQueue {
  /** Sent now, unless an earlier event is still held back: then after it. */
  report(event: PhoneEvent): void;
  /** Sent in the next task: after the UI has committed what this task dispatched. */
  reportAfterCommit(event: PhoneEvent): void;
  /** Sends whatever is held back now (the engine stopping must not lose it). */
  flush(): void;
}

export function createReportQueue(send: (event: PhoneEvent) => void, timers: Timers): ReportQueue {
  const queue = createNextTaskQueue(send, timers);
  return { report: queue.now, reportAfterCommit: queue.later, flush: queue.flush };
}
