// The desk's own log: redacted like the records service's, in <dataDir>/logs, size-capped.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDeskLogger, deskLogPath, rotatingFile } from '../../../../main/core/desk-log.js';
import { useTempDirs } from '../../../support/fakes.js';

const tempDir = useTempDirs();

describe('createDeskLogger', () => {
  it('writes <dataDir>/logs/desk.log (0600) with ID numbers, mobiles and passwords masked', () => {
    const dataDir = tempDir();
    const logger = createDeskLogger({ name: 'test', dataDir, console: false });
    logger.warn(
      { sipAccount: { user: '1001', password: 'pw-in-clear' }, nationalId: '110101199003074514' },
      'call from 13812345678 for 110101199003074514 failed; password: pw-in-clear',
    );
    logger.flush();
    const file = deskLogPath(dataDir);
    expect(file).toBe(path.join(dataDir, 'logs', 'desk.log'));
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('"name":"test"');
    expect(text).not.toMatch(/pw-in-clear|13812345678|110101199003074514/);
    expect(text).toContain('138****5678');
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe('rotatingFile', () => {
  it('rotates past the cap and keeps only the newest files', () => {
    const file = path.join(tempDir(), 'logs', 'desk.log');
    const out = rotatingFile(file, 100, 2);
    for (let n = 0; n < 10; n += 1) out.write(`${String(n).repeat(60)}\n`);
    out.close();
    expect(readFileSync(file, 'utf8')).toBe(`${'9'.repeat(60)}\n`);
    expect(readFileSync(`${file}.1`, 'utf8')).toBe(`${'8'.repeat(60)}\n`);
    expect(readFileSync(`${file}.2`, 'utf8')).toBe(`${'7'.repeat(60)}\n`);
    expect(existsSync(`${file}.3`)).toBe(false);
  });
});
