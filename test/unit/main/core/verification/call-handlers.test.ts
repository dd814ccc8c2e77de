// A complaint on the desk (Art. 16): journaled first, then the records service's deadline for
// that entry's time; with the service unreachable it is journaled all the same, with no date.
import { describe, expect, it } from 'vitest';
import type { EntryData, JournalEntry } from '../../../../../common/journal-chain.js';
import { AppError } from '../../../../../common/result.js';
import type { RecordsClient } from '../../../../../main/core/records-client.js';
import { callHandlers } from '../../../../../main/core/verification/call-handlers.js';
import { createSessionMemory } from '../../../../../main/core/verification/memory.js';
import type { SessionWatch } from '../../../../../main/core/verification/session-watch.js';
import { recordingLogger } from '../../../../support/fakes.js';

const AT = '2026-03-02T09:00:00.000Z';
const CALL = { host: 'web' as const, sender: 'test' };
const REQUEST = { callId: 'call-1', category: 'fees', text: '收费疑问', wantsReply: true } as const;

function desk(deadline: RecordsClient['complaintDeadline']) {
  const appended: { type: string; data: EntryData }[] = [];
  const journal = {
    append: async (type: string, data: EntryData) => {
      appended.push({ type, data });
      return { id: '70000000-0000-4000-8000-000000000001', at: AT, type, data } as JournalEntry;
    },
  };
  const asked: string[] = [];
  const records = {
    complaintDeadline: async (token: string, recordedAt: string) => {
      asked.push(`${token} ${recordedAt}`);
      return deadline(token, recordedAt);
    },
  } as unknown as RecordsClient;
  const logger = recordingLogger();
  const handlers = callHandlers(
    {
      records,
      journal,
      logger,
      signedIn: () => ({
        token: 'token-1',
        agent: { username: 'agent01', name: '张伟', tier: 'agent' },
      }),
    },
    { memory: createSessionMemory(journal), sessions: {} as SessionWatch },
  );
  return { handlers, appended, asked, logger };
}

describe('verify:complaint (Art. 16)', () => {
  it('journals it, then tells the deadline the records service gives for the entry’s time', async () => {
    const d = desk(async (_t, recordedAt) => ({
      recordedAt,
      respondBy: '2026-03-07T09:00:00.000Z',
      responseDays: 5,
    }));
    expect(await d.handlers['verify:complaint'](REQUEST, CALL)).toEqual({
      id: '70000000-0000-4000-8000-000000000001',
      dueAt: '2026-03-07T09:00:00.000Z',
    });
    expect(d.asked).toEqual([`token-1 ${AT}`]);
    expect(d.appended).toEqual([
      {
        type: 'complaint.recorded',
        data: expect.not.objectContaining({ dueAt: expect.anything() }),
      },
    ]);
  });

  it('with the records service unreachable: journaled all the same, no date promised', async () => {
    const d = desk(async () => {
      throw new AppError('unavailable', 'records service unreachable');
    });
    expect(await d.handlers['verify:complaint'](REQUEST, CALL)).toEqual({
      id: '70000000-0000-4000-8000-000000000001',
      dueAt: null,
    });
    expect(d.appended).toHaveLength(1);
    expect(d.logger.text()).toMatch(/complaint recorded without its deadline/);
  });
});
