// The connectivity history for IT: each records-service and SIP transition with its time, from the
// real connectivity monitor, bounded (the oldest go first).
import { describe, expect, it } from 'vitest';
import { createConnectivityMonitor } from '../../../../../main/core/connectivity.js';
import { recordConnectivityHistory } from '../../../../../main/core/diagnostics/connectivity-history.js';
import { createJournalSync, openJournal } from '../../../../../main/core/journal/index.js';
import { useTempDirs } from '../../../../support/fakes.js';

const tempDir = useTempDirs();

describe('the connectivity history', () => {
  it('records link transitions with their times, at most `size` of them', async () => {
    const journal = await openJournal(tempDir());
    const sync = createJournalSync({ journal, send: async () => [] });
    let clock = Date.parse('2026-12-06T08:00:00.000Z');
    const now = () => new Date(clock);
    const monitor = createConnectivityMonitor({ probe: async () => ({}), sync, now });
    const history = recordConnectivityHistory(monitor, now, 3);

    monitor.reportSip('registered');
    clock += 60_000;
    monitor.reportRecords(false);
    monitor.reportOs(false); // the OS's view is not a link transition
    expect(history.list()).toEqual([
      { at: '2026-12-06T08:00:00.000Z', link: 'sip', from: 'unknown', to: 'up' },
      { at: '2026-12-06T08:01:00.000Z', link: 'records', from: 'unknown', to: 'down' },
    ]);

    clock += 60_000;
    monitor.reportSip('failed');
    monitor.reportRecords(true);
    expect(history.list().map((t) => `${t.link}:${t.to}`)).toEqual([
      'records:down',
      'sip:down',
      'records:up',
    ]);
    history.stop();
    monitor.stop();
    await journal.close();
  });
});
