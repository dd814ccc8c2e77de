// IT's diagnostics archive from the real core: one zip with versions, settings and the managed
// policy without secrets, the desk's logs masked again, the connectivity history and the journal's
// state. Opened with a zip reader (fflate); no password, token, full ID or full number inside.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import type { Result } from '../../../../../common/result.js';
import type { DiagnosticsArchive } from '../../../../../common/update.js';
import { bootstrap, type Bootstrapped } from '../../../../../main/core/bootstrap.js';
import { buildDiagnosticsZip } from '../../../../../main/core/diagnostics/archive.js';
import { SETTINGS_JSON_SCHEMA } from '../../../../../main/core/settings.js';
import { recordingLogger, useTempDirs } from '../../../../support/fakes.js';

const tempDir = useTempDirs();
const SIP_PASSWORD = 'sip-Secret-77x';
const AGENT_PASSWORD = 'demo-pass-1';
const TOKEN = 'tok_5f2a9c0e4b7d4c1f8e6a';
const NATIONAL_ID = '11010519491231002X';
const MOBILE = '13812345678';
const CALLER = '13900000001';

let booted: Bootstrapped | null = null;
afterEach(async () => {
  await booted?.close();
  booted = null;
});

async function deskWithHistory() {
  const dataDir = tempDir();
  const policyPath = path.join(dataDir, 'policy.json');
  writeFileSync(
    policyPath,
    JSON.stringify({
      companyName: '示例银行',
      sipAccount: {
        wsUrl: 'wss://pbx.bank.example:7443/ws',
        domain: 'pbx.bank.example',
        user: '1001',
      },
      updateFeedUrl: 'https://updates.bank.example/agent-desk/',
      updateChannel: 'beta',
    }),
  );
  // The policy's account gets its password from settings.json, sealed at start.
  writeFileSync(
    path.join(dataDir, 'settings.json'),
    JSON.stringify({ sipAccount: { password: SIP_PASSWORD } }),
  );
  // What a log might hold if a writer forgot its redaction: the export masks it again.
  mkdirSync(path.join(dataDir, 'logs'));
  writeFileSync(
    path.join(dataDir, 'logs', 'desk.log'),
    [
      JSON.stringify({ level: 30, msg: 'sign-in', username: 'agent01', password: AGENT_PASSWORD }),
      JSON.stringify({ level: 30, msg: 'request', headers: { authorization: `Bearer ${TOKEN}` } }),
      JSON.stringify({ level: 40, msg: `lookup for ${MOBILE} with id ${NATIONAL_ID}` }),
      `plain text: token=${TOKEN} caller +86${MOBILE}`,
      JSON.stringify({
        level: 30,
        msg: 'otp',
        body: { code: '483920' },
        err: { code: 'ECONNREFUSED' },
      }),
    ].join('\n'),
  );
  const electronLogs = path.join(dataDir, 'electron-logs');
  mkdirSync(electronLogs);
  writeFileSync(path.join(electronLogs, 'main.log'), `sip:1001:${SIP_PASSWORD}@pbx.bank.example\n`);

  booted = await bootstrap({
    host: 'electron',
    version: '1.2.3',
    dataDir,
    policyPath,
    settingsFile: path.join(dataDir, 'settings.json'),
    createSettingsStore: () =>
      new Conf({
        cwd: dataDir,
        configName: 'settings',
        schema: SETTINGS_JSON_SCHEMA as never,
      }) as never,
    // Nothing listens: the records service goes down in the history, the journal keeps its backlog.
    recordsUrl: 'http://127.0.0.1:9',
    logger: recordingLogger(),
    coreOptions: {
      connectivityTiming: { upIntervalMs: 50, downIntervalMs: 50 },
      deskUpdates: { logDirs: [electronLogs] },
    },
  });
  const ctx = { host: 'electron' as const, sender: 't' };
  const dispatch = (channel: string, payload: unknown) =>
    booted!.core.dispatcher.dispatch(channel, payload, ctx);
  // A call (journaled, number masked by the phone service) and the line registering.
  await dispatch('phone:event', { type: 'registration', status: 'registered' });
  await dispatch('phone:event', {
    type: 'call-started',
    callId: '00000000-0000-4000-8000-0000000000d1',
    direction: 'inbound',
    number: CALLER,
    name: null,
    callerIdSource: 'pai',
  });
  await expect.poll(() => booted!.core.connectivity.state().records).toBe('down');
  return { dispatch };
}

