#!/usr/bin/env node
// Builds every bundle with esbuild. `node scripts/build.mjs [target…]`; no target = all.
//   renderer  → dist/renderer/ (index.html, app.js, app.css, web-bridge.js, fonts/images)
//   preload   → dist/preload/index.cjs  (one sandbox-compatible CommonJS file; requires only
//   electron) main      → dist/main/index.js      (Electron main, ESM; npm packages stay external)
//   server    → dist/server/cli.js      (records service)
//   web       → dist/web/cli.js         (web host)
//   sip-peer  → dist/test/sip-peer/     (bare sip.js user agent page for e2e tests and the bench;
//                                        never packaged: electron-builder.yml excludes dist/test)
import { build } from 'esbuild';
import { cp, mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = (p) => path.join(root, 'dist', p);
const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
const define = { __APP_VERSION__: JSON.stringify(pkg.version) };
const production = process.env.NODE_ENV === 'production';

const node = {
  platform: 'node',
  target: 'node20',
  format: 'esm',
  bundle: true,
  packages: 'external',
  sourcemap: true,
  define,
  logLevel: 'warning',
};

const targets = {
  async renderer() {
    await rm(out('renderer'), { recursive: true, force: true });
    await build({
      entryPoints: { app: path.join(root, 'renderer/main.tsx') },
      outdir: out('renderer'),
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'chrome120',
      jsx: 'automatic',
      minify: production,
      sourcemap: true,
      loader: { '.woff2': 'file', '.svg': 'file', '.png': 'file', '.wav': 'file', '.mp3': 'file' },
      define: {
        ...define,
        'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development'),
      },
      logLevel: 'warning',
    });
    await build({
      entryPoints: { 'web-bridge': path.join(root, 'preload/web-bridge.ts') },
      outdir: out('renderer'),
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'chrome120',
      sourcemap: true,
      logLevel: 'warning',
    });
    await cp(path.join(root, 'renderer/index.html'), out('renderer/index.html'));
  },
  async preload() {
    await build({
      entryPoints: [path.join(root, 'preload/index.ts')],
      outfile: out('preload/index.cjs'),
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      external: ['electron'],
      sourcemap: false,
      logLevel: 'warning',
    });
  },
  async main() {
    await build({
      ...node,
      entryPoints: [path.join(root, 'main/shell/index.ts')],
      outfile: out('main/index.js'),
      external: ['electron'],
    });
  },
  async server() {
    await build({
      ...node,
      entryPoints: [path.join(root, 'server/cli.ts')],
      outfile: out('server/cli.js'),
    });
  },
  async web() {
    await build({
      ...node,
      entryPoints: [path.join(root, 'main/web-host/cli.ts')],
      outfile: out('web/cli.js'),
    });
  },
  async 'sip-peer'() {
    await rm(out('test/sip-peer'), { recursive: true, force: true });
    await build({
      entryPoints: { peer: path.join(root, 'test/e2e/sip-peer/peer.ts') },
      outdir: out('test/sip-peer'),
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'chrome120',
      sourcemap: true,
      logLevel: 'warning',
    });
    await cp(path.join(root, 'test/e2e/sip-peer/index.html'), out('test/sip-peer/index.html'));
  },
};

const wanted = process.argv.slice(2);
for (const name of wanted)
  if (!targets[name])
    throw new Error(`unknown build target ${name}; one of ${Object.keys(targets).join(', ')}`);
await mkdir(out(''), { recursive: true });
for (const name of wanted.length ? wanted : Object.keys(targets)) await targets[name]();
