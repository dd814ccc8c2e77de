// What a release's app.asar holds, packed by electron-builder itself from a production build and
// electron-builder.yml: the built app, the training catalog and the demo seed; no tests, no source
// maps, no dev dependencies, and every package the bundled code imports at run time.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  loadConfig,
  packageProblems,
  packApp,
  packedPackages,
  runtimeImports,
  type PackedApp,
} from './app-package.js';
import { root, runBuild, withBuildLock } from './build-lock.js';

const BUNDLES = [
  'dist/main/index.js',
  'dist/preload/index.cjs',
  'dist/server/cli.js',
  'dist/web/cli.js',
];
const { dependencies } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};
const out = mkdtempSync(path.join(tmpdir(), 'agent-desk-package-'));
let packed: PackedApp;
let bad: PackedApp;
let imports: Set<string>;

beforeAll(async () => {
  // One lock for build and both packs: another build test rebuilding dist/ in between would
  // change what is packed.
  await withBuildLock(async () => {
    runBuild([], { NODE_ENV: 'production' });
    imports = new Set();
    for (const bundle of BUNDLES)
      for (const name of await runtimeImports(path.join(root, bundle))) imports.add(name);
    packed = await packApp(loadConfig(), path.join(out, 'good'));
    // A careless config: everything under dist/ and test/, maps included, a dev tool added.
    const config = loadConfig();
    config.files = [
      'dist/**',
      'test/unit/common/**',
      'package.json',
      { from: 'node_modules/esbuild', to: 'node_modules/esbuild' },
    ];
    bad = await packApp(config, path.join(out, 'bad'));
  });
}, 240_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the app package (electron-builder.yml, production build)', () => {
  it('holds nothing it should not and everything the app needs', () => {
    expect(packageProblems(packed, imports, dependencies)).toEqual([]);
  });

  it('packs the runtime dependencies the bundles import (the check has something to check)', () => {
    for (const name of ['fastify', 'pg', '@electric-sql/pglite', 'zod']) {
      expect(imports.has(name), `${name} imported`).toBe(true);
      expect(packedPackages(packed.files).has(name), `${name} packed`).toBe(true);
    }
  });

  it('keeps PGlite’s WebAssembly outside the asar, as asarUnpack says', () => {
    expect(packed.unpacked.some((f) => /@electric-sql\/pglite\/dist\/.*\.wasm$/.test(f))).toBe(
      true,
    );
  });

  it('catches a careless config: tests, the test build, source maps, a dev dependency, no catalog', () => {
    const problems = packageProblems(bad, imports, dependencies).join('\n');
    expect(problems).toMatch(/test file packed: \/test\/unit\/common\//);
    expect(problems).toMatch(/test build packed: \/dist\/test\//);
    expect(problems).toMatch(/source map packed: \/dist\/main\/index\.js\.map/);
    expect(problems).toMatch(/dev dependency packed: esbuild/);
    expect(problems).toMatch(/missing: \/assets\/training\/customers\.json/);
    expect(problems).toMatch(/missing: \/server\/seed\/demo-seed\.json/);
  });

  it('catches a run-time import that is only a dev dependency', () => {
    const problems = packageProblems(packed, new Set([...imports, 'vitest']), dependencies);
    expect(problems).toEqual([
      'imported at run time but not a dependency: vitest',
      'imported at run time but not packed: vitest',
    ]);
  });
});
