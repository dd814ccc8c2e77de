import { describe, expect, it } from 'vitest';
import {
  callerIdFrom,
  isTrustedHost,
  sanitizeDisplayName,
  type CallerIdInput,
} from '../../../common/caller-id.js';

describe('callerIdFrom', () => {
  const base: CallerIdInput = {
    paiHeader: '"Zhang Wei" <sip:1001@proxy.bank.example>',
    paiSourceHost: 'proxy.bank.example',
    trustedProxies: ['proxy.bank.example'],
    fromDisplayName: 'Spoofed Name',
    fromUri: 'sip:9999@proxy.bank.example',
  };

  it('takes PAI when the connection is to a trusted proxy', () => {
    expect(callerIdFrom(base)).toEqual({ number: '1001', displayName: 'Zhang Wei', source: 'pai' });
  });

  it('ignores PAI from a host that is not trusted, and uses From', () => {
    expect(callerIdFrom({ ...base, paiSourceHost: 'evil.example' })).toEqual({
      number: '9999',
      displayName: 'Spoofed Name',
      source: 'from',
    });
    expect(callerIdFrom({ ...base, trustedProxies: [] })).toMatchObject({ source: 'from' });
    expect(callerIdFrom({ ...base, paiSourceHost: null })).toMatchObject({ source: 'from' });
  });

  it('uses From when there is no usable PAI', () => {
    expect(callerIdFrom({ ...base, paiHeader: undefined })).toMatchObject({
      number: '9999',
      source: 'from',
    });
    expect(callerIdFrom({ ...base, paiHeader: 'garbage' })).toMatchObject({
      number: '9999',
      source: 'from',
    });
    expect(callerIdFrom({ ...base, paiHeader: '<sip:proxy.bank.example>' })).toMatchObject({
      source: 'from',
    });
  });

  it('reads tel: identities, a second identity, unquoted names and header parameters', () => {
    expect(callerIdFrom({ ...base, paiHeader: '<tel:+8613800000000>' })).toEqual({
      number: '+8613800000000',
      displayName: null,
      source: 'pai',
    });
    expect(
      callerIdFrom({
        ...base,
        paiHeader: '"A, B" <sip:proxy.bank.example>, <tel:+861012345678;cpc=x>',
      }),
    ).toMatchObject({ number: '+861012345678', source: 'pai' });
    expect(callerIdFrom({ ...base, paiHeader: 'Li Na <sip:2002@x>;party=calling' })).toEqual({
      number: '2002',
      displayName: 'Li Na',
      source: 'pai',
    });
    expect(callerIdFrom({ ...base, paiHeader: 'sip:3003@x' })).toEqual({
      number: '3003',
      displayName: null,
      source: 'pai',
    });
    expect(callerIdFrom({ ...base, paiHeader: '"Say \\"hi\\"" <sip:1@x>' })).toMatchObject({
      displayName: 'Say hi',
    });
  });

  it('decodes and sanitizes the number and name: no markup, no control or bidi characters, capped', () => {
    const result = callerIdFrom({
      ...base,
      paiHeader: undefined,
      fromDisplayName: '<img src=x onerror=alert(1)>\u202Eevil\u0000\u200B  name',
      fromUri: 'sip:%3Cb%3E1001%3C%2Fb%3E@x',
    });
    expect(result.displayName).toBe('img src=x onerror=alert(1)evil name');
    expect(result.number).toBe('b1001b');
    expect(
      callerIdFrom({
        ...base,
        paiHeader: undefined,
        fromDisplayName: 'x'.repeat(500),
        fromUri: `sip:${'9'.repeat(500)}@x`,
      }),
    ).toMatchObject({
      displayName: 'x'.repeat(100),
      number: '9'.repeat(64),
    });
    expect(
      callerIdFrom({
        ...base,
        paiHeader: undefined,
        fromDisplayName: '  \u0007 ',
        fromUri: undefined,
      }),
    ).toEqual({ number: '', displayName: null, source: 'from' });
  });

  it('keeps Chinese names whole', () => {
    expect(sanitizeDisplayName('张伟')).toBe('张伟');
    expect(sanitizeDisplayName('😀'.repeat(150))).toBe('😀'.repeat(100));
  });
});

describe('isTrustedHost', () => {
  it('matches host names case-insensitively, any port unless the entry names one', () => {
    expect(isTrustedHost('Proxy.Bank.Example:7443', ['proxy.bank.example'])).toBe(true);
    expect(isTrustedHost('proxy.bank.example.', ['proxy.bank.example'])).toBe(true);
    expect(isTrustedHost('proxy.bank.example:7443', ['proxy.bank.example:7443'])).toBe(true);
    expect(isTrustedHost('proxy.bank.example:5061', ['proxy.bank.example:7443'])).toBe(false);
    expect(isTrustedHost('proxy.bank.example', ['proxy.bank.example:7443'])).toBe(false);
    expect(isTrustedHost('127.0.0.1:5066', ['127.0.0.1'])).toBe(true);
    expect(isTrustedHost('[::1]:5066', ['::1'])).toBe(true);
    expect(isTrustedHost('[::1]:5066', ['[::1]:5066'])).toBe(true);
  });

  it('does not match a suffix, a prefix or nothing', () => {
    expect(isTrustedHost('evilproxy.bank.example', ['proxy.bank.example'])).toBe(false);
    expect(isTrustedHost('proxy.bank.example.evil.example', ['proxy.bank.example'])).toBe(false);
    expect(isTrustedHost('', ['proxy.bank.example'])).toBe(false);
    expect(isTrustedHost('proxy.bank.example', [])).toBe(false);
    expect(isTrustedHost('proxy bank', ['proxy bank'])).toBe(false);
  });
});
