#!/usr/bin/env node
// Builds every bundle with esbuild: `node scripts/build.mjs [target…]`; no target = all.
// Each target below says what it writes under dist/. The preload must stay one CommonJS file
// whose only require is `electron` (the sandbox can load nothing else).
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = (p) => path.join(root, 'dist', p);
const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
const define = { __APP_VERSION__: JSON.stringify(pkg.version) };
// NODE_ENV=production minifies the renderer and builds React for production.
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
  // dist/renderer/: index.html, app.js, app.css, web-bridge.js, the phone's workers, fonts, images,
  // training-audio/<lang>/<customer>/<prompt>.ogg|.wav.
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
    // The phone's workers, same-origin files beside index.html (the CSP admits no blob: worker).
    const workers = path.join(root, 'renderer/phone/workers');
    await build({
      entryPoints: {
        'telephone-events.worker': path.join(workers, 'telephone-events.worker.ts'),
        'tone-detector.worklet': path.join(workers, 'tone-detector.worklet.ts'),
      },
      outdir: out('renderer'),
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'chrome120',
      minify: production,
      sourcemap: true,
      logLevel: 'warning',
    });
    await cp(path.join(root, 'renderer/index.html'), out('renderer/index.html'));
    // The training line's recorded customer prompts, served beside the app (media-src 'self').
    const audio = path.join(root, 'assets/training/audio');
    if (existsSync(audio)) await cp(audio, out('renderer/training-audio'), { recursive: true });
  },
  // dist/preload/index.cjs: one sandbox-compatible CommonJS file; requires only electron.
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
  // dist/main/index.js: the Electron main, ESM; npm packages stay external.
  async main() {
    await build({
      ...node,
      entryPoints: [path.join(root, 'main/shell/index.ts')],
      outfile: out('main/index.js'),
      external: ['electron'],
    });
  },
  // dist/server/cli.js: the records service.
  async server() {
    await build({
      ...node,
      entryPoints: [path.join(root, 'server/cli.ts')],
      outfile: out('server/cli.js'),
    });
  },
  // dist/web/cli.js: the web host.
  async web() {
    await build({
      ...node,
      entryPoints: [path.join(root, 'main/web-host/cli.ts')],
      outfile: out('web/cli.js'),
    });
  },
  // dist/test/sip-peer/: the bare sip.js user agent page for e2e tests and the bench. Never
  // packaged: electron-builder.yml excludes dist/test.
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
