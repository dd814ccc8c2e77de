import { describe, expect, it } from 'vitest';
import {
  dropTelephoneEvent8000,
  rtcpMuxPolicyFor,
  sipfragStatus,
} from '../../../common/sip-bodies.js';

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
    const sdp = [
      ...offer.slice(0, -1),
      'm=video 9 UDP/TLS/RTP/SAVPF 96 126',
      'a=rtpmap:126 telephone-event/8000',
      '',
    ].join('\r\n');
    const out = dropTelephoneEvent8000(sdp);
    expect(out).toContain('m=video 9 UDP/TLS/RTP/SAVPF 96 126');
    expect(out.match(/a=rtpmap:126 /g)).toHaveLength(1);
  });
});

describe('rtcpMuxPolicyFor', () => {
  /** rtpengine's offer toward a WebRTC agent: a=mid, no BUNDLE group (sip-lab.md). */
  const pbxOffer = (extra: string[]) =>
    [
      'v=0',
      'o=- 1 1 IN IP4 127.0.0.1',
      's=-',
      't=0 0',
      'm=audio 30000 UDP/TLS/RTP/SAVPF 0 8 101',
      'c=IN IP4 127.0.0.1',
      'a=rtpmap:0 PCMU/8000',
      'a=rtpmap:101 telephone-event/8000',
      'a=mid:0',
      ...extra,
      '',
    ].join('\r\n');

  it('requires multiplexing when we make the offer or every audio section multiplexes', () => {
    expect(rtcpMuxPolicyFor(undefined)).toBe('require');
    expect(rtcpMuxPolicyFor('')).toBe('require');
    expect(rtcpMuxPolicyFor(pbxOffer(['a=rtcp-mux']))).toBe('require');
  });

  it('negotiates when an offered audio section sends RTCP on its own port', () => {
    expect(rtcpMuxPolicyFor(pbxOffer(['a=rtcp:30001']))).toBe('negotiate');
    expect(rtcpMuxPolicyFor(pbxOffer([]).replaceAll('\r\n', '\n'))).toBe('negotiate');
  });

  it('ignores rejected sections (port 0) and other media', () => {
    const withVideo = pbxOffer(['a=rtcp-mux']) + 'm=video 0 RTP/AVP 96\r\nm=audio 0 RTP/AVP 0\r\n';
    expect(rtcpMuxPolicyFor(withVideo)).toBe('require');
  });
});
