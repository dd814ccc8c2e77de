// Bootstrap and what the workstation keeps or connects to: a SIP password IT left in settings.json
// is sealed and scrubbed, a sealed file that will not open is a notice (not a crash), records and
// SIP URLs go encrypted unless loopback or IT allows it (Art. 15), and an installed desk never
// starts the demo records service unless demo mode is chosen.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import { describe, expect, it } from 'vitest';
import type { AppInfo } from '../../../../common/contract.js';
import type { Result } from '../../../../common/result.js';
import type { SipAccount } from '../../../../common/phone.js';
import { bootstrap, type BootstrapOptions } from '../../../../main/core/bootstrap.js';
import {
  InsecureTransportError,
  NoRecordsServiceError,
} from '../../../../main/core/secure-config.js';
import { SETTINGS_JSON_SCHEMA } from '../../../../main/core/settings.js';
import { recordingLogger, useTempDirs } from '../../../support/fakes.js';

const tempDir = useTempDirs();

const ACCOUNT: SipAccount = {
  wsUrl: 'wss://pbx.bank.example:7443/ws',
  domain: 'pbx.bank.example',
  user: '1001',
  password: 'it-provisioned-Pw9',
};

function boot(dataDir: string, extra: Partial<BootstrapOptions> = {}, logger = recordingLogger()) {
  return bootstrap({
    host: 'web',
    version: '0.0.0-test',
    dataDir,
    policyPath: path.join(dataDir, 'policy.json'),
    settingsFile: path.join(dataDir, 'settings.json'),
    createSettingsStore: () =>
      new Conf({
        cwd: dataDir,
        configName: 'settings',
        schema: SETTINGS_JSON_SCHEMA as never,
        clearInvalidConfig: false,
      }) as never,
    recordsUrl: 'http://127.0.0.1:9',
    logger,
    ...extra,
  });
}

async function notices(booted: Awaited<ReturnType<typeof boot>>) {
  const info = (await booted.core.dispatcher.dispatch(
    'app:info',
    {},
    { host: 'web', sender: 't' },
  )) as Result<AppInfo>;
  return info.ok ? info.value.notices : [];
}

const settingsText = (dataDir: string) => readFileSync(path.join(dataDir, 'settings.json'), 'utf8');

