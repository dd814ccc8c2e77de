// Art. 15: only loopback, or IT's explicit policy key, may carry records or SIP in clear.
import { describe, expect, it } from 'vitest';
import {
  describeTransportProblem,
  isLoopbackHost,
  transportProblem,
} from '../../../common/transport.js';

describe('isLoopbackHost', () => {
  it.each(['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LOCALHOST'])(
    '%s is this machine',
    (host) => expect(isLoopbackHost(host)).toBe(true),
  );
  it.each([
    '10.0.0.5',
    '192.168.1.10',
    '128.0.0.1',
    '127.0.0.256',
    'localhost.bank.cn',
    '::2',
    '',
    // Resolved by Node through DNS or a search domain, not necessarily to this machine.
    'desk.localhost',
    'records.localhost.',
  ])('%s is not', (host) => expect(isLoopbackHost(host)).toBe(false));
});

describe('transportProblem', () => {
  it('accepts https: records and wss: SIP anywhere', () => {
    expect(transportProblem('https://records.bank.cn', 'records', false)).toBeNull();
    expect(transportProblem('wss://pbx.bank.cn:7443/ws', 'sip', false)).toBeNull();
  });

  it('accepts http:/ws: on loopback (a checkout, the embedded demo, the e2e)', () => {
    expect(transportProblem('http://127.0.0.1:8790', 'records', false)).toBeNull();
    expect(transportProblem('http://[::1]:8790', 'records', false)).toBeNull();
    expect(transportProblem('ws://localhost:5066', 'sip', false)).toBeNull();
  });

  it('refuses http:/ws: to another machine, naming the URL and the policy key', () => {
    const records = transportProblem('http://10.1.2.3:8790', 'records', false);
    expect(records).toMatchObject({ reason: 'insecure', url: 'http://10.1.2.3:8790' });
    expect(describeTransportProblem(records!)).toMatch(
      /http:\/\/10\.1\.2\.3:8790.*https:.*allowInsecureTransport/,
    );
    expect(transportProblem('ws://pbx.bank.cn/ws', 'sip', false)).toMatchObject({
      reason: 'insecure',
    });
  });

  it('lets IT allow plain transport on a closed network', () => {
    expect(transportProblem('http://10.1.2.3:8790', 'records', true)).toBeNull();
    expect(transportProblem('ws://pbx.bank.cn/ws', 'sip', true)).toBeNull();
  });

  it('refuses the wrong scheme for the kind and what is not a URL, even when allowed', () => {
    expect(transportProblem('wss://records.bank.cn', 'records', true)).toMatchObject({
      reason: 'unsupported',
    });
    expect(transportProblem('https://pbx.bank.cn', 'sip', true)).toMatchObject({
      reason: 'unsupported',
    });
    expect(transportProblem('not a url', 'records', true)).toMatchObject({ reason: 'invalid' });
  });
});