const files = (zip: Uint8Array) =>
  Object.fromEntries(
    Object.entries(unzipSync(zip)).map(([name, bytes]) => [name, strFromU8(bytes)]),
  );

describe('the diagnostics archive', () => {
  it('holds every part IT needs and no secret, full ID or full number', async () => {
    const { dispatch } = await deskWithHistory();
    const file = await booted!.core.diagnostics();
    expect(file.fileName).toMatch(/^agent-desk-diagnostics-\d{8}T\d{6}Z\.zip$/);
    const parts = files(file.data);
    expect(Object.keys(parts).sort()).toEqual([
      'connectivity.json',
      'journal.json',
      'logs/1-desk.log',
      'logs/2-main.log',
      'policy.json',
      'settings.json',
      'update.json',
      'versions.json',
    ]);

    const versions = JSON.parse(parts['versions.json']!);
    expect(versions).toMatchObject({ app: '1.2.3', host: 'electron', node: process.versions.node });
    expect(versions.os.platform).toBe(process.platform);

    const policy = JSON.parse(parts['policy.json']!);
    expect(policy.source).toMatch(/policy\.json$/);
    expect(policy.values.sipAccount).toMatchObject({ user: '1001' });
    expect(policy.values.sipAccount).not.toHaveProperty('password');
    expect(policy.values.updateChannel).toBe('beta');

    const settings = JSON.parse(parts['settings.json']!);
    expect(settings.values.sipAccount.password).toBe('[redacted]');
    expect(settings.lockedByPolicy).toContain('sipAccount');

    const connectivity = JSON.parse(parts['connectivity.json']!);
    expect(connectivity.transitions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ link: 'sip', from: 'unknown', to: 'up' }),
        expect.objectContaining({ link: 'records', to: 'down' }),
      ]),
    );

    const journal = JSON.parse(parts['journal.json']!);
    expect(journal.backlog).toBeGreaterThanOrEqual(2);
    expect(journal.pending.map((p: { type: string }) => p.type)).toEqual(
      expect.arrayContaining(['phone.registration', 'phone.call-started']),
    );
    expect(journal.pending[0]).toEqual({
      seq: expect.any(Number),
      id: expect.any(String),
      type: expect.any(String),
      at: expect.any(String),
    });
    expect(journal.chainHead).toMatchObject({ hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(journal.sync).toHaveProperty('status');

    const log = parts['logs/1-desk.log']!;
    expect(log).toContain('"password":"[redacted]"');
    expect(log).toContain('"authorization":"[redacted]"');
    expect(log).toContain('token=[redacted]');
    expect(log).toContain('138****5678');
    expect(log).toContain('"code":"ECONNREFUSED"');
    expect(parts['logs/2-main.log']).toContain('sip:1001:[redacted]@pbx.bank.example');

    const everything = Object.values(parts).join('\n');
    for (const secret of [
      SIP_PASSWORD,
      AGENT_PASSWORD,
      TOKEN,
      NATIONAL_ID,
      MOBILE,
      CALLER,
      '483920',
    ])
      expect(everything).not.toContain(secret);

    // The web host's way to it: the same archive through the contract.
    const viaContract = (await dispatch('diagnostics:export', {})) as Result<DiagnosticsArchive>;
    expect(viaContract.ok).toBe(true);
    if (viaContract.ok) {
      const again = files(Buffer.from(viaContract.value.base64, 'base64'));
      expect(Object.keys(again)).toContain('journal.json');
    }
  });
});

describe('the logs in the archive', () => {
  it("takes each folder once, however it is named (Electron's log folder is the desk's)", async () => {
    const dir = path.join(tempDir(), 'logs');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'desk.log'), 'one line\n');
    const file = await buildDiagnosticsZip(
      {},
      [dir, `${dir}/`, path.join(dir, '..', 'logs')],
      new Date(),
    );
    const names = Object.keys(unzipSync(new Uint8Array(file.data)));
    expect(names.filter((name) => name.endsWith('desk.log'))).toEqual(['logs/1-desk.log']);
  });
});