describe('the SIP password on the workstation', () => {
  it('found in clear in settings.json: sealed at start, scrubbed from the file, still used', async () => {
    const dataDir = tempDir();
    writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ sipAccount: ACCOUNT }));
    const logger = recordingLogger();
    const booted = await boot(dataDir, {}, logger);
    expect(booted.settings.get('sipAccount')).toEqual(ACCOUNT);
    await booted.close();

    expect(settingsText(dataDir)).not.toContain(ACCOUNT.password);
    expect(JSON.parse(settingsText(dataDir)).sipAccount).toEqual({
      ...ACCOUNT,
      password: undefined,
    });
    const sealed = readFileSync(path.join(dataDir, 'sip-password.sealed'), 'utf8');
    expect(sealed).not.toContain(ACCOUNT.password);
    expect(JSON.stringify(logger.lines)).not.toContain(ACCOUNT.password);

    // Restarted: the file still holds no password, the phone still has it.
    const again = await boot(dataDir);
    expect(again.settings.get('sipAccount')).toEqual(ACCOUNT);
    expect(await notices(again)).toEqual([]);
    await again.close();
    expect(settingsText(dataDir)).not.toContain(ACCOUNT.password);
  });

  it('a sealed file that will not open: a clear notice, no account, nothing crashes', async () => {
    const dataDir = tempDir();
    writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ sipAccount: ACCOUNT }));
    await (await boot(dataDir)).close();
    writeFileSync(
      path.join(dataDir, 'sip-password.sealed'),
      'agent-desk-sealed:v1:key-file:AAAA\n',
    );
    const booted = await boot(dataDir);
    expect(booted.settings.get('sipAccount')).toBeUndefined();
    expect(await notices(booted)).toEqual([
      expect.objectContaining({
        id: 'sip-password-unreadable',
        key: 'sip-password-unreadable',
        params: { file: path.join(dataDir, 'sip-password.sealed') },
      }),
    ]);
    await booted.close();
    // Kept for IT to look at, never replaced.
    expect(readFileSync(path.join(dataDir, 'sip-password.sealed'), 'utf8')).toContain('AAAA');
  });

  it('an account without any password says it needs one', async () => {
    const dataDir = tempDir();
    const { password: _password, ...rest } = ACCOUNT;
    writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ sipAccount: rest }));
    const booted = await boot(dataDir);
    expect(booted.settings.get('sipAccount')).toBeUndefined();
    expect((await notices(booted)).map((n) => n.key)).toEqual(['sip-password-needed']);
    await booted.close();
  });

  it('a policy holding the password is refused; the policy account takes the one sealed from settings.json', async () => {
    const dataDir = tempDir();
    writeFileSync(path.join(dataDir, 'policy.json'), JSON.stringify({ sipAccount: ACCOUNT }));
    await expect(boot(dataDir)).rejects.toThrow(
      /sipAccount\.password: a SIP password must not be in the managed policy/,
    );
    const { password, ...itsAccount } = ACCOUNT;
    writeFileSync(path.join(dataDir, 'policy.json'), JSON.stringify({ sipAccount: itsAccount }));
    writeFileSync(
      path.join(dataDir, 'settings.json'),
      JSON.stringify({ sipAccount: { password } }),
    );
    const booted = await boot(dataDir);
    expect(booted.settings.get('sipAccount')).toEqual(ACCOUNT);
    expect(await notices(booted)).toEqual([]);
    await booted.close();
    expect(JSON.parse(settingsText(dataDir))).not.toHaveProperty('sipAccount');
    expect(readFileSync(path.join(dataDir, 'sip-password.sealed'), 'utf8')).not.toContain(password);
  });

  it('sealing fails: the password stays in the file, the phone still uses it, and IT is told', async () => {
    const dataDir = tempDir();
    writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ sipAccount: ACCOUNT }));
    // The keychain refuses the SIP password (the call history's key seals fine).
    const broken = {
      isEncryptionAvailable: () => true,
      encryptString: (plain: string): Buffer => {
        if (plain === ACCOUNT.password) throw new Error('keychain refused');
        return Buffer.from(plain);
      },
      decryptString: (sealed: Buffer) => sealed.toString(),
    };
    const booted = await boot(dataDir, { keychain: broken });
    expect(booted.settings.get('sipAccount')).toEqual(ACCOUNT);
    expect((await notices(booted)).map((n) => n.key)).toEqual(['sip-password-not-sealed']);
    await booted.close();
    expect(existsSync(path.join(dataDir, 'sip-password.sealed'))).toBe(false);
  });

  it('a keychain away at start: a retryable notice; nothing set aside or re-sealed', async () => {
    const dataDir = tempDir();
    let available = true;
    const keychain = {
      isEncryptionAvailable: () => available,
      encryptString: (plain: string) => Buffer.from(plain).reverse(),
      decryptString: (sealed: Buffer) => Buffer.from(sealed).reverse().toString(),
    };
    writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ sipAccount: ACCOUNT }));
    await (await boot(dataDir, { keychain })).close();
    const sealedFiles = ['sip-password.sealed', 'call-history.key.sealed'].map((f) =>
      readFileSync(path.join(dataDir, f), 'utf8'),
    );
    available = false;
    const booted = await boot(dataDir, { keychain });
    expect(booted.settings.get('sipAccount')).toBeUndefined();
    expect((await notices(booted)).map((n) => n.key)).toEqual([
      'keychain-unavailable',
      'keychain-unavailable',
    ]);
    await booted.close();
    expect(
      ['sip-password.sealed', 'call-history.key.sealed'].map((f) =>
        readFileSync(path.join(dataDir, f), 'utf8'),
      ),
    ).toEqual(sealedFiles);
    available = true;
    const later = await boot(dataDir, { keychain });
    expect(later.settings.get('sipAccount')).toEqual(ACCOUNT);
    expect(await notices(later)).toEqual([]);
    await later.close();
  });
});

