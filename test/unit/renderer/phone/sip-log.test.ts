import { describe, expect, it } from 'vitest';
import { filterSipLog, sipLogConnector } from '../../../../renderer/phone/sip-log.js';

const infoMessage = [
  'INFO sip:agent@df7jal23ls0d.invalid;transport=ws SIP/2.0',
  'Via: SIP/2.0/WS 127.0.0.1:5066;branch=z9hG4bK1',
  'Content-Type: application/dtmf-relay',
  'Content-Length: 24',
  '',
  'Signal=7',
  'Duration=160',
].join('\r\n');

describe('sip.js log filter', () => {
  it('drops debug and log levels entirely (sip.js sends every level, pitfall 10)', () => {
    expect(
      filterSipLog('debug', 'sip.Transport', 'Received WebSocket text message:\n\n' + infoMessage),
    ).toBeNull();
    expect(
      filterSipLog(
        'log',
        'sip.SessionDescriptionHandler',
        'SessionDescriptionHandler.sendDtmf sent via RTP: 1234',
      ),
    ).toBeNull();
  });

  it('never passes an INFO body or anything about DTMF', () => {
    const out = filterSipLog('warn', 'sip.Transport', 'Unhandled message:\n\n' + infoMessage);
    expect(out).not.toBeNull();
    expect(out).not.toMatch(/Signal|7|dtmf/i);
    expect(filterSipLog('error', 'sip.Session', 'failed to handle DTMF 1234')).toBeNull();
    expect(filterSipLog('warn', 'sip.Session', 'Signal=5')).toBeNull();
  });

  it('cuts other SIP messages to their start line, and drops credentials', () => {
    const register =
      'Failed to send:\r\nREGISTER sip:bank SIP/2.0\r\nAuthorization: Digest username="a", response="x"\r\n\r\n';
    expect(filterSipLog('warn', 'sip.UserAgentCore', register)).toBe(
      'sip.UserAgentCore: Failed to send: REGISTER sip:bank SIP/2.0',
    );
    expect(filterSipLog('warn', 'sip.X', 'Authorization: Digest username="a"')).toBeNull();
    expect(filterSipLog('warn', 'sip.X', 'password=hunter2')).toBeNull();
  });

  it('passes ordinary warnings, first line only, capped', () => {
    expect(filterSipLog('warn', 'sip.Transport', 'WebSocket closed unexpectedly')).toBe(
      'sip.Transport: WebSocket closed unexpectedly',
    );
    expect(
      filterSipLog('error', 'sip.Registerer', `x${'y'.repeat(1000)}\nsecond line`)!.length,
    ).toBe(300);
  });

  it('connects to a sink', () => {
    const lines: string[] = [];
    const connector = sipLogConnector((level, message) => lines.push(`${level} ${message}`));
    connector('debug', 'sip.Transport', undefined, infoMessage);
    connector('warn', 'sip.Transport', undefined, 'WebSocket closed unexpectedly');
    expect(lines).toEqual(['warn sip.Transport: WebSocket closed unexpectedly']);
  });
});
