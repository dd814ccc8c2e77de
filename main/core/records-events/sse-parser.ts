// A Server-Sent Events parser (WHATWG HTML §9.2.6, "event stream interpretation") for the records
// service's push stream: fed text chunks as they arrive, split anywhere (inside a line, between
// \r and \n), it yields whole events. Comments (keep-alives) are skipped; `retry`, `id` kept.

export interface SseEvent {
  /** `message` when the event had no `event:` field. */
  event: string;
  data: string;
  id: string | null;
}

export interface SseParser {
  /** Feeds the next decoded chunk; returns the events it completed. */
  feed(chunk: string): SseEvent[];
  /** The last `retry:` value in ms, or null when none came. */
  retryMs(): number | null;
}

export function createSseParser(): SseParser {
  let buffer = '';
  let first = true;
  /** A chunk ended in \r: a \n starting the next chunk belongs to that line ending. */
  let pendingCr = false;
  let data: string[] = [];
  let eventName = '';
  let lastId: string | null = null;
  let retry: number | null = null;

  function line(text: string, out: SseEvent[]): void {
    if (text === '') {
      if (data.length > 0)
        out.push({ event: eventName || 'message', data: data.join('\n'), id: lastId });
      data = [];
      eventName = '';
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') eventName = value;
    else if (field === 'id' && !value.includes('\0')) lastId = value;
    else if (field === 'retry' && /^\d+$/.test(value)) retry = Number(value);
  }

  return {
    feed(chunk) {
      let text = chunk;
      if (pendingCr && text.startsWith('\n')) text = text.slice(1);
      pendingCr = false;
      if (first && text.length > 0) {
        if (text.startsWith('\uFEFF')) text = text.slice(1);
        first = false;
      }
      buffer += text;
      const out: SseEvent[] = [];
      let start = 0;
      for (let i = 0; i < buffer.length; i += 1) {
        const c = buffer[i];
        if (c !== '\n' && c !== '\r') continue;
        line(buffer.slice(start, i), out);
        if (c === '\r') {
          if (i + 1 === buffer.length) pendingCr = true;
          else if (buffer[i + 1] === '\n') i += 1;
        }
        start = i + 1;
      }
      buffer = buffer.slice(start);
      return out;
    },
    retryMs: () => retry,
  };
}
