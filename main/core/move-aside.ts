// A file the desk cannot read is moved aside for IT, never wiped; but the copy kept for IT must not
// be where a SIP password or full caller numbers live on in clear, readable by others (Art. 11,
// 15). The backup is written 0600 with every "password" value removed (and, where asked, long
// digit runs masked), then the original is removed.
import { closeSync, fsyncSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';

const CLOSED_PASSWORD = /("password"\s*:\s*)"(?:[^"\\]|\\.)*"/gi;
// A truncated file may end inside the value: drop the rest of that line.
const OPEN_PASSWORD = /("password"\s*:\s*")(?!\[removed\]")[^\n]*/gi;

/** Every JSON "password" value in `text` replaced by "[removed]". */
export function scrubPasswords(text: string): string {
  return text.replace(CLOSED_PASSWORD, '$1"[removed]"').replace(OPEN_PASSWORD, '$1[removed]"');
}

/** Digit runs of 7 or more (phone and ID numbers) masked but for their last 4. */
export function maskLongNumbers(text: string): string {
  return text.replace(/\d{7,}/g, (run) => `${'*'.repeat(run.length - 4)}${run.slice(-4)}`);
}

/**
 * Moves `file` to `backup` scrubbed: the backup is created 0600 (refused if it exists), synced,
 * and only then is the original removed. Throws if any step fails: the original stays.
 */
export function moveAsideScrubbed(
  file: string,
  backup: string,
  scrub: (text: string) => string = scrubPasswords,
): void {
  const text = scrub(readFileSync(file, 'utf8'));
  const fd = openSync(backup, 'wx', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  unlinkSync(file);
}
