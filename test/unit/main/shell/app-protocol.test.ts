// The agentdesk://app protocol: serves only the built renderer, never a byte outside it, and
// every answer carries the CSP (style.md §7).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  APP_SCHEME_PRIVILEGES,
  createAppProtocolHandler,
  resolveAppPath,
} from '../../../../main/shell/app-protocol.js';
import { buildCsp } from '../../../../main/core/csp.js';
import { useTempDirs } from '../../../support/fakes.js';

const tempDir = useTempDirs();

function renderer() {
  const dir = tempDir();
  const root = path.join(dir, 'renderer');
  mkdirSync(path.join(root, 'fonts'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Agent Desk</title>');
  writeFileSync(path.join(root, 'app.js'), 'console.log(1)');
  writeFileSync(path.join(root, 'fonts', 'a.woff2'), 'font');
  writeFileSync(path.join(root, 'notes.txt'), 'not a renderer asset');
  writeFileSync(path.join(dir, 'secret.json'), '{"secret":true}');
  return { root, handler: createAppProtocolHandler({ rootDir: root, csp: buildCsp() }) };
}

describe('app scheme', () => {
  it('is privileged as standard + secure + fetch, and nothing more', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({
      scheme: 'agentdesk',
      privileges: { standard: true, secure: true, supportFetchAPI: true },
    });
  });
});

describe('resolveAppPath', () => {
  const root = path.resolve('/srv/renderer');
  it.each([
    ['agentdesk://app/index.html', 'index.html'],
    ['agentdesk://app/', 'index.html'],
    ['agentdesk://app/fonts/a%20b.woff2', 'fonts/a b.woff2'],
    ['agentdesk://app/x/../app.js', 'app.js'],
  ])('%s → %s', (url, file) => {
    expect(resolveAppPath(root, url)).toBe(path.join(root, file));
  });

  it.each([
    'agentdesk://app/..%2f..%2fetc%2fpasswd',
    'agentdesk://app/..%2fsecret.json',
    'agentdesk://app/..%5csecret.json',
    'agentdesk://app/%2e%2e%2fsecret.json',
    'agentdesk://app/a%00.html',
    'agentdesk://app/%E0%A4%A',
    'agentdesk://other/index.html',
    'agentdesk://app@evil/index.html',
    'https://app/index.html',
  ])('refuses %s', (url) => {
    expect(resolveAppPath(root, url)).toBeNull();
  });
});

describe('protocol handler', () => {
  it('serves index.html with the CSP and the right type', async () => {
    const { handler } = renderer();
    const response = await handler(new Request(APP_ENTRY_URL));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(buildCsp());
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('Agent Desk');
  });

  it('serves nested assets', async () => {
    const { handler } = renderer();
    const response = await handler(new Request('agentdesk://app/fonts/a.woff2'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('font/woff2');
  });

  it.each([
    ['encoded traversal', 'agentdesk://app/..%2fsecret.json'],
    ['a missing file', 'agentdesk://app/nope.js'],
    ['a file type the renderer does not ship', 'agentdesk://app/notes.txt'],
    ['another host', 'agentdesk://elsewhere/index.html'],
  ])('answers 404 for %s, still with the CSP', async (_name, url) => {
    const { handler } = renderer();
    const response = await handler(new Request(url));
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toBe(buildCsp());
    expect(await response.text()).not.toContain('secret');
  });

  it('refuses methods other than GET and HEAD', async () => {
    const { handler } = renderer();
    expect((await handler(new Request(APP_ENTRY_URL, { method: 'POST', body: 'x' }))).status).toBe(
      405,
    );
    const head = await handler(new Request(APP_ENTRY_URL, { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
