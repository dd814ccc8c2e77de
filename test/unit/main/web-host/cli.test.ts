// The web host's command line: the SIP account flags and their config-file keys.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  embeddedSmsOutboxPath,
  parseWebHostArgs,
  sipAccountOf,
} from '../../../../main/web-host/cli.js';
import { useTempDirs } from '../../../support/fakes.js';

const tempDir = useTempDirs();
const SECRET = 'pw-Ux7-not-for-logs';
const sipFlags = [
  '--sip-ws',
  'ws://127.0.0.1:5066',
  '--sip-domain',
  '127.0.0.1',
  '--sip-user',
  '1001',
  '--sip-password',
  SECRET,
];

describe('web host flags: SIP account', () => {
  it('has no account by default', () => {
    const config = parseWebHostArgs([]);
    expect(sipAccountOf(config)).toBeUndefined();
  });

  it('takes all four flags as the account', () => {
    expect(sipAccountOf(parseWebHostArgs(sipFlags))).toEqual({
      wsUrl: 'ws://127.0.0.1:5066',
      domain: '127.0.0.1',
      user: '1001',
      password: SECRET,
    });
  });

  it('takes the same keys from the config file; flags win', () => {
    const file = path.join(tempDir(), 'web.json');
    writeFileSync(
      file,
      JSON.stringify({
        sipWs: 'wss://sip.bank.example/ws',
        sipDomain: 'bank.example',
        sipUser: '1001',
        sipPassword: SECRET,
      }),
    );
    expect(sipAccountOf(parseWebHostArgs(['--config', file]))).toEqual({
      wsUrl: 'wss://sip.bank.example/ws',
      domain: 'bank.example',
      user: '1001',
      password: SECRET,
    });
    expect(sipAccountOf(parseWebHostArgs(['--config', file, '--sip-user', '1002']))).toMatchObject({
      user: '1002',
      password: SECRET,
    });
  });

  it('refuses a partial account, naming what is missing, without echoing the password', () => {
    const error = (() => {
      try {
        parseWebHostArgs(['--sip-ws', 'ws://127.0.0.1:5066', '--sip-password', SECRET]);
      } catch (e) {
        return e as Error;
      }
      return null;
    })();
    expect(error?.message).toMatch(/--sip-domain, --sip-user/);
    expect(error?.message).not.toContain(SECRET);
  });

  it.each([
    ['an http URL', ['--sip-ws', 'http://127.0.0.1:5066'], /sipWs/],
    ['a user with spaces', ['--sip-user', 'agent one'], /sipUser/],
    ['a domain with a path', ['--sip-domain', 'bank.example/x'], /sipDomain/],
  ])('refuses %s', (_n, override, message) => {
    const args = [...sipFlags];
    args[args.indexOf(override[0]!) + 1] = override[1]!;
    expect(() => parseWebHostArgs(args)).toThrow(message);
  });

  it('refuses an unknown key in the config file', () => {
    const file = path.join(tempDir(), 'web.json');
    writeFileSync(file, JSON.stringify({ sipPasswd: SECRET }));
    expect(() => parseWebHostArgs(['--config', file])).toThrow(/sipPasswd|Unrecognized/);
  });
});

describe('web host flags: the embedded records service’s SMS outbox', () => {
  it('defaults to <data-dir>/sms-outbox.jsonl, so OTP works in the demo', () => {
    const config = parseWebHostArgs(['--data-dir', '/tmp/desk-data']);
    expect(embeddedSmsOutboxPath(config, '/tmp/desk-data')).toBe(
      path.resolve('/tmp/desk-data/sms-outbox.jsonl'),
    );
  });

  it('takes --records-sms-outbox, or recordsSmsOutbox from the config file; the flag wins', () => {
    expect(
      embeddedSmsOutboxPath(parseWebHostArgs(['--records-sms-outbox', 'out/sms.jsonl']), '/d'),
    ).toBe(path.resolve('out/sms.jsonl'));
    const file = path.join(tempDir(), 'web.json');
    writeFileSync(file, JSON.stringify({ recordsSmsOutbox: '/var/tmp/a.jsonl' }));
    expect(embeddedSmsOutboxPath(parseWebHostArgs(['--config', file]), '/d')).toBe(
      '/var/tmp/a.jsonl',
    );
    expect(
      embeddedSmsOutboxPath(
        parseWebHostArgs(['--config', file, '--records-sms-outbox', '/var/tmp/b.jsonl']),
        '/d',
      ),
    ).toBe('/var/tmp/b.jsonl');
  });
});

describe('web host flags: demo and transport', () => {
  it('never implies the demo or a TLS proxy; --demo and --behind-tls-proxy say so', () => {
    expect(parseWebHostArgs([])).toMatchObject({ demo: false, behindTlsProxy: false });
    expect(parseWebHostArgs(['--demo', '--behind-tls-proxy'])).toMatchObject({
      demo: true,
      behindTlsProxy: true,
    });
    const file = path.join(tempDir(), 'web.json');
    writeFileSync(file, JSON.stringify({ demo: true, behindTlsProxy: true }));
    expect(parseWebHostArgs(['--config', file])).toMatchObject({
      demo: true,
      behindTlsProxy: true,
    });
  });
});
