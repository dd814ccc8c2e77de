import { describe, expect, it } from 'vitest';
import { parseDtmfInfo } from '../../../common/dtmf.js';

describe('parseDtmfInfo', () => {
  it('reads application/dtmf-relay', () => {
    expect(parseDtmfInfo('application/dtmf-relay', 'Signal=5\r\nDuration=160')).toBe('5');
    expect(
      parseDtmfInfo('Application/DTMF-Relay; charset=utf-8', 'Duration=160\r\nSignal = #\r\n'),
    ).toBe('#');
    expect(parseDtmfInfo('application/dtmf-relay', 'Signal=*\nDuration=100')).toBe('*');
    expect(parseDtmfInfo('application/dtmf-relay', 'signal=d')).toBe('D');
  });

  it('reads application/dtmf', () => {
    expect(parseDtmfInfo('application/dtmf', '7')).toBe('7');
    expect(parseDtmfInfo('application/dtmf', ' 0\r\n')).toBe('0');
    expect(parseDtmfInfo('application/dtmf', 'a')).toBe('A');
  });

  it('returns null for anything else', () => {
    for (const [type, body] of [
      ['application/dtmf-relay', 'Signal=10'],
      ['application/dtmf-relay', 'Signal=E'],
      ['application/dtmf-relay', 'Signal='],
      ['application/dtmf-relay', 'Duration=160'],
      ['application/dtmf-relay', 'Signal=1\r\nSignal=2'],
      ['application/dtmf-relay', 'XSignal=1'],
      ['application/dtmf-relay', `Signal=1\r\n${'x'.repeat(300)}`],
      ['application/dtmf', '12'],
      ['application/dtmf', '<b>'],
      ['application/dtmf', ''],
      ['text/plain', '5'],
      ['application/media_control+xml', '<x/>'],
      ['', '5'],
    ] as const) {
      expect(parseDtmfInfo(type, body), `${type} ${JSON.stringify(body)}`).toBeNull();
    }
    expect(parseDtmfInfo(null, '5')).toBeNull();
    expect(parseDtmfInfo('application/dtmf', undefined)).toBeNull();
  });
});
