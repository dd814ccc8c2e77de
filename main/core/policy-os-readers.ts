// The real registry and managed-preferences readers behind policy-sources.ts, loaded only on the
// OS they serve: native-reg (a prebuilt N-API binding of the Win32 registry calls) on Windows;
// on macOS the profile's forced domain as macOS writes it, /Library/Managed Preferences, read
// with `plutil` (it is a binary plist) and the plist package.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type {
  ManagedPreferencesReader,
  OsPolicyReaders,
  RegistryReader,
  RegistryValue,
} from './policy-sources.js';

const TYPE_NAMES: Record<number, RegistryValue['type']> = {
  1: 'REG_SZ',
  2: 'REG_EXPAND_SZ',
  3: 'REG_BINARY',
  4: 'REG_DWORD',
  7: 'REG_MULTI_SZ',
  11: 'REG_QWORD',
};

/** HKLM only: a policy under HKCU could be written by the agent's own account. */
export function nativeRegistryReader(): RegistryReader {
  return {
    async readValues(key) {
      // Imported here: the binding exists only on Windows.
      const reg = await import('native-reg');
      const subKey = key.replace(/^HKLM\\/, '');
      const handle = reg.openKey(reg.HKLM, subKey, reg.Access.READ);
      if (handle === null) return null;
      try {
        const values: Record<string, RegistryValue> = {};
        for (const name of reg.enumValueNames(handle)) {
          const raw = reg.queryValueRaw(handle, name);
          if (raw === null) continue;
          const parsed = reg.parseValue(raw);
          values[name] = {
            type: TYPE_NAMES[raw.type] ?? 'REG_BINARY',
            value: parsed instanceof Buffer ? new Uint8Array(parsed) : (parsed ?? ''),
          };
        }
        return values;
      } finally {
        reg.closeKey(handle);
      }
    },
  };
}

/** Device-level profiles land in /Library/Managed Preferences/<domain>.plist. */
export function managedPreferencesReader(
  dir = '/Library/Managed Preferences',
): ManagedPreferencesReader {
  return {
    async read(domain) {
      const { default: plist } = await import('plist');
      const file = path.join(dir, `${domain}.plist`);
      let bytes: Buffer;
      try {
        bytes = await readFile(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
      const xml = bytes.subarray(0, 6).toString('latin1').startsWith('bplist')
        ? (await promisify(execFile)('/usr/bin/plutil', ['-convert', 'xml1', '-o', '-', file]))
            .stdout
        : bytes.toString('utf8');
      const value = plist.parse(xml);
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        throw new Error(`${file} is not a dictionary`);
      return value as Record<string, unknown>;
    },
  };
}

export const osPolicyReaders: OsPolicyReaders = {
  registry: () => nativeRegistryReader(),
  managedPreferences: () => managedPreferencesReader(),
};
