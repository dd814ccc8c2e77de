// Packs the app the way a release does — electron-builder's own packager, file matching and
// node_modules collection — into a temp folder, with a stand-in Electron binary (the real one is
// downloaded from GitHub, which this machine cannot reach) and no fuses (they patch that binary).
// Then reads back what the asar holds and what the bundled code imports, for app-package.test.ts.
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { build as esbuild } from 'esbuild';
import { root } from './build-lock.js';

const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown; dump(value: unknown): string };
const asar = require('@electron/asar') as { listPackage(file: string, o?: object): string[] };
const builder = require('electron-builder') as {
  build(options: object): Promise<string[]>;
  Platform: { LINUX: { createTarget(type: string): unknown } };
};

type Config = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
export const loadConfig = (): Config =>
  yaml.load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Config;

export interface PackedApp {
  /** Paths inside app.asar, `/dist/main/index.js` style. */
  files: string[];
  /** Paths in app.asar.unpacked, same style. */
  unpacked: string[];
}

/** Packs `config` (electron-builder.yml's content, maybe altered) for Linux x64 into `outDir`. */
export async function packApp(config: Config, outDir: string): Promise<PackedApp> {
  const fakeElectron = path.join(outDir, 'electron-dist');
  mkdirSync(path.join(fakeElectron, 'resources'), { recursive: true });
  writeFileSync(path.join(fakeElectron, 'electron'), '#!/bin/sh\nexit 0\n');
  chmodSync(path.join(fakeElectron, 'electron'), 0o755);
  const electronVersion = (
    JSON.parse(readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
  const file = path.join(outDir, 'electron-builder.yml');
  writeFileSync(
    file,
    yaml.dump({
      ...config,
      electronDist: fakeElectron,
      electronVersion,
      electronFuses: null,
      npmRebuild: false,
      directories: { ...config.directories, output: path.join(outDir, 'release') },
    }),
  );
  await builder.build({
    projectDir: root,
    config: file,
    targets: builder.Platform.LINUX.createTarget('dir'),
    publish: 'never',
  });
  const resources = path.join(outDir, 'release/linux-unpacked/resources');
  const files = asar.listPackage(path.join(resources, 'app.asar'), { isPack: false });
  const unpackedDir = path.join(resources, 'app.asar.unpacked');
  const unpacked = existsSync(unpackedDir)
    ? readdirSync(unpackedDir, { recursive: true, encoding: 'utf8' })
    : [];
  const slash = (f: string) => f.split(path.sep).join('/');
  return { files: files.map(slash), unpacked: unpacked.map((f) => `/${slash(f)}`) };
}

/** Top-level package names (`pg`, `@fastify/swagger`) the asar holds, at any depth. */
export function packedPackages(files: string[]): Set<string> {
  const names = new Set<string>();
  for (const file of files) {
    const parts = file.split('/');
    parts.forEach((part, i) => {
      if (part !== 'node_modules' || !parts[i + 1]) return;
      const name = parts[i + 1]!.startsWith('@')
        ? `${parts[i + 1]}/${parts[i + 2] ?? ''}`
        : parts[i + 1]!;
      if (!name.endsWith('/') && name !== '.bin') names.add(name);
    });
  }
  return names;
}

const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const packageOf = (specifier: string) =>
  specifier.startsWith('@')
    ? specifier.split('/').slice(0, 2).join('/')
    : (specifier.split('/')[0] ?? specifier);

/**
 * The npm packages a built bundle imports at run time (static, dynamic and require), as esbuild
 * itself parses them: the bundle is re-bundled with every package external and its metafile read.
 */
export async function runtimeImports(bundle: string): Promise<Set<string>> {
  const result = await esbuild({
    entryPoints: [bundle],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: bundle.endsWith('.cjs') ? 'cjs' : 'esm',
    packages: 'external',
    logLevel: 'silent',
  });
  const names = new Set<string>();
  for (const input of Object.values(result.metafile.inputs))
    for (const imp of input.imports)
      if (imp.external && !builtins.has(imp.path) && !imp.path.startsWith('.'))
        names.add(packageOf(imp.path));
  return names;
}

/** Packages package-lock.json marks as dev-only (never to be packed), by name. */
export function devOnlyPackages(): Set<string> {
  const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean }>;
  };
  const prodNames = new Set<string>();
  const devNames = new Set<string>();
  for (const [where, entry] of Object.entries(lock.packages)) {
    const at = where.lastIndexOf('node_modules/');
    if (at < 0) continue;
    const name = where.slice(at + 'node_modules/'.length);
    (entry.dev ? devNames : prodNames).add(name);
  }
  // A name with a production copy somewhere (two versions in the tree) is not dev-only.
  return new Set([...devNames].filter((name) => !prodNames.has(name)));
}

/** Everything wrong with a packed app, one line each; empty when it is fit to ship. */
export function packageProblems(
  packed: PackedApp,
  imports: Set<string>,
  dependencies: Record<string, string>,
): string[] {
  const problems: string[] = [];
  const ours = packed.files.filter((f) => !f.includes('/node_modules/'));
  for (const file of ours) {
    if (file === '/test' || file.startsWith('/test/')) problems.push(`test file packed: ${file}`);
    if (file.startsWith('/dist/test')) problems.push(`test build packed: ${file}`);
    if (/\.(test|spec)\.[cm]?[jt]sx?$/.test(file)) problems.push(`test packed: ${file}`);
    if (/\.tsx?$/.test(file)) problems.push(`TypeScript source packed: ${file}`);
  }
  for (const file of packed.files)
    if (file.endsWith('.map')) problems.push(`source map packed: ${file}`);
  const packages = packedPackages(packed.files);
  const devOnly = devOnlyPackages();
  for (const name of packages)
    if (devOnly.has(name)) problems.push(`dev dependency packed: ${name}`);
  for (const name of imports) {
    if (name === 'electron') continue; // provided by the runtime itself
    if (!(name in dependencies))
      problems.push(`imported at run time but not a dependency: ${name}`);
    if (!packages.has(name)) problems.push(`imported at run time but not packed: ${name}`);
  }
  const required = [
    '/package.json',
    '/dist/main/index.js',
    '/dist/preload/index.cjs',
    '/dist/renderer/index.html',
    '/server/seed/demo-seed.json',
    '/assets/training/customers.json',
    '/assets/training/prompts.json',
  ];
  for (const file of required) if (!packed.files.includes(file)) problems.push(`missing: ${file}`);
  for (const dir of ['/assets/training/scenarios/', '/assets/training/courses/'])
    if (!packed.files.some((f) => f.startsWith(dir) && f.endsWith('.json')))
      problems.push(`missing: ${dir}*.json`);
  return problems;
}
