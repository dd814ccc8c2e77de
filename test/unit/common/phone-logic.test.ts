import { describe, expect, it } from 'vitest';
import {
  BACKOFF_CAP_MS,
  agentReducer,
  backoffDelay,
  callerIdFrom,
  dialTarget,
  dropTelephoneEvent8000,
  incomingCallDecision,
  initialAgentStatus,
  isTrustedHost,
  mosEstimate,
  parseDtmfInfo,
  qualityWarning,
  sanitiseDisplayName,
  sipfragStatus,
  summariseQuality,
  type AgentEvent,
  type AgentStatus,
  type CallerIdInput,
  type QualitySampleLike,
} from '../../../common/phone-logic.js';

describe('backoffDelay (full jitter, 1 s base, 30 s cap)', () => {
  it('spans [0, 1 s) on the first retry and doubles the window each time', () => {
    expect(backoffDelay(0, () => 0)).toBe(0);
    expect(backoffDelay(0, () => 0.999999)).toBe(999);
    expect(backoffDelay(1, () => 0.5)).toBe(1000);
    expect(backoffDelay(2, () => 0.5)).toBe(2000);
    expect(backoffDelay(4, () => 0.5)).toBe(8000);
  });

  it('never exceeds the cap, however many attempts', () => {
    for (const attempt of [5, 6, 10, 100, 10_000, Number.MAX_SAFE_INTEGER]) {
      expect(backoffDelay(attempt, () => 0.999999)).toBeLessThan(BACKOFF_CAP_MS);
      expect(backoffDelay(attempt, () => 0.5)).toBe(15_000);
    }
  });

  it('survives a bad attempt count or a random source out of range', () => {
    expect(backoffDelay(-3, () => 0.5)).toBe(500);
    expect(backoffDelay(Number.NaN, () => 0.5)).toBe(500);
    expect(backoffDelay(3, () => 1)).toBeLessThan(8000);
    expect(backoffDelay(3, () => -1)).toBe(0);
    expect(backoffDelay(3, () => Number.NaN)).toBe(0);
  });

  it('is uniformly spread (full jitter, not equal jitter)', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const delays = Array.from({ length: 2000 }, () => backoffDelay(3, random));
    expect(Math.min(...delays)).toBeLessThan(400);
    expect(Math.max(...delays)).toBeGreaterThan(7600);
    const mean = delays.reduce((a, b) => a + b, 0) / delays.length;
    expect(mean).toBeGreaterThan(3600);
    expect(mean).toBeLessThan(4400);
  });
});

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
    expect(callerIdFrom({ ...base, paiSourceHost: 'evil.example' })).toEqual({ number: '9999', displayName: 'Spoofed Name', source: 'from' });
    expect(callerIdFrom({ ...base, trustedProxies: [] })).toMatchObject({ source: 'from' });
    expect(callerIdFrom({ ...base, paiSourceHost: null })).toMatchObject({ source: 'from' });
  });

  it('uses From when there is no usable PAI', () => {
    expect(callerIdFrom({ ...base, paiHeader: undefined })).toMatchObject({ number: '9999', source: 'from' });
    expect(callerIdFrom({ ...base, paiHeader: 'garbage' })).toMatchObject({ number: '9999', source: 'from' });
    expect(callerIdFrom({ ...base, paiHeader: '<sip:proxy.bank.example>' })).toMatchObject({ source: 'from' });
  });

  it('reads tel: identities, a second identity, unquoted names and header parameters', () => {
    expect(callerIdFrom({ ...base, paiHeader: '<tel:+8613800000000>' })).toEqual({ number: '+8613800000000', displayName: null, source: 'pai' });
    expect(callerIdFrom({ ...base, paiHeader: '"A, B" <sip:proxy.bank.example>, <tel:+861012345678;cpc=x>' })).toMatchObject({ number: '+861012345678', source: 'pai' });
    expect(callerIdFrom({ ...base, paiHeader: 'Li Na <sip:2002@x>;party=calling' })).toEqual({ number: '2002', displayName: 'Li Na', source: 'pai' });
    expect(callerIdFrom({ ...base, paiHeader: 'sip:3003@x' })).toEqual({ number: '3003', displayName: null, source: 'pai' });
    expect(callerIdFrom({ ...base, paiHeader: '"Say \\"hi\\"" <sip:1@x>' })).toMatchObject({ displayName: 'Say hi' });
  });

  it('decodes and sanitises the number and name: no markup, no control or bidi characters, capped', () => {
    const result = callerIdFrom({
      ...base,
      paiHeader: undefined,
      fromDisplayName: '<img src=x onerror=alert(1)>\u202Eevil\u0000\u200B  name',
      fromUri: 'sip:%3Cb%3E1001%3C%2Fb%3E@x',
    });
    expect(result.displayName).toBe('img src=x onerror=alert(1)evil name');
    expect(result.number).toBe('b1001b');
    expect(callerIdFrom({ ...base, paiHeader: undefined, fromDisplayName: 'x'.repeat(500), fromUri: `sip:${'9'.repeat(500)}@x` })).toMatchObject({
      displayName: 'x'.repeat(100),
      number: '9'.repeat(64),
    });
    expect(callerIdFrom({ ...base, paiHeader: undefined, fromDisplayName: '  \u0007 ', fromUri: undefined })).toEqual({ number: '', displayName: null, source: 'from' });
  });

  it('keeps Chinese names whole', () => {
    expect(sanitiseDisplayName('张伟')).toBe('张伟');
    expect(sanitiseDisplayName('😀'.repeat(150))).toBe('😀'.repeat(100));
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

describe('parseDtmfInfo', () => {
  it('reads application/dtmf-relay', () => {
    expect(parseDtmfInfo('application/dtmf-relay', 'Signal=5\r\nDuration=160')).toBe('5');
    expect(parseDtmfInfo('Application/DTMF-Relay; charset=utf-8', 'Duration=160\r\nSignal = #\r\n')).toBe('#');
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

describe('mosEstimate', () => {
  it('is about 4.4 on a perfect line and falls with delay, jitter and loss', () => {
    expect(mosEstimate({ rttMs: 0, jitterMs: 0, lossPct: 0 })).toBe(4.4);
    const good = mosEstimate({ rttMs: 40, jitterMs: 5, lossPct: 0 })!;
    expect(good).toBeGreaterThan(4.3);
    expect(mosEstimate({ rttMs: 600, jitterMs: 5, lossPct: 0 })!).toBeLessThan(good);
    expect(mosEstimate({ rttMs: 40, jitterMs: 80, lossPct: 0 })!).toBeLessThan(good);
    expect(mosEstimate({ rttMs: 40, jitterMs: 5, lossPct: 10 })!).toBeLessThan(3.6);
  });

  it('follows the documented formula (worked example)', () => {
    // d = 200/2 + 2*20 + 10 = 150 → R = 93.2 - 150/40 = 89.45; minus 2.5*2 = 84.45
    const r = 84.45;
    const expected = Math.round((1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r)) * 100) / 100;
    expect(mosEstimate({ rttMs: 200, jitterMs: 20, lossPct: 2 })).toBe(expected);
  });

  it('stays within 1..4.5 and is null when nothing was measured', () => {
    expect(mosEstimate({ rttMs: 10_000, jitterMs: 1000, lossPct: 100 })).toBe(1);
    expect(mosEstimate({ rttMs: -5, jitterMs: -5, lossPct: -5 })).toBe(4.4);
    expect(mosEstimate({ rttMs: null, jitterMs: null, lossPct: null })).toBeNull();
    expect(mosEstimate({ rttMs: null, jitterMs: null, lossPct: 0 })).toBe(4.4);
  });
});

const sample = (over: Partial<QualitySampleLike> = {}): QualitySampleLike => ({ rttMs: 40, jitterMs: 5, lossPct: 0, mos: 4.4, ...over });

describe('qualityWarning (3 of the last 5, per metric)', () => {
  it('warns when one metric breaches in 3 of the last 5 samples', () => {
    const bad = sample({ rttMs: 450 });
    expect(qualityWarning([sample(), bad, sample(), bad, bad])).toEqual({ warning: true, reasons: ['rtt'] });
    expect(qualityWarning([sample(), bad, sample(), bad, sample()])).toEqual({ warning: false, reasons: [] });
  });

  it('looks only at the last 5', () => {
    const bad = sample({ jitterMs: 31 });
    expect(qualityWarning([bad, bad, bad, sample(), sample(), sample(), sample(), sample()]).warning).toBe(false);
    expect(qualityWarning([bad, bad, sample(), sample(), sample(), bad]).warning).toBe(false);
  });

  it('uses strict limits: RTT > 400, jitter > 30, loss > 3 %, MOS < 3.5', () => {
    const atLimit = sample({ rttMs: 400, jitterMs: 30, lossPct: 3, mos: 3.5 });
    expect(qualityWarning([atLimit, atLimit, atLimit]).warning).toBe(false);
    const over = sample({ rttMs: 401, jitterMs: 30.5, lossPct: 3.1, mos: 3.49 });
    expect(qualityWarning([over, over, over])).toEqual({ warning: true, reasons: ['rtt', 'jitter', 'loss', 'mos'] });
  });

  it('does not add up breaches of different metrics, and ignores unknown values', () => {
    expect(qualityWarning([sample({ rttMs: 500 }), sample({ jitterMs: 50 }), sample({ lossPct: 9 }), sample()]).warning).toBe(false);
    const unknown = sample({ rttMs: null, jitterMs: null, lossPct: null, mos: null });
    expect(qualityWarning([unknown, unknown, unknown, unknown, unknown]).warning).toBe(false);
    expect(qualityWarning([]).warning).toBe(false);
  });
});

describe('summariseQuality', () => {
  it('averages what was measured and keeps the worst MOS', () => {
    expect(summariseQuality([sample({ rttMs: 40, jitterMs: 4, lossPct: 0, mos: 4.4 }), sample({ rttMs: 60, jitterMs: null, lossPct: 1, mos: 4.1 })])).toEqual({
      samples: 2,
      rttMsAvg: 50,
      jitterMsAvg: 4,
      lossPctAvg: 0.5,
      mosMin: 4.1,
      warnings: 0,
    });
  });

  it('counts warning episodes, not warning samples', () => {
    const bad = sample({ lossPct: 8 });
    const good = sample();
    const samples = [bad, bad, bad, bad, good, good, good, good, good, bad, bad, bad];
    expect(summariseQuality(samples).warnings).toBe(2);
  });

  it('is all nulls for a call without samples', () => {
    expect(summariseQuality([])).toEqual({ samples: 0, rttMsAvg: null, jitterMsAvg: null, lossPctAvg: null, mosMin: null, warnings: 0 });
  });
});

describe('agentReducer', () => {
  const t0 = 1_000_000;
  const run = (events: AgentEvent[], from: AgentStatus = initialAgentStatus(t0)) => events.reduce(agentReducer, from);

  it('starts ready, or in the state asked for', () => {
    expect(initialAgentStatus(t0)).toEqual({ state: 'ready', reason: null, since: t0, wrapUpEndsAt: null, declinedWhileNotReady: 0 });
    expect(initialAgentStatus(t0, 'not-ready')).toMatchObject({ state: 'not-ready', reason: 'other' });
  });

  it('goes not ready with a reason (other when none), on break and back', () => {
    const notReady = run([{ type: 'set', state: 'not-ready', reason: 'training', at: t0 + 1, wrapUpSeconds: 30 }]);
    expect(notReady).toMatchObject({ state: 'not-ready', reason: 'training', since: t0 + 1 });
    expect(agentReducer(notReady, { type: 'set', state: 'not-ready', at: t0 + 2, wrapUpSeconds: 30 })).toMatchObject({ reason: 'other' });
    const onBreak = agentReducer(notReady, { type: 'set', state: 'break', reason: 'meeting', at: t0 + 3, wrapUpSeconds: 30 });
    expect(onBreak).toMatchObject({ state: 'break', reason: null });
    expect(agentReducer(onBreak, { type: 'set', state: 'ready', at: t0 + 4, wrapUpSeconds: 30 })).toMatchObject({ state: 'ready', since: t0 + 4 });
  });

  it('returns the same object when nothing changes', () => {
    const ready = initialAgentStatus(t0);
    expect(agentReducer(ready, { type: 'set', state: 'ready', at: t0 + 5, wrapUpSeconds: 30 })).toBe(ready);
    const nr = run([{ type: 'set', state: 'not-ready', reason: 'admin', at: t0, wrapUpSeconds: 0 }]);
    expect(agentReducer(nr, { type: 'set', state: 'not-ready', reason: 'admin', at: t0 + 9, wrapUpSeconds: 0 })).toBe(nr);
    expect(agentReducer(ready, { type: 'tick', at: t0 + 99_999 })).toBe(ready);
  });

  it('puts a ready agent into wrap-up after an answered call, and back to ready when the timer ends', () => {
    const wrap = run([{ type: 'call-ended', answered: true, at: t0 + 10, wrapUpSeconds: 30 }]);
    expect(wrap).toMatchObject({ state: 'wrap-up', wrapUpEndsAt: t0 + 10 + 30_000 });
    expect(agentReducer(wrap, { type: 'tick', at: t0 + 30_009 })).toBe(wrap);
    expect(agentReducer(wrap, { type: 'tick', at: t0 + 30_010 })).toMatchObject({ state: 'ready', wrapUpEndsAt: null, since: t0 + 30_010 });
    // The agent may end after-call work early.
    expect(agentReducer(wrap, { type: 'set', state: 'ready', at: t0 + 20, wrapUpSeconds: 30 })).toMatchObject({ state: 'ready', wrapUpEndsAt: null });
  });

  it('skips wrap-up for unanswered calls, with no wrap-up time, or when the agent was not ready', () => {
    const ready = initialAgentStatus(t0);
    expect(agentReducer(ready, { type: 'call-ended', answered: false, at: t0, wrapUpSeconds: 30 })).toBe(ready);
    expect(agentReducer(ready, { type: 'call-ended', answered: true, at: t0, wrapUpSeconds: 0 })).toBe(ready);
    const nr = run([{ type: 'set', state: 'not-ready', reason: 'admin', at: t0, wrapUpSeconds: 30 }]);
    expect(agentReducer(nr, { type: 'call-ended', answered: true, at: t0 + 1, wrapUpSeconds: 30 })).toBe(nr);
  });

  it('starts a manual wrap-up with the timer, or without one when the time is 0', () => {
    expect(run([{ type: 'set', state: 'wrap-up', at: t0, wrapUpSeconds: 60 }])).toMatchObject({ state: 'wrap-up', wrapUpEndsAt: t0 + 60_000 });
    const open = run([{ type: 'set', state: 'wrap-up', at: t0, wrapUpSeconds: 0 }]);
    expect(open).toMatchObject({ state: 'wrap-up', wrapUpEndsAt: null });
    expect(agentReducer(open, { type: 'tick', at: t0 + 1e9 })).toBe(open);
  });

  it('counts calls declined while not ready', () => {
    expect(run([{ type: 'declined' }, { type: 'declined' }]).declinedWhileNotReady).toBe(2);
  });
});

describe('incomingCallDecision', () => {
  it('rings only a ready agent with no call', () => {
    expect(incomingCallDecision('ready', false)).toBeNull();
    expect(incomingCallDecision('ready', true)).toBe('busy');
    expect(incomingCallDecision('not-ready', false)).toBe('not-ready');
    expect(incomingCallDecision('break', false)).toBe('not-ready');
    expect(incomingCallDecision('wrap-up', false)).toBe('not-ready');
    expect(incomingCallDecision('wrap-up', true)).toBe('busy');
  });
});

describe('dialTarget', () => {
  it('puts numbers on the account domain, without separators', () => {
    expect(dialTarget(' 138-0000 (0000) ', 'pbx.bank.example')).toEqual({ uri: 'sip:13800000000@pbx.bank.example', number: '13800000000' });
    expect(dialTarget('+86 10 1234 5678', 'pbx.bank.example')).toEqual({ uri: 'sip:+861012345678@pbx.bank.example', number: '+861012345678' });
    expect(dialTarget('*72#', 'pbx')).toEqual({ uri: 'sip:*72%23@pbx', number: '*72#' });
    expect(dialTarget('1002', '127.0.0.1:5066')).toEqual({ uri: 'sip:1002@127.0.0.1:5066', number: '1002' });
    expect(dialTarget('alice', 'pbx')).toEqual({ uri: 'sip:alice@pbx', number: 'alice' });
  });

  it('takes tel: and sip: links, but always through the account domain', () => {
    expect(dialTarget('tel:+86-10-1234-5678', 'pbx')).toEqual({ uri: 'sip:+861012345678@pbx', number: '+861012345678' });
    expect(dialTarget('sip:1003@evil.example;transport=tcp', 'pbx')).toEqual({ uri: 'sip:1003@pbx', number: '1003' });
    expect(dialTarget('SIP:1004', 'pbx')).toEqual({ uri: 'sip:1004@pbx', number: '1004' });
  });

  it('refuses what is not a number', () => {
    for (const bad of ['', '   ', 'javascript:alert(1)', '<b>1</b>', 'sip:@pbx', 'tel:', '1 2 3 x', '9'.repeat(65), 'sip:a b@x']) {
      expect(dialTarget(bad, 'pbx'), bad).toBeNull();
    }
  });
});

describe('sipfragStatus', () => {
  it('reads the status of a REFER NOTIFY body', () => {
    expect(sipfragStatus('SIP/2.0 200 OK')).toBe(200);
    expect(sipfragStatus('SIP/2.0 100 Trying\r\n')).toBe(100);
    expect(sipfragStatus(' SIP/2.0 486 Busy Here')).toBe(486);
    expect(sipfragStatus('INVITE sip:x SIP/2.0')).toBeNull();
    expect(sipfragStatus('')).toBeNull();
    expect(sipfragStatus(undefined)).toBeNull();
  });
});

describe('dropTelephoneEvent8000', () => {
  const offer = [
    'v=0',
    'o=- 1 2 IN IP4 127.0.0.1',
    's=-',
    't=0 0',
    'm=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126',
    'a=rtpmap:111 opus/48000/2',
    'a=rtcp-fb:111 transport-cc',
    'a=fmtp:111 minptime=10;useinbandfec=1',
    'a=rtpmap:63 red/48000/2',
    'a=fmtp:63 111/111',
    'a=rtpmap:9 G722/8000',
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:8 PCMA/8000',
    'a=rtpmap:13 CN/8000',
    'a=rtpmap:110 telephone-event/48000',
    'a=rtpmap:126 telephone-event/8000',
    'a=fmtp:126 0-15',
    'a=ssrc:1 cname:x',
    '',
  ];

  it('drops telephone-event/8000 when /48000 is there, keeping CRLF', () => {
    const out = dropTelephoneEvent8000(offer.join('\r\n'));
    expect(out).toContain('m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110\r\n');
    expect(out).not.toMatch(/:126 /);
    expect(out).toContain('a=rtpmap:110 telephone-event/48000');
    expect(out).toContain('a=fmtp:63 111/111');
    expect(out.endsWith('a=ssrc:1 cname:x\r\n')).toBe(true);
    expect(out.split('\r\n')).toHaveLength(offer.length - 2);
  });

  it('keeps /8000 when it is the only telephone-event (a G.711 peer), and leaves other SDP alone', () => {
    const g711 = offer.filter((line) => !line.includes('telephone-event/48000')).join('\r\n');
    expect(dropTelephoneEvent8000(g711)).toBe(g711);
    const lf = offer.join('\n');
    expect(dropTelephoneEvent8000(lf)).not.toContain('126');
    expect(dropTelephoneEvent8000(lf)).toContain('\n');
    expect(dropTelephoneEvent8000('')).toBe('');
  });

  it('touches audio sections only', () => {
    const sdp = [...offer.slice(0, -1), 'm=video 9 UDP/TLS/RTP/SAVPF 96 126', 'a=rtpmap:126 telephone-event/8000', ''].join('\r\n');
    const out = dropTelephoneEvent8000(sdp);
    expect(out).toContain('m=video 9 UDP/TLS/RTP/SAVPF 96 126');
    expect(out.match(/a=rtpmap:126 /g)).toHaveLength(1);
  });
});
