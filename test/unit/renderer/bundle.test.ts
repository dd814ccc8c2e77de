// What the hosts rely on in the built renderer: index.html's bridge marker before the app script,
// the CSP, no inline script or style; and an app bundle that pulls in neither zod (the renderer
// takes common/ values from zod-free modules) nor anything from main/, server/ or preload/.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const html = readFileSync(path.join(root, 'renderer/index.html'), 'utf8');

describe('renderer/index.html', () => {
  it('has the host-bridge marker in <head>, before the module script', () => {
    const head = html.slice(0, html.indexOf('</head>'));
    const marker = head.indexOf('<!-- host-bridge -->');
    const app = head.indexOf('<script type="module" src="./app.js"></script>');
    expect(marker).toBeGreaterThan(-1);
    expect(app).toBeGreaterThan(marker);
    expect(head).toContain('<link rel="stylesheet" href="./app.css" />');
  });

  it('carries the CSP, and nothing inline that it would block', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    expect(csp).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; media-src 'self' blob: mediastream:; connect-src 'self' ws: wss:; base-uri 'none'; form-action 'none'; object-src 'none'",
    );
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle=/);
    expect(html).not.toMatch(/<style/);
    expect(html).not.toMatch(/\son[a-z]+=/);
  });
});

describe('renderer bundle', () => {
  it('contains no zod and nothing from main/, server/ or preload/', async () => {
    const result = await build({
      entryPoints: [path.join(root, 'renderer/main.tsx')],
      bundle: true,
      write: false,
      metafile: true,
      outdir: path.join(root, '.tmp/bundle-probe'),
      format: 'esm',
      platform: 'browser',
      jsx: 'automatic',
      loader: { '.woff2': 'file', '.svg': 'file', '.png': 'file' },
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((file) => file.includes('node_modules/zod/'))).toEqual([]);
    expect(inputs.filter((file) => /^(main|server|preload)\//.test(file))).toEqual([]);
    expect(result.warnings).toEqual([]);
  });
});
