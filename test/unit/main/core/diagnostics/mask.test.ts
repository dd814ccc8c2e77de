// The export's masks (defence in depth over the writers' own redaction): secrets by key, numbers
// and tokens by shape; ids, times and error codes IT needs stay readable.
import { describe, expect, it } from 'vitest';
import { maskLog, maskText, maskValue } from '../../../../../main/core/diagnostics/mask.js';

describe('diagnostics masks', () => {
  it('masks ID numbers, mobiles, other numbers, bearer tokens and URL credentials in text', () => {
    expect(maskText('id 11010519491231002X, old 110105491231002')).toBe(
      'id 1***************2X, old 1************02',
    );
    expect(maskText('from 13812345678 / +8613812345678 / 01088886666')).toBe(
      'from 138****5678 / 138****5678 / 010******66',
    );
    expect(maskText('Authorization: Bearer abc.def-ghi')).toBe('Authorization: Bearer [redacted]');
    expect(maskText('https://u:pw@host/x?token=abc&x=1 sip:1001:pw@pbx')).toBe(
      'https://u:[redacted]@host/x?token=[redacted]&x=1 sip:1001:[redacted]@pbx',
    );
  });

  it('leaves UUIDs, times and hashes alone', () => {
    const text = '00000000-0000-4000-8000-000000000001 at 2026-12-06T08:00:00.000Z';
    expect(maskText(text)).toBe(text);
  });

  it('redacts secret keys at any depth; a flag or an error code stays', () => {
    expect(
      maskValue({
        sipAccount: { user: '1001', password: 'x' },
        passwordSet: true,
        nested: [{ accessToken: 'y', code: 'ECONNREFUSED' }, { code: '123456' }],
      }),
    ).toEqual({
      sipAccount: { user: '1001', password: '[redacted]' },
      passwordSet: true,
      nested: [{ accessToken: '[redacted]', code: 'ECONNREFUSED' }, { code: '[redacted]' }],
    });
  });

  it('masks a log line by line, JSON or not', () => {
    const log = `${JSON.stringify({ time: 1765008000000, msg: 'call 13900000001' })}\nplain 13900000001`;
    expect(maskLog(log)).toBe('{"time":1765008000000,"msg":"call 139****0001"}\nplain 139****0001');
  });
});
