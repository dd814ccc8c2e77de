// The one content-type table behind the shell's protocol and the web host's HTTP server.
import { describe, expect, it } from 'vitest';
import { CONTENT_TYPES } from '../../../../main/core/content-types.js';

describe('content types', () => {
  it('names every kind of file the renderer build emits, text with its charset', () => {
    for (const ext of [
      '.html',
      '.js',
      '.css',
      '.map',
      '.json',
      '.svg',
      '.png',
      '.woff2',
      '.wav',
      '.mp3',
    ]) {
      expect(CONTENT_TYPES[ext], ext).toBeTruthy();
    }
    for (const ext of ['.html', '.js', '.css', '.map', '.json'])
      expect(CONTENT_TYPES[ext]).toMatch(/; charset=utf-8$/);
  });

  it('keys are lower-case extensions with their dot', () => {
    for (const ext of Object.keys(CONTENT_TYPES)) expect(ext).toMatch(/^\.[a-z0-9]+$/);
  });
});
