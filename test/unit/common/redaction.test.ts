// Art. 11: no full ID number, phone number, password, passcode or token in any log line (desk,
// records service) or in IT's diagnostics export — one rule set for all three.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import {
  PINO_REDACT,
  redactLog,
  redactLogLine,
  redactText,
  redactValue,
} from '../../../common/redaction.js';

const ID = '110101199003074514';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const logger = pino({ redact: PINO_REDACT, hooks: { streamWrite: redactLogLine } }, stream);
  return { logger, lines };
}

describe('redactText', () => {
  it('masks a full ID number and a mobile wherever they stand', () => {
    const out = redactText(`customer ${ID} called from +86 13812345678, then 13900000001.`);
    expect(out).toBe('customer 1***************14 called from +86 138****5678, then 139****0001.');
  });

  it('replaces inline passwords, tokens and bearer credentials', () => {
    const out = redactText(
      'login password=hunter2 token: abc.def Authorization: Bearer eyJabc.def',
    );
    expect(out).not.toMatch(/hunter2|abc\.def|eyJabc/);
    expect(redactText('Authorization: Bearer abc.def-ghi')).toBe(
      'Authorization: Bearer [redacted]',
    );
  });

  // Each of these passed the old rules unmasked (review finding, verified).
  it.each([
    ['sip:user:s3cret@pbx', 'sip:user:[redacted]@pbx', 's3cret'],
    ['wss://agent:s3cret@pbx/ws', 'wss://agent:[redacted]@pbx/ws', 's3cret'],
    [
      'jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMDAxIn0.c2lnbmF0dXJl here',
      'jwt [redacted] here',
      'eyJhbGciOiJIUzI1NiJ9',
    ],
    ['old id 110105491231002', 'old id 1************02', '110105491231002'],
    ['landline 01088886666', 'landline 010******66', '01088886666'],
    ['landline 010-88886666', 'landline 010******66', '88886666'],
    ['abroad +85291234567', 'abroad +85*******67', '91234567'],
    ['spaced 138 0013 8000', 'spaced 138****8000', '0013'],
    ['dashed 138-0013-8000', 'dashed 138****8000', '0013'],
    ['X-Api-Key: k-9f8e7d6c5b', 'X-Api-Key: [redacted]', '9f8e7d6c5b'],
    ['launchToken=abcdef123', 'launchToken=[redacted]', 'abcdef123'],
    ['the passcode 482913 was sent', 'the passcode [redacted] was sent', '482913'],
    ['OTP: 482913', 'OTP: [redacted]', '482913'],
    ['验证码 482913', '验证码 [redacted]', '482913'],
  ])('%s', (input, expected, secret) => {
    const out = redactText(input);
    expect(out).not.toContain(secret);
    expect(out).toBe(expected);
  });

  it('leaves UUIDs, times, versions, ports and short numbers in text alone', () => {
    const text =
      '00000000-0000-4000-8000-000000000001 at 2026-12-06T08:00:00.000Z v1.4.0 port 8790 ext 1001 exit code 1';
    expect(redactText(text)).toBe(text);
  });
});

describe('redactValue (key rules, any depth)', () => {
  it('redacts secret keys at any depth; a flag or an error code stays', () => {
    expect(
      redactValue({
        sipAccount: { user: '1001', password: 'x' },
        passwordSet: true,
        nested: [{ accessToken: 'y', code: 'ECONNREFUSED' }, { code: '123456' }],
        deep: { a: { b: { nationalId: '1***', mobile: '138', 'x-api-key': 'k' } } },
      }),
    ).toEqual({
      sipAccount: { user: '1001', password: '[redacted]' },
      passwordSet: true,
      nested: [{ accessToken: '[redacted]', code: 'ECONNREFUSED' }, { code: '[redacted]' }],
      deep: {
        a: { b: { nationalId: '[redacted]', mobile: '[redacted]', 'x-api-key': '[redacted]' } },
      },
    });
  });
});

describe('redactLogLine / redactLog', () => {
  it('leaves times, ports and short numbers of a JSON line alone', () => {
    const line = '{"time":1765061234567,"port":8790,"queue":"4001","ext":"1001"}\n';
    expect(redactLogLine(line)).toBe(line);
  });

  it('masks a file line by line, JSON or not', () => {
    const log = `${JSON.stringify({ time: 1765008000000, msg: 'call 13900000001' })}\nplain 13900000001`;
    expect(redactLog(log)).toBe(
      '{"time":1765008000000,"msg":"call 139****0001"}\nplain 139****0001',
    );
  });
});

describe('a pino logger with the shared rules', () => {
  it('masks a full ID, a mobile and a password in fields and in the message', () => {
    const { logger, lines } = capture();
    logger.info(
      {
        nationalId: ID,
        sipAccount: { user: '1001', password: 's3cret-pw' },
        call: { mobile: '13812345678' },
        err: `lookup failed for ${ID}`,
      },
      `dialled 13812345678 with password=s3cret-pw`,
    );
    const line = lines.join('');
    expect(line).not.toContain(ID);
    expect(line).not.toContain('13812345678');
    expect(line).not.toContain('s3cret-pw');
    expect(line).toContain('[redacted]');
    expect(line).toContain('"user":"1001"');
  });

  it('masks what no field path reaches: deep secrets, URL credentials, spaced mobiles, landlines', () => {
    const { logger, lines } = capture();
    logger.warn(
      { a: { b: { c: { password: 'deep-s3cret' } } }, headers: { 'x-api-key': 'k-123456789' } },
      'register sip:1001:s3cret@pbx failed; caller 138 0013 8000, back office 01088886666',
    );
    const line = lines.join('');
    expect(line).not.toMatch(/deep-s3cret|k-123456789|s3cret@|0013|88886666/);
    expect(line.endsWith('\n')).toBe(true);
    expect(JSON.parse(line)).toMatchObject({ level: 40 });
  });
});
