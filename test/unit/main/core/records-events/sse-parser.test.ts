// The push stream's SSE parser: events split anywhere across chunks, every line ending, comments,
// multi-line data, BOM, `retry`.
import { describe, expect, it } from 'vitest';
import { createSseParser } from '../../../../../main/core/records-events/sse-parser.js';

const STREAM =
  '\uFEFFretry: 3000\nevent: ready\ndata: {"username":"agent01"}\n\n: keep-alive\n\n' +
  'data: {"kind":"resync","id":null,"username":null}\n\ndata:one\ndata:  two\n\n' +
  'id: 7\nevent\ndata\n\n';

describe('SSE parser', () => {
  it('reads whole events, skips comments, keeps retry and id', () => {
    const parser = createSseParser();
    expect(parser.feed(STREAM)).toEqual([
      { event: 'ready', data: '{"username":"agent01"}', id: null },
      { event: 'message', data: '{"kind":"resync","id":null,"username":null}', id: null },
      { event: 'message', data: 'one\n two', id: null },
      { event: 'message', data: '', id: '7' },
    ]);
    expect(parser.retryMs()).toBe(3000);
  });

  it('gives the same events however the text is split, with \\n, \\r\\n or \\r line endings', () => {
    for (const ending of ['\n', '\r\n', '\r']) {
      const text = STREAM.replaceAll('\n', ending);
      const whole = createSseParser().feed(text);
      expect(whole).toHaveLength(4);
      for (let size = 1; size <= 7; size += 1) {
        const parser = createSseParser();
        const events = [];
        for (let i = 0; i < text.length; i += size)
          events.push(...parser.feed(text.slice(i, i + size)));
        expect(events).toEqual(whole);
      }
    }
  });

  it('holds back an event until its blank line arrives; a data-less event is no event', () => {
    const parser = createSseParser();
    expect(parser.feed('data: {"a":1}\n')).toEqual([]);
    expect(parser.feed('\n')).toEqual([{ event: 'message', data: '{"a":1}', id: null }]);
    expect(parser.feed('event: ready\n\n')).toEqual([]);
    expect(parser.feed('retry: soon\n\n')).toEqual([]);
    expect(parser.retryMs()).toBeNull();
  });
});
