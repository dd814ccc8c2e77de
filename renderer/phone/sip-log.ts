// sip.js's logConnector receives every level whatever `logLevel` says (sip-lab.md pitfall 10), and
// at debug level whole SIP messages — INFO bodies carrying the caller's keypad digits among them.
// This filter passes warnings and errors only, cuts any SIP message down to its first line, and
// drops anything that mentions DTMF or looks like credentials, so no digit can reach a log.
export type SipLogLevel = 'debug' | 'log' | 'warn' | 'error';
export type PhoneLogSink = (level: 'warn' | 'error', message: string) => void;

const MAX_LENGTH = 300;
const SECRET = /dtmf|signal\s*=|authorization|password|nonce|response\s*=/i;
const SIP_START_LINE = /^(?:[A-Z]+ \S+ SIP\/2\.0|SIP\/2\.0 \d{3}[^\r\n]*)/m;

/** What may be logged of one sip.js log call, or null. */
export function filterSipLog(level: SipLogLevel, category: string, content: string): string | null {
  if (level !== 'warn' && level !== 'error') return null;
  let text = String(content);
  const startLine = SIP_START_LINE.exec(text);
  if (startLine) {
    // A SIP message: keep only the method / status line, never headers or body.
    const line = startLine[0];
    if (/^INFO /.test(line)) text = 'INFO (message withheld)';
    else text = `${text.slice(0, startLine.index).split(/\r?\n/)[0] ?? ''} ${line}`.trim();
  } else {
    text = text.split(/\r?\n/)[0] ?? '';
  }
  if (SECRET.test(text)) return null;
  const safeCategory = category.replace(/[^\w.-]/g, '').slice(0, 60);
  return `${safeCategory}: ${text}`.slice(0, MAX_LENGTH);
}

export function sipLogConnector(
  sink: PhoneLogSink,
): (level: SipLogLevel, category: string, label: string | undefined, content: string) => void {
  return (level, category, _label, content) => {
    const message = filterSipLog(level, category, content);
    if (message !== null) sink(level as 'warn' | 'error', message);
  };
}
