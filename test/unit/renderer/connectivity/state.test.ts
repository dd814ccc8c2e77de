// The connectivity reducer and what the panel and the indicator derive from it.
import { describe, expect, it } from 'vitest';
import {
  connectivityReducer,
  initialConnectivity,
  linksDown,
  recordsUnreachable,
} from '../../../../renderer/connectivity/state.js';
import { connectivity, recordsDown } from './fixtures.js';

describe('connectivity reducer', () => {
  it('takes what main says, and keeps the same object when nothing changed', () => {
    const first = connectivityReducer(initialConnectivity, {
      type: 'loaded',
      connectivity: connectivity({ backlog: 2 }),
    });
    expect(first.current?.backlog).toBe(2);
    expect(
      connectivityReducer(first, { type: 'loaded', connectivity: connectivity({ backlog: 2 }) }),
    ).toBe(first);
    expect(
      connectivityReducer(first, { type: 'loaded', connectivity: connectivity({ backlog: 3 }) })
        .current?.backlog,
    ).toBe(3);
  });

  it('notes a failure only while nothing is known, and forgets it on the first answer', () => {
    const failed = connectivityReducer(initialConnectivity, {
      type: 'failed',
      code: 'unknown-channel',
    });
    expect(failed).toEqual({ current: null, problem: 'unknown-channel' });
    const known = connectivityReducer(failed, { type: 'loaded', connectivity: connectivity() });
    expect(known.problem).toBeNull();
    expect(connectivityReducer(known, { type: 'failed', code: 'internal' })).toBe(known);
  });
});

describe('outage and what is down', () => {
  it('is an outage only when the records service failed to answer, not on the OS word', () => {
    expect(recordsUnreachable(null)).toBe(false);
    expect(recordsUnreachable(connectivity())).toBe(false);
    expect(recordsUnreachable(connectivity({ state: 'degraded', sip: 'down' }))).toBe(false);
    expect(recordsUnreachable(connectivity({ records: 'unknown' }))).toBe(false);
    expect(recordsUnreachable(recordsDown())).toBe(true);
    expect(recordsUnreachable(connectivity({ os: 'offline', records: 'up' }))).toBe(false);
    expect(recordsUnreachable(connectivity({ os: 'offline', records: 'unknown' }))).toBe(false);
    expect(
      recordsUnreachable(
        connectivity({ state: 'offline', os: 'offline', records: 'down', sip: 'down' }),
      ),
    ).toBe(true);
  });

  it('names the links that are down, the network first — the OS alone names nothing', () => {
    expect(linksDown(null)).toEqual([]);
    expect(linksDown(connectivity({ os: 'offline' }))).toEqual([]);
    expect(linksDown(connectivity({ os: 'offline', sip: 'down' }))).toEqual(['network', 'sip']);
    expect(linksDown(connectivity({ sip: 'unknown' }))).toEqual([]);
    expect(linksDown(connectivity({ sip: 'down' }))).toEqual(['sip']);
    expect(
      linksDown(connectivity({ state: 'offline', os: 'offline', records: 'down', sip: 'down' })),
    ).toEqual(['network', 'records', 'sip']);
  });
});
