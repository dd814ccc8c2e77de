import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import { describe, expect, it } from 'vitest';
import {
  openSettings,
  SETTINGS_JSON_SCHEMA,
  type KeyValueStore,
} from '../../../../main/core/settings.js';
import type { ManagedPolicy } from '../../../../main/core/policy.js';
import { recordingLogger, useTempDirs } from '../../../support/fakes.js';

const tempDir = useTempDirs();

// The web host's store (conf) is the base library of electron-store: same file, same schema checks.
function open(dir: string, policy: ManagedPolicy = {}, logger = recordingLogger()) {
  const filePath = path.join(dir, 'settings.json');
  const settings = openSettings({
    filePath,
    createStore: () =>
      new Conf({
        cwd: dir,
        configName: 'settings',
        schema: SETTINGS_JSON_SCHEMA as never,
        clearInvalidConfig: false,
      }) as unknown as KeyValueStore,
    policy,
    logger,
    now: () => new Date('2026-11-26T10:00:00Z'),
  });
  return { settings, filePath, logger };
}

describe('settings', () => {
  it('defaults to Simplified Chinese and persists a change across reopen', () => {
    const dir = tempDir();
    const first = open(dir);
    expect(first.settings.view()).toEqual({ values: { language: 'zh-CN' }, locked: [] });
    first.settings.setUserSettings({ language: 'en' });
    expect(open(dir).settings.view().values.language).toBe('en');
  });

  it('remembers window bounds', () => {
    const dir = tempDir();
    open(dir).settings.setWindowBounds({
      x: 10,
      y: 20,
      width: 1280,
      height: 800,
      maximized: false,
    });
    expect(open(dir).settings.get('windowBounds')).toEqual({
      x: 10,
      y: 20,
      width: 1280,
      height: 800,
      maximized: false,
    });
  });

  it.each([
    ['not JSON', '{"language": "en",'],
    ['a schema violation', '{"language": "klingon"}'],
  ])(
    'keeps a backup of a file that is %s, starts from defaults and says where the backup is',
    (_n, text) => {
      const dir = tempDir();
      writeFileSync(path.join(dir, 'settings.json'), text);
      const { settings, logger } = open(dir);
      expect(settings.view().values.language).toBe('zh-CN');
      const backups = readdirSync(dir).filter((f) => f.startsWith('settings.json.corrupt-'));
      expect(backups).toHaveLength(1);
      expect(readFileSync(path.join(dir, backups[0]!), 'utf8')).toBe(text);
      expect(settings.notices).toEqual([
        {
          id: 'settings-corrupt',
          level: 'warning',
          key: 'settings-corrupt',
          params: { backup: path.join(dir, backups[0]!) },
        },
      ]);
      expect(logger.lines.some((l) => l.level === 'error')).toBe(true);
    },
  );

  it('a damaged file with a SIP password is kept without it, 0600', () => {
    const dir = tempDir();
    const text = '{"sipAccount": {"user": "1001", "password": "pa\\"55-word"}, "language": "kl';
    const file = path.join(dir, 'settings.json');
    writeFileSync(file, text, { mode: 0o644 });
    chmodSync(file, 0o644);
    open(dir);
    const [backup] = readdirSync(dir).filter((f) => f.startsWith('settings.json.corrupt-'));
    const kept = readFileSync(path.join(dir, backup!), 'utf8');
    expect(kept).not.toContain('55-word');
    expect(kept).toContain('"user": "1001"');
    expect(kept).toContain('"password": "[removed]"');
    expect(statSync(path.join(dir, backup!)).mode & 0o777).toBe(0o600);
  });

  it('lets the policy lock a setting: effective value from policy, change refused, stored value untouched', () => {
    const dir = tempDir();
    open(dir).settings.setUserSettings({ language: 'zh-CN' });
    const { settings, filePath } = open(dir, { language: 'en' });
    expect(settings.view()).toEqual({ values: { language: 'en' }, locked: ['language'] });
    const before = existsSync(filePath) ? readFileSync(filePath, 'utf8') : '';
    expect(() => settings.setUserSettings({ language: 'zh-CN' })).toThrow(/policy/);
    expect(readFileSync(filePath, 'utf8')).toBe(before);
  });

  it('has the softphone defaults and stores phone settings with set(); policy-fixed keys are refused', () => {
    const dir = tempDir();
    const { settings } = open(dir, { dtmfMode: 'rfc4733' });
    expect(settings.get('iceServers')).toEqual([]);
    expect(settings.get('dtmfMode')).toBe('rfc4733');
    expect(settings.get('keepAliveSeconds')).toBe(25);
    expect(settings.get('wrapUpSeconds')).toBe(30);
    expect(settings.get('audioDevices')).toEqual({
      microphoneId: 'default',
      speakerId: 'default',
      ringerId: 'default',
    });
    expect(settings.get('microphoneExplained')).toBe(false);
    settings.set('microphoneExplained', true);
    expect(() => settings.set('dtmfMode', 'info')).toThrow(/policy/);
    expect(() => settings.set('keepAliveSeconds', 2)).toThrow(/keepAliveSeconds/);
    expect(settings.lockedByPolicy()).toEqual(['dtmfMode']);
    expect(open(dir).settings.get('microphoneExplained')).toBe(true);
    expect(open(dir).settings.get('keepAliveSeconds')).toBe(25);
  });

  it('moves aside a file whose SIP account is malformed, like any other schema violation', () => {
    const dir = tempDir();
    writeFileSync(
      path.join(dir, 'settings.json'),
      JSON.stringify({ sipAccount: { wsUrl: 'http://x', domain: 'd', user: 'u', password: 'p' } }),
    );
    const { settings } = open(dir);
    expect(settings.get('sipAccount')).toBeUndefined();
    expect(settings.notices.map((n) => n.id)).toEqual(['settings-corrupt']);
  });

  it('takes the records URL from the policy over the stored one', () => {
    const { settings } = open(tempDir(), { recordsUrl: 'https://records.bank.example' });
    expect(settings.get('recordsUrl')).toBe('https://records.bank.example');
  });
});
