import { describe, expect, it } from 'vitest';
import { dialTarget } from '../../../common/dial-target.js';

describe('dialTarget', () => {
  it('puts numbers on the account domain, without separators', () => {
    expect(dialTarget(' 138-0000 (0000) ', 'pbx.bank.example')).toEqual({
      uri: 'sip:13800000000@pbx.bank.example',
      number: '13800000000',
    });
    expect(dialTarget('+86 10 1234 5678', 'pbx.bank.example')).toEqual({
      uri: 'sip:+861012345678@pbx.bank.example',
      number: '+861012345678',
    });
    expect(dialTarget('*72#', 'pbx')).toEqual({ uri: 'sip:*72%23@pbx', number: '*72#' });
    expect(dialTarget('1002', '127.0.0.1:5066')).toEqual({
      uri: 'sip:1002@127.0.0.1:5066',
      number: '1002',
    });
    expect(dialTarget('alice', 'pbx')).toEqual({ uri: 'sip:alice@pbx', number: 'alice' });
  });

  it('takes tel: and sip: links, but always through the account domain', () => {
    expect(dialTarget('tel:+86-10-1234-5678', 'pbx')).toEqual({
      uri: 'sip:+861012345678@pbx',
      number: '+861012345678',
    });
    expect(dialTarget('sip:1003@evil.example;transport=tcp', 'pbx')).toEqual({
      uri: 'sip:1003@pbx',
      number: '1003',
    });
    expect(dialTarget('SIP:1004', 'pbx')).toEqual({ uri: 'sip:1004@pbx', number: '1004' });
  });

  it('refuses what is not a number', () => {
    for (const bad of [
      '',
      '   ',
      'javascript:alert(1)',
      '<b>1</b>',
      'sip:@pbx',
      'tel:',
      '1 2 3 x',
      '9'.repeat(65),
      'sip:a b@x',
    ]) {
      expect(dialTarget(bad, 'pbx'), bad).toBeNull();
    }
  });
});
