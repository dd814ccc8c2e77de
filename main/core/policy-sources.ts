// Where each OS keeps IT's policy, behind one PolicySource: the Windows registry (HKLM, as Group
// Policy writes it from the ADMX), macOS managed preferences (a configuration profile), a JSON
// file on Linux. Flat stores carry strings, DWORDs and JSON text; every value is converted here,
// then validated by ManagedPolicy with errors naming the registry value or profile key (Art. 10).
import { PolicyError, loadPolicy, policyValueKinds, validatePolicy } from './policy.js';
import type { LoadedPolicy, ManagedPolicy, PolicyValueKind } from './policy.js';

export interface PolicySource {
  /** Where the policy is read from, for messages and logs. */
  readonly name: string;
  load(): Promise<LoadedPolicy>;
}

/** One registry value as Windows stores it. */
export interface RegistryValue {
  type: 'REG_SZ' | 'REG_EXPAND_SZ' | 'REG_MULTI_SZ' | 'REG_DWORD' | 'REG_QWORD' | 'REG_BINARY';
  value: string | number | bigint | string[] | Uint8Array;
}

/** Reads one key's values; null when the key does not exist. Real one: policy-os-readers.ts. */
export interface RegistryReader {
  readValues(key: string): Promise<Record<string, RegistryValue> | null>;
}

/** Reads a managed-preferences domain as plain values; null when no profile sets it. */
export interface ManagedPreferencesReader {
  read(domain: string): Promise<Record<string, unknown> | null>;
}

/** The same place Chrome (SOFTWARE\Policies\Google\Chrome) and VS Code use, under HKLM. */
export const POLICY_REGISTRY_KEY = 'HKLM\\SOFTWARE\\Policies\\AgentDesk\\AgentDesk';
/** macOS: the app id, as in electron-builder.yml and the example .mobileconfig. */
export const POLICY_PREFERENCES_DOMAIN = 'com.agentdesk.desktop';
export const POLICY_LINUX_FILE = '/etc/agent-desk/policy.json';

const notFound = (name: string): LoadedPolicy => ({
  path: name,
  found: false,
  values: {},
  unknownKeys: [],
});

/** The part of a JSON value an error is about: ` (password)`, ` (0.urls)`. */
const within = (inner: string[]) => (inner.length ? ` (${inner.join('.')})` : '');

/** A JSON text in a string value (objects and arrays in the registry or a profile). */
function parseJsonValue(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new PolicyError(`${where}: must be JSON text: ${(error as Error).message}`);
  }
}

/** Policy keys are matched case-insensitively, as registry value names are. */
function knownKey(name: string): keyof ManagedPolicy | undefined {
  const kinds = policyValueKinds();
  return (Object.keys(kinds) as (keyof ManagedPolicy)[]).find(
    (key) => key.toLowerCase() === name.toLowerCase(),
  );
}

function fromRegistry(value: RegistryValue, kind: PolicyValueKind, where: string): unknown {
  const isString = value.type === 'REG_SZ' || value.type === 'REG_EXPAND_SZ';
  const isNumber = value.type === 'REG_DWORD' || value.type === 'REG_QWORD';
  switch (kind) {
    case 'string':
      if (!isString) throw new PolicyError(`${where}: must be a REG_SZ, not ${value.type}`);
      return value.value;
    case 'json':
      // The ADMX's multi-line box writes REG_MULTI_SZ, one line per string.
      if (value.type === 'REG_MULTI_SZ' && Array.isArray(value.value))
        return parseJsonValue(value.value.join('\n'), where);
      if (!isString)
        throw new PolicyError(`${where}: must be a REG_SZ holding JSON, not ${value.type}`);
      return parseJsonValue(String(value.value), where);
    case 'boolean':
      if (value.type !== 'REG_DWORD' || (value.value !== 0 && value.value !== 1))
        throw new PolicyError(`${where}: must be a REG_DWORD of 0 or 1`);
      return value.value === 1;
    case 'integer':
      if (!isNumber) throw new PolicyError(`${where}: must be a REG_DWORD, not ${value.type}`);
      return Number(value.value);
  }
}

/** Windows: HKLM\SOFTWARE\Policies\AgentDesk\AgentDesk, one value per policy key. */
export function registryPolicySource(reader: RegistryReader): PolicySource {
  const name = `registry ${POLICY_REGISTRY_KEY}`;
  return {
    name,
    async load() {
      let values: Record<string, RegistryValue> | null;
      try {
        values = await reader.readValues(POLICY_REGISTRY_KEY);
      } catch (error) {
        throw new PolicyError(`managed policy ${name} cannot be read: ${(error as Error).message}`);
      }
      if (values === null) return notFound(name);
      const kinds = policyValueKinds();
      const raw: Record<string, unknown> = {};
      for (const [valueName, value] of Object.entries(values)) {
        const key = knownKey(valueName);
        const where = `${POLICY_REGISTRY_KEY}\\${valueName}`;
        if (key === undefined) raw[valueName] = value.value;
        else raw[key] = fromRegistry(value, kinds[key], where);
      }
      return validatePolicy(
        name,
        raw,
        (key, inner) => `${POLICY_REGISTRY_KEY}\\${key}${within(inner)}`,
      );
    },
  };
}

function fromPreferences(value: unknown, kind: PolicyValueKind, where: string): unknown {
  // A profile can hold a dictionary or array natively, or the same JSON text as the registry.
  if (kind === 'json' && typeof value === 'string') return parseJsonValue(value, where);
  return value;
}

/** macOS: the com.agentdesk.desktop domain forced by a configuration profile. */
export function managedPreferencesPolicySource(reader: ManagedPreferencesReader): PolicySource {
  const domain = POLICY_PREFERENCES_DOMAIN;
  const name = `managed preferences ${domain}`;
  return {
    name,
    async load() {
      let values: Record<string, unknown> | null;
      try {
        values = await reader.read(domain);
      } catch (error) {
        throw new PolicyError(`managed policy ${name} cannot be read: ${(error as Error).message}`);
      }
      if (values === null) return notFound(name);
      const kinds = policyValueKinds();
      const raw: Record<string, unknown> = {};
      for (const [prefKey, value] of Object.entries(values)) {
        // The profile format's own keys, not settings.
        if (prefKey.startsWith('Payload')) continue;
        const key = knownKey(prefKey);
        const where = `${name} key ${prefKey}`;
        if (key === undefined) raw[prefKey] = value;
        else raw[key] = fromPreferences(value, kinds[key], where);
      }
      return validatePolicy(name, raw, (key, inner) => `${name} key ${key}${within(inner)}`);
    },
  };
}

/** A JSON file: Linux, or anywhere when AGENT_DESK_POLICY / the web host's --policy names one. */
export function filePolicySource(file: string): PolicySource {
  return { name: file, load: () => loadPolicy(file) };
}

export interface OsPolicyReaders {
  registry: () => RegistryReader;
  managedPreferences: () => ManagedPreferencesReader;
}

/**
 * The policy source of this OS. `AGENT_DESK_POLICY` names a JSON file instead (tests, odd
 * installs); the shell does not honour it in a packaged build (main/shell/startup.ts).
 */
export function osPolicySource(
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv,
  readers: OsPolicyReaders,
): PolicySource {
  if (env.AGENT_DESK_POLICY) return filePolicySource(env.AGENT_DESK_POLICY);
  if (platform === 'win32') return registryPolicySource(readers.registry());
  if (platform === 'darwin') return managedPreferencesPolicySource(readers.managedPreferences());
  return filePolicySource(POLICY_LINUX_FILE);
}
