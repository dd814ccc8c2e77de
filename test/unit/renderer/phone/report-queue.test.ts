// The report to main (report-queue.ts): an event held back for the first frame goes out in the
// next task, and nothing reported meanwhile overtakes it — the journal hears every event once, in
// the order the engine made them.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PhoneEvent } from '../../../../common/phone.js';
import { globalEngineTimers } from '../../../../renderer/phone/engine-context.js';
import { createReportQueue } from '../../../../renderer/phone/report-queue.js';

const held = (n: number): PhoneEvent => ({ type: 'call-answered', callId: `held-${n}` });
const now = (n: number): PhoneEvent => ({ type: 'call-held', callId: `now-${n}`, held: true });

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

function queue() {
  const sent: PhoneEvent[] = [];
  const reports = createReportQueue((event) => void sent.push(event), globalEngineTimers);
  return { sent, reports };
}

describe('the report queue', () => {
  it('sends at once while nothing is held back', () => {
    const { sent, reports } = queue();
    reports.report(now(1));
    expect(sent).toEqual([now(1)]);
  });

  it('holds one event for the next task; what follows queues behind it, in order', () => {
    const { sent, reports } = queue();
    reports.report(now(1));
    reports.reportAfterCommit(held(1));
    reports.report(now(2));
    reports.reportAfterCommit(held(2));
    reports.report(now(3));
    expect(sent).toEqual([now(1)]);
    vi.advanceTimersByTime(0);
    expect(sent).toEqual([now(1), held(1), now(2), held(2), now(3)]);
    reports.report(now(4));
    expect(sent.at(-1)).toEqual(now(4));
    vi.advanceTimersByTime(1_000);
    expect(sent).toHaveLength(6);
  });

  it('flush sends what is held now and the timer then sends nothing twice', () => {
    const { sent, reports } = queue();
    reports.reportAfterCommit(held(1));
    reports.report(now(1));
    reports.flush();
    expect(sent).toEqual([held(1), now(1)]);
    vi.advanceTimersByTime(0);
    expect(sent).toEqual([held(1), now(1)]);
    reports.reportAfterCommit(held(2));
    vi.advanceTimersByTime(0);
    expect(sent).toEqual([held(1), now(1), held(2)]);
  });
});
