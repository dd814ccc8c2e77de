// Bad input from the page — malformed contract payloads, unknown channels, junk on the bridge
// socket, bad HTTP bodies to the records service — gets a clear error and changes nothing.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { journalEntries } from '../support/journal.js';
import { expect, test } from './fixtures.js';

type Invoke = (
  channel: string,
  request: unknown,
) => Promise<{ ok: boolean; error?: { code: string; message: string } }>;

test('malformed contract payloads and bridge messages are refused and change nothing', async ({
  page,
  web,
}) => {
  await page.goto(web.url);
  await expect(page.getByTestId('login-submit')).toBeVisible();
  const settingsBefore = readFileSync(path.join(web.dataDir, 'settings.json'), 'utf8');

  const answers = await page.evaluate(async () => {
    const invoke = (window as unknown as { agentDesk: { invoke: Invoke } }).agentDesk.invoke;
    return {
      badLanguage: await invoke('settings:set', { language: 'fr' }),
      extraKey: await invoke('settings:set', { language: 'en', theme: 'dark' }),
      notAnObject: await invoke('auth:sign-in', 'agent01'),
      missingPassword: await invoke('auth:sign-in', { username: 'agent01' }),
      unknownChannel: await invoke('fs:read', { path: '/etc/passwd' }),
    };
  });
  expect(answers.badLanguage).toMatchObject({
    ok: false,
    error: { code: 'bad-request', message: expect.stringContaining('language') },
  });
  expect(answers.extraKey).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  expect(answers.notAnObject).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  expect(answers.missingPassword).toMatchObject({
    ok: false,
    error: { code: 'bad-request', message: expect.stringContaining('password') },
  });
  expect(answers.unknownChannel).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });

  // Junk straight onto the bridge socket (what a compromised page could send).
  const junk = await page.evaluate(
    () =>
      new Promise<unknown[]>((resolve) => {
        const ws = new WebSocket(`ws://${location.host}/bridge`);
        const got: unknown[] = [];
        ws.onmessage = (m) => {
          got.push(JSON.parse(String(m.data)));
          if (got.length === 3) resolve(got);
        };
        ws.onopen = () => {
          ws.send('{not json');
          ws.send(JSON.stringify({ type: 'invoke', id: 'x', channel: 'auth:current' }));
          ws.send(
            JSON.stringify({
              type: 'invoke',
              id: 9,
              channel: 'settings:set',
              payload: { language: 42 },
            }),
          );
        };
      }),
  );
  expect(junk).toEqual([
    expect.objectContaining({
      id: null,
      result: expect.objectContaining({
        ok: false,
        error: expect.objectContaining({ code: 'bad-request' }),
      }),
    }),
    expect.objectContaining({ id: null, result: expect.objectContaining({ ok: false }) }),
    expect.objectContaining({
      id: 9,
      result: expect.objectContaining({
        ok: false,
        error: expect.objectContaining({ code: 'bad-request' }),
      }),
    }),
  ]);

  expect(readFileSync(path.join(web.dataDir, 'settings.json'), 'utf8')).toBe(settingsBefore);
  expect(journalEntries(web.dataDir)).toEqual([]);
  await expect(page.getByTestId('login-submit')).toHaveText(/登录/);
});

test('bad HTTP bodies to the records service get a clear 400 and sign in nobody', async ({
  request,
  records,
}) => {
  const signIn = `${records.url}/api/v1/auth/sign-in`;
  const cases: { data?: unknown; body?: string; headers?: Record<string, string> }[] = [
    {
      body: '{"username": "agent01", "password": ',
      headers: { 'content-type': 'application/json' },
    },
    { data: { username: 'agent01' } },
    { data: { username: 'agent01', password: 'demo-pass-1', tier: 'admin' } },
    { data: ['agent01', 'demo-pass-1'] },
    {
      body: 'username=agent01&password=demo-pass-1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    },
  ];
  for (const c of cases) {
    const response = await request.post(signIn, { data: c.data ?? c.body, headers: c.headers });
    expect([400, 415]).toContain(response.status());
    const body = await response.json();
    expect(body.error.code).toBe('bad-request');
    expect(body.error.message.length).toBeGreaterThan(5);
    expect(body).not.toHaveProperty('token');
  }
});
