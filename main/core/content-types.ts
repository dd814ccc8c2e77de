// The content type of each kind of file the renderer build emits, for both ways the renderer is
// served: the Electron shell's `agentdesk://` protocol and the web host's HTTP server. A file of
// any other kind is not the renderer's: the shell refuses it (404), the web host sends it as bytes.
/** Lower-case file extension (with its dot) → content type. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
};
