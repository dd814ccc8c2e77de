import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PolicyError } from '../../../../main/core/policy.js';
import { managedPreferencesReader } from '../../../../main/core/policy-os-readers.js';
import {
  managedPreferencesPolicySource,
  osPolicySource,
  POLICY_REGISTRY_KEY,
  registryPolicySource,
  type ManagedPreferencesReader,
  type RegistryReader,
  type RegistryValue,
} from '../../../../main/core/policy-sources.js';
import { useTempDirs } from '../../../support/fakes.js';

const tempDir = useTempDirs();
const sz = (value: string): RegistryValue => ({ type: 'REG_SZ', value });
const dword = (value: number): RegistryValue => ({ type: 'REG_DWORD', value });

/** A stand-in for the Windows registry: one key and its values, as native-reg returns them. */
function registry(
  values: Record<string, RegistryValue> | null,
): RegistryReader & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    readValues: async (key) => {
      asked.push(key);
      return values;
    },
  };
}
const prefs = (values: Record<string, unknown> | null): ManagedPreferencesReader => ({
  read: async (domain) => (domain === 'com.agentdesk.desktop' ? values : null),
});
const sipAccount = {
  wsUrl: 'wss://sip.bank.example/ws',
  domain: 'bank.example',
  user: '1001',
};

describe('policy from the Windows registry', () => {
  it('reads HKLM\\SOFTWARE\\Policies\\AgentDesk\\AgentDesk: strings, DWORDs, JSON strings', async () => {
    const reader = registry({
      recordsUrl: sz('https://records.bank.example'),
      keepAliveSeconds: dword(30),
      demoMode: dword(0),
      allowInsecureTransport: dword(1),
      sipAccount: sz(JSON.stringify(sipAccount)),
      // The ADMX's multi-line box: REG_MULTI_SZ, one line each.
      trustedProxies: { type: 'REG_MULTI_SZ', value: ['[', '"proxy1.bank.example"', ']'] },
      // Registry value names are case-insensitive; Group Policy may write any case.
      UPDATECHANNEL: sz('pilot'),
    });
    const policy = await registryPolicySource(reader).load();
    expect(reader.asked).toEqual([POLICY_REGISTRY_KEY]);
    expect(POLICY_REGISTRY_KEY).toBe('HKLM\\SOFTWARE\\Policies\\AgentDesk\\AgentDesk');
    expect(policy).toMatchObject({ found: true, unknownKeys: [] });
    expect(policy.values).toEqual({
      recordsUrl: 'https://records.bank.example',
      keepAliveSeconds: 30,
      demoMode: false,
      allowInsecureTransport: true,
      sipAccount,
      trustedProxies: ['proxy1.bank.example'],
      updateChannel: 'pilot',
    });
  });

  it('is empty when the key does not exist', async () => {
    expect(await registryPolicySource(registry(null)).load()).toMatchObject({
      found: false,
      values: {},
    });
  });

  it('reports unknown values without failing', async () => {
    const policy = await registryPolicySource(
      registry({ language: sz('en'), futureKey: dword(1) }),
    ).load();
    expect(policy.values).toEqual({ language: 'en' });
    expect(policy.unknownKeys).toEqual(['futureKey']);
  });

  it.each([
    [
      'a boolean as a string',
      { demoMode: sz('true') },
      /\\demoMode: must be a REG_DWORD of 0 or 1/,
    ],
    ['a boolean of 2', { demoMode: dword(2) }, /\\demoMode: must be a REG_DWORD of 0 or 1/],
    ['an integer as a string', { wrapUpSeconds: sz('60') }, /\\wrapUpSeconds: must be a REG_DWORD/],
    ['a string as a DWORD', { language: dword(1) }, /\\language: must be a REG_SZ, not REG_DWORD/],
    ['broken JSON', { sipAccount: sz('{"wsUrl":') }, /\\sipAccount: must be JSON text/],
    ['an out-of-range DWORD', { keepAliveSeconds: dword(1) }, /AgentDesk\\keepAliveSeconds: /],
    [
      'a SIP account with its password (readable by every user)',
      { sipAccount: sz(JSON.stringify({ ...sipAccount, password: 'pbx-secret' })) },
      /AgentDesk\\sipAccount \(password\): a SIP password must not be in the managed policy/,
    ],
  ])('fails closed on %s, naming the registry value', async (_n, values, message) => {
    const error = await registryPolicySource(registry(values))
      .load()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as Error).message).toMatch(message);
  });

  it('stops on a registry that cannot be read', async () => {
    const broken: RegistryReader = {
      readValues: async () => {
        throw new Error('access denied');
      },
    };
    await expect(registryPolicySource(broken).load()).rejects.toThrow(
      /registry HKLM.*cannot be read: access denied/,
    );
  });
});

describe('policy from macOS managed preferences', () => {
  it('reads the com.agentdesk.desktop domain: native types, JSON text or dictionaries', async () => {
    const policy = await managedPreferencesPolicySource(
      prefs({
        language: 'zh-CN',
        wrapUpSeconds: 45,
        demoMode: true,
        sipAccount,
        iceServers: '[{"urls":"turns:turn.bank.example:443"}]',
      }),
    ).load();
    expect(policy.values).toEqual({
      language: 'zh-CN',
      wrapUpSeconds: 45,
      demoMode: true,
      sipAccount,
      iceServers: [{ urls: 'turns:turn.bank.example:443' }],
    });
  });

  it('fails closed naming the profile key', async () => {
    await expect(managedPreferencesPolicySource(prefs({ demoMode: 'yes' })).load()).rejects.toThrow(
      /managed preferences com\.agentdesk\.desktop key demoMode: /,
    );
  });

  it('reads a profile’s plist from the Managed Preferences folder (XML form)', async () => {
    const dir = tempDir();
    writeFileSync(
      path.join(dir, 'com.agentdesk.desktop.plist'),
      `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0"><dict>
  <key>recordsUrl</key><string>https://records.bank.example</string>
  <key>keepAliveSeconds</key><integer>20</integer>
  <key>allowInsecureTransport</key><false/>
</dict></plist>`,
    );
    const policy = await managedPreferencesPolicySource(managedPreferencesReader(dir)).load();
    expect(policy.values).toEqual({
      recordsUrl: 'https://records.bank.example',
      keepAliveSeconds: 20,
      allowInsecureTransport: false,
    });
    expect(await managedPreferencesReader(tempDir()).read('com.agentdesk.desktop')).toBeNull();
  });
});

describe('the source per OS', () => {
  const readers = { registry: () => registry(null), managedPreferences: () => prefs(null) };
  it('registry on Windows, a profile on macOS, /etc/agent-desk/policy.json on Linux', () => {
    expect(osPolicySource('win32', {}, readers).name).toBe(`registry ${POLICY_REGISTRY_KEY}`);
    expect(osPolicySource('darwin', {}, readers).name).toBe(
      'managed preferences com.agentdesk.desktop',
    );
    expect(osPolicySource('linux', {}, readers).name).toBe('/etc/agent-desk/policy.json');
  });

  it('AGENT_DESK_POLICY names a JSON file instead, on any OS', () => {
    for (const os of ['win32', 'darwin', 'linux'] as const)
      expect(osPolicySource(os, { AGENT_DESK_POLICY: '/x/p.json' }, readers).name).toBe(
        '/x/p.json',
      );
  });
});
