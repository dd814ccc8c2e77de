// Bootstrap and the journal: a desk restarted over a damaged journal opens, keeps
// every intact entry, tells the agent once (a notice) and IT in detail (the log), and closes it.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import { describe, expect, it } from 'vitest';
import type { AppInfo } from '../../../../common/contract.js';
import type { Result } from '../../../../common/result.js';
import { bootstrap } from '../../../../main/core/bootstrap.js';
import { openJournal, readJournalSync } from '../../../../main/core/journal/index.js';
import { SETTINGS_JSON_SCHEMA } from '../../../../main/core/settings.js';
import { recordingLogger, useTempDirs } from '../../../support/fakes.js';

const tempDir = useTempDirs();

const boot = (dataDir: string, logger = recordingLogger()) =>
  bootstrap({
    host: 'web',
    version: '0.0.0-test',
    dataDir,
    policyPath: path.join(dataDir, 'no-policy.json'),
    settingsFile: path.join(dataDir, 'settings.json'),
    createSettingsStore: () =>
      new Conf({
        cwd: dataDir,
        configName: 'settings',
        schema: SETTINGS_JSON_SCHEMA as never,
      }) as never,
    // Nothing listens there: the desk starts anyway (the journal waits; connectivity says so).
    recordsUrl: 'http://127.0.0.1:9',
    logger,
  });

describe('bootstrap over the journal', () => {
  it('a healthy journal: no notice; the core journals into it and closes it on the way down', async () => {
    const dataDir = tempDir();
    const booted = await boot(dataDir);
    const info = await booted.core.dispatcher.dispatch(
      'app:info',
      {},
      { host: 'web', sender: 't' },
    );
    expect(info).toMatchObject({ ok: true, value: { notices: [] } });
    await booted.close();
    // Closed: the writer lock is released, so the journal opens again at once.
    const again = await openJournal(dataDir);
    await again.close();
  });

  it('an edited entry: the desk still starts, keeps what is intact, and says so once (agent) and in detail (log)', async () => {
    const dataDir = tempDir();
    const journal = await openJournal(dataDir);
    for (let i = 0; i < 5; i++)
      await journal.append('agent.state', {
        agent: 'agent01',
        state: i % 2 ? 'ready' : 'not-ready',
      });
    await journal.close();
    const dir = path.join(dataDir, 'journal');
    const segment = readdirSync(dir).find((n) => n.startsWith('segment-'))!;
    const file = path.join(dir, segment);
    const parsed = JSON.parse(readFileSync(file, 'utf8'));
    parsed.entries[2].type = 'agent.tampered';
    writeFileSync(file, JSON.stringify(parsed));

    const logger = recordingLogger();
    const booted = await boot(dataDir, logger);
    const info = (await booted.core.dispatcher.dispatch(
      'app:info',
      {},
      { host: 'web', sender: 't' },
    )) as Result<AppInfo>;
    expect(info.ok && info.value.notices.filter((n) => n.key === 'journal-recovered')).toEqual([
      {
        id: 'journal-chain-broken',
        level: 'warning',
        key: 'journal-recovered',
        params: { kind: 'chain-broken' },
      },
    ]);
    expect(logger.text()).toMatch(/chain/);
    await booted.close();
    expect(
      readJournalSync(dataDir).filter((e) => e.type === 'agent.state').length,
    ).toBeGreaterThanOrEqual(2);
  });
});