describe('transport (Art. 15)', () => {
  it('refuses an http: records URL beyond loopback, naming the URL and the policy key', async () => {
    const dataDir = tempDir();
    const attempt = boot(dataDir, { recordsUrl: 'http://10.20.30.40:8790' });
    await expect(attempt).rejects.toBeInstanceOf(InsecureTransportError);
    await expect(boot(dataDir, { recordsUrl: 'http://10.20.30.40:8790' })).rejects.toThrow(
      /http:\/\/10\.20\.30\.40:8790.*allowInsecureTransport/,
    );
  });

  it('refuses an http: records URL in the settings file too, and allows it when IT says so', async () => {
    const dataDir = tempDir();
    writeFileSync(
      path.join(dataDir, 'settings.json'),
      JSON.stringify({ recordsUrl: 'http://records.bank.example' }),
    );
    await expect(boot(dataDir, { recordsUrl: undefined })).rejects.toBeInstanceOf(
      InsecureTransportError,
    );
    writeFileSync(
      path.join(dataDir, 'policy.json'),
      JSON.stringify({ allowInsecureTransport: true }),
    );
    const booted = await boot(dataDir, { recordsUrl: undefined });
    expect(booted.recordsUrl).toBe('http://records.bank.example');
    await booted.close();
  });

  it('drops a ws: SIP account beyond loopback with a notice; loopback ws: stays', async () => {
    const dataDir = tempDir();
    const insecure = { ...ACCOUNT, wsUrl: 'ws://10.1.1.1:5066' };
    const refused = await boot(dataDir, { sipAccount: insecure });
    expect(await notices(refused)).toEqual([
      expect.objectContaining({
        id: 'insecure-sip',
        params: { url: 'ws://10.1.1.1:5066', key: 'allowInsecureTransport' },
      }),
    ]);
    await refused.close();

    const local = await boot(tempDir(), {
      sipAccount: { ...ACCOUNT, wsUrl: 'ws://127.0.0.1:5066' },
    });
    expect(await notices(local)).toEqual([]);
    await local.close();
  });
});

describe('demo mode', () => {
  const embedded = () => {
    const started: string[] = [];
    return {
      started,
      start: async (dir: string) => {
        started.push(dir);
        return { url: 'http://127.0.0.1:9', close: async () => undefined };
      },
    };
  };

  it('installed, with no records URL: refuses, naming what IT must set; no demo starts', async () => {
    const dataDir = tempDir();
    const demo = embedded();
    const attempt = boot(dataDir, {
      recordsUrl: undefined,
      packaged: true,
      startEmbeddedRecords: demo.start,
    });
    await expect(attempt).rejects.toBeInstanceOf(NoRecordsServiceError);
    await expect(
      boot(dataDir, { recordsUrl: undefined, packaged: true, startEmbeddedRecords: demo.start }),
    ).rejects.toThrow(/recordsUrl.*demoMode/);
    expect(demo.started).toEqual([]);
  });

  it.each([
    ['the --demo switch', { demoSwitch: true }, {}],
    ['the policy key demoMode', {}, { demoMode: true }],
  ])('installed, demo mode chosen by %s: the embedded demo starts', async (_n, extra, policy) => {
    const dataDir = tempDir();
    writeFileSync(path.join(dataDir, 'policy.json'), JSON.stringify(policy));
    const demo = embedded();
    const booted = await boot(dataDir, {
      recordsUrl: undefined,
      packaged: true,
      startEmbeddedRecords: demo.start,
      ...extra,
    });
    expect(demo.started).toEqual([dataDir]);
    const info = (await booted.core.dispatcher.dispatch(
      'app:info',
      {},
      { host: 'web', sender: 't' },
    )) as Result<AppInfo>;
    expect(info.ok && info.value.embeddedRecords).toBe(true);
    await booted.close();
  });

  it('from a checkout: the embedded demo as before', async () => {
    const demo = embedded();
    const booted = await boot(tempDir(), {
      recordsUrl: undefined,
      startEmbeddedRecords: demo.start,
    });
    expect(demo.started).toHaveLength(1);
    await booted.close();
  });
});
