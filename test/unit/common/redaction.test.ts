// Art. 11: no full ID number, mobile, password or token in any log line, desk or records service.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { PINO_REDACT, redactText } from '../../../common/redaction.js';

const ID = '110101199003074514';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const logger = pino({ redact: PINO_REDACT, hooks: { streamWrite: redactText } }, stream);
  return { logger, lines };
}

describe('redactText', () => {
  it('masks a full ID number and a mobile wherever they stand', () => {
    const out = redactText(`customer ${ID} called from +86 13812345678, then 13900000001.`);
    expect(out).not.toContain(ID);
    expect(out).not.toMatch(/13812345678|13900000001/);
    expect(out).toContain('1***************14');
    expect(out).toContain('138****5678');
    expect(out).toBe('customer 1***************14 called from +86 138****5678, then 139****0001.');
  });

  it('replaces inline passwords, tokens and bearer credentials', () => {
    const out = redactText(
      'login password=hunter2 token: abc.def Authorization: Bearer eyJabc.def',
    );
    expect(out).not.toMatch(/hunter2|abc\.def|eyJabc/);
  });

  it('leaves times, ports and short numbers alone', () => {
    const line = '{"time":1765061234567,"port":8790,"queue":"4001","ext":"1001"}';
    expect(redactText(line)).toBe(line);
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
});
