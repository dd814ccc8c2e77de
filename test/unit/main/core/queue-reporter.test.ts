// Queue events from the phone's reports: which call becomes arrived / answered / abandoned /
// missed, and the sender's batching and retry through an outage (hand-moved clock).
import { describe, expect, it, vi } from 'vitest';
import type { CallRecord, PhoneEvent } from '../../../../common/phone.js';
import { AppError } from '../../../../common/result.js';
import { createQueueReporter, queueEventsOf } from '../../../../main/core/queue-reporter.js';
import { recordingLogger } from '../../../support/fakes.js';
import { manualTimers } from '../../../support/manual-timers.js';

const AT = '2026-12-06T08:00:00.000Z';
const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
const started = (n: number, direction: 'inbound' | 'outbound' = 'inbound'): PhoneEvent => ({
  type: 'call-started',
  callId: id(n),
  direction,
  number: '13900000001',
  name: null,
  callerIdSource: 'pai',
});
const ended = (n: number, outcome: CallRecord['outcome'], direction = 'inbound'): PhoneEvent => ({
  type: 'call-ended',
  record: {
    id: id(n),
    direction: direction as 'inbound',
    number: '13900000001',
    name: null,
    startedAt: '2026-12-06T07:59:50.000Z',
    durationSeconds: 0,
    outcome,
    quality: null,
  },
});

describe('queue events of phone reports', () => {
  it('maps arrival, answer, the caller’s cancel, a decline and a turn-away; ignores outbound', () => {
    const ringing = new Set([id(1)]);
    expect(queueEventsOf(started(1), new Set(), AT)).toEqual([
      { callId: id(1), kind: 'arrived', at: AT },
    ]);
    expect(queueEventsOf(started(2, 'outbound'), new Set(), AT)).toEqual([]);
    expect(queueEventsOf({ type: 'call-answered', callId: id(1) }, ringing, AT)).toEqual([
      { callId: id(1), kind: 'answered', at: AT },
    ]);
    expect(queueEventsOf({ type: 'call-answered', callId: id(3) }, ringing, AT)).toEqual([]);
    expect(queueEventsOf(ended(1, 'missed'), ringing, AT)).toEqual([
      { callId: id(1), kind: 'abandoned', at: AT },
    ]);
    expect(queueEventsOf(ended(1, 'rejected'), ringing, AT)).toEqual([
      { callId: id(1), kind: 'missed', at: AT },
    ]);
    expect(queueEventsOf(ended(1, 'answered'), new Set(), AT)).toEqual([]);
    expect(queueEventsOf(ended(4, 'declined-not-ready'), new Set(), AT)).toEqual([
      { callId: id(4), kind: 'arrived', at: '2026-12-06T07:59:50.000Z' },
      { callId: id(4), kind: 'missed', at: AT },
    ]);
    expect(queueEventsOf(ended(5, 'failed', 'outbound'), new Set(), AT)).toEqual([]);
  });

  it('sends at once, waits out an outage with backoff, keeps order, drops a final refusal', async () => {
    const clock = manualTimers();
    const sent: unknown[][] = [];
    const reportQueueEvents = vi.fn(async (_token: string, events: unknown[]) => {
      sent.push(events);
      return { recorded: events.length };
    });
    const reporter = createQueueReporter({
      records: { reportQueueEvents },
      logger: recordingLogger(),
      session: () => ({ token: 't' }),
      now: () => new Date(AT),
      timers: clock.timers,
      random: () => 0.5,
    });
    reporter.phoneEvent(started(1));
    await clock.advance(0);
    expect(sent).toEqual([[{ callId: id(1), kind: 'arrived', at: AT }]]);

    reportQueueEvents.mockRejectedValueOnce(new AppError('unavailable', 'down'));
    reporter.phoneEvent({ type: 'call-answered', callId: id(1) });
    await clock.advance(0);
    expect(reporter.pending()).toBe(1);
    reporter.phoneEvent(ended(1, 'answered'));
    await clock.advance(499);
    expect(reportQueueEvents).toHaveBeenCalledTimes(2);
    await clock.advance(1);
    expect(sent.at(-1)).toEqual([{ callId: id(1), kind: 'answered', at: AT }]);
    expect(reporter.pending()).toBe(0);

    reportQueueEvents.mockRejectedValueOnce(new AppError('bad-request', 'too old'));
    reporter.phoneEvent(ended(7, 'declined-not-ready'));
    await clock.advance(60_000);
    expect(reporter.pending()).toBe(0);
    expect(reportQueueEvents).toHaveBeenCalledTimes(4);
  });

  it('never counts a training-line call: practice is not queue traffic', async () => {
    const clock = manualTimers();
    const reportQueueEvents = vi.fn(async (_token: string, events: unknown[]) => ({
      recorded: events.length,
    }));
    const reporter = createQueueReporter({
      records: { reportQueueEvents },
      logger: recordingLogger(),
      session: () => ({ token: 't' }),
      now: () => new Date(AT),
      timers: clock.timers,
      random: () => 0.5,
    });
    const training = <E extends PhoneEvent>(event: E): E => ({ ...event, training: true });
    expect(queueEventsOf(training(started(1)), new Set(), AT)).toEqual([]);
    reporter.phoneEvent(training(started(1)));
    reporter.phoneEvent(training(ended(1, 'missed')));
    reporter.phoneEvent(training(ended(2, 'declined-not-ready')));
    await clock.advance(0);
    expect(reporter.pending()).toBe(0);
    expect(reportQueueEvents).not.toHaveBeenCalled();
    // The same call unmarked would have counted.
    reporter.phoneEvent(ended(2, 'declined-not-ready'));
    await clock.advance(0);
    expect(reportQueueEvents).toHaveBeenCalledTimes(1);
  });
});
