// electron-builder.yml, checked by electron-builder's OWN validator (the JSON schema it applies
// before packaging), so a misspelt or misplaced key fails here instead of at release time; plus
// the few settings this project relies on.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './build-lock.js';

const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: unknown, debugLogger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util/out/DebugLogger.js') as {
  DebugLogger: new (enabled?: boolean) => unknown;
};

type Config = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const load = (): Config =>
  yaml.load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Config;

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own validation', async () => {
    await expect(validateConfiguration(load(), new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('the validator does reject a wrong key (so the case above means something)', async () => {
    const { asarUnpack, ...config } = load();
    await expect(
      validateConfiguration({ ...config, asarUnpak: asarUnpack }, new DebugLogger(false)),
    ).rejects.toThrow(/unknown property 'asarUnpak'/);
  });

  it('the validator rejects a misspelt key inside a section', async () => {
    const config = load();
    config.nsis = { ...config.nsis, perMachin: true };
    // For a nested section electron-builder names the section, not the key.
    await expect(validateConfiguration(config, new DebugLogger(false))).rejects.toThrow(
      /configuration\.nsis/,
    );
  });

  it('the validator rejects a key at the wrong level too', async () => {
    await expect(
      validateConfiguration({ ...load(), perMachine: true }, new DebugLogger(false)),
    ).rejects.toThrow(/perMachine/);
  });

  it('identifies the app and never publishes to a public feed', () => {
    const config = load();
    expect(config.appId).toBe('com.agentdesk.desktop');
    expect(config.productName).toBe('Agent Desk');
    expect(config.publish).toBeNull();
  });

  it('packs the built app, the demo seed and the tray icons into an asar, PGlite binaries unpacked', () => {
    const config = load();
    expect(config.asar).toBe(true);
    expect(config.files).toEqual(
      expect.arrayContaining([
        'dist/**',
        'package.json',
        'server/seed/demo-seed.json',
        'assets/tray-*.png',
      ]),
    );
    expect(config.asarUnpack.join(' ')).toMatch(/@electric-sql\/pglite.*\.wasm/);
  });

  it('targets: per-machine NSIS and MSI for IT, dmg, pkg and the updater’s zip, AppImage, deb and rpm', () => {
    const config = load();
    const targets = (platform: string) =>
      (config[platform].target as { target: string }[]).map((t) => t.target);
    expect(targets('win')).toEqual(['nsis', 'msi']);
    expect(config.nsis.perMachine).toBe(true);
    expect(config.msi.perMachine).toBe(true);
    // electron-updater's MacUpdater installs only from the zip: without it no Mac ever updates.
    expect(targets('mac')).toEqual(['dmg', 'pkg', 'zip']);
    expect(targets('linux')).toEqual(['AppImage', 'deb', 'rpm']);
  });

  it('names every artefact with its version and architecture', () => {
    const config = load();
    for (const section of [config, config.nsis, config.msi, config.dmg, config.pkg, config.deb])
      expect(section.artifactName).toMatch(/\$\{version\}.*\$\{arch\}/);
    expect(config.rpm.artifactName).toMatch(/\$\{version\}.*\$\{arch\}/);
    expect(config.appImage.artifactName).toMatch(/\$\{version\}.*\$\{arch\}/);
  });

  it('deploy.md’s feed layout names the artefacts as artifactName makes them', () => {
    const config = load();
    const name = (pattern: string, arch: string) =>
      pattern
        .replace('${name}', 'agent-desk')
        .replace('${version}', '1.4.0')
        .replace('${arch}', arch);
    const expected = [
      name(config.nsis.artifactName, 'x64').replace('${ext}', 'exe'),
      // The zip target has no section of its own: the top-level name applies.
      name(config.artifactName, 'x64').replace('${ext}', 'zip'),
      name(config.artifactName, 'arm64').replace('${ext}', 'zip'),
      name(config.appImage.artifactName, 'x86_64').replace('${ext}', 'AppImage'),
    ];
    const deploy = readFileSync(path.join(root, 'docs/deploy.md'), 'utf8');
    const layout = /\*\*Feed layout\.\*\*[\s\S]*?```\n([\s\S]*?)```/.exec(deploy)![1]!;
    const named = layout.match(/\S+\.(?:exe|zip|AppImage|dmg|pkg)\b/g) ?? [];
    expect(named.sort()).toEqual([...expected].sort());
  });

  it('signs and notarises from the environment only: no credential in the file', () => {
    const text = readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');
    const config = load();
    expect(config.mac.notarize).toBe(true);
    for (const key of ['cscLink', 'cscKeyPassword', 'certificatePassword', 'appleIdPassword'])
      expect(text).not.toMatch(new RegExp(`^\\s*${key}:`, 'm'));
    expect(config.win.cscLink).toBeUndefined();
    expect(config.mac.identity ?? null).toBeNull();
  });

  it('ships native modules only with N-API prebuilds, so skipping the Electron rebuild is safe', () => {
    expect(load().npmRebuild).toBe(false);
    const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean; hasInstallScript?: boolean }>;
    };
    const native = Object.entries(lock.packages)
      .filter(([where, entry]) => where && !entry.dev && entry.hasInstallScript)
      .map(([where]) => where);
    for (const where of native) {
      const prebuilds = path.join(root, where, 'prebuilds');
      expect(existsSync(prebuilds), `${where} has no prebuilds/`).toBe(true);
      expect(readdirSync(prebuilds, { recursive: true }).join(' '), where).toMatch(/napi/);
    }
  });

  it('registers tel: and sip: for click-to-dial', () => {
    const schemes = (load().protocols as { schemes: string[] }[]).flatMap((p) => p.schemes);
    expect(schemes).toEqual(expect.arrayContaining(['tel', 'sip']));
  });

  it('burns in the hardening fuses (no ELECTRON_RUN_AS_NODE, no --inspect, no NODE_OPTIONS)', () => {
    expect(load().electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeCliInspectArguments: false,
      enableNodeOptionsEnvironmentVariable: false,
      onlyLoadAppFromAsar: true,
    });
  });

  it('asks macOS for the microphone, with a reason, under the hardened runtime', () => {
    const { mac } = load();
    expect(mac.hardenedRuntime).toBe(true);
    expect(mac.extendInfo.NSMicrophoneUsageDescription).toMatch(/microphone/);
    expect(readFileSync(path.join(root, mac.entitlements), 'utf8')).toContain(
      'com.apple.security.device.audio-input',
    );
  });

  it('every file the config points at exists', () => {
    const config = load();
    for (const file of [
      config.win.icon,
      config.mac.icon,
      config.linux.icon,
      config.mac.entitlements,
    ]) {
      expect(existsSync(path.join(root, file)), file).toBe(true);
    }
  });
});
