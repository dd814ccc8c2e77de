// The Content-Security-Policy both hosts send with the renderer (style.md §7). Scripts and styles
// only from the app itself; no eval, no inline script; connections only to the app's own origin
// plus what the host names (the web host's bridge socket; later the configured SIP WSS host).
export interface CspOptions {
  /** Extra origins for connect-src, e.g. `wss://sip.bank.example`. */
  connectSrc?: string[];
}

export function buildCsp(options: CspOptions = {}): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'none'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'media-src': ["'self'", 'blob:', 'mediastream:'],
    'connect-src': ["'self'", ...(options.connectSrc ?? [])],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
    'object-src': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}
