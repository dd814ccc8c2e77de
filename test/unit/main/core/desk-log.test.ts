// The desk's own log: redacted like the records service's, in <dataDir>/logs, size-capped.
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createDeskLogger,
  deskLogPath,
  retireLegacyLogs,
  rotatingFile,
} from '../../../../main/core/desk-log.js';
import { recordingLogger, useTempDirs } from '../../../support/fakes.js';

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

  it('survives a rotation that fails (the file held elsewhere): no throw, no line lost, retried', () => {
    const file = path.join(tempDir(), 'logs', 'desk.log');
    // `desk.log.1` a folder with something in it: removing it, as rotation must, fails.
    mkdirSync(`${file}.1`, { recursive: true });
    writeFileSync(path.join(`${file}.1`, 'held'), '');
    const out = rotatingFile(file, 100, 1, 0);
    for (let n = 0; n < 4; n += 1)
      expect(() => out.write(`${String(n).repeat(60)}\n`)).not.toThrow();
    expect(readFileSync(file, 'utf8')).toBe(
      [0, 1, 2, 3].map((n) => `${String(n).repeat(60)}\n`).join(''),
    );
    // Released: the next write rotates and the log goes on.
    rmSync(`${file}.1`, { recursive: true });
    out.write(`${'4'.repeat(60)}\n`);
    out.write(`${'5'.repeat(60)}\n`);
    out.close();
    expect(readFileSync(file, 'utf8')).toBe(`${'5'.repeat(60)}\n`);
    expect(readFileSync(`${file}.1`, 'utf8')).toBe(`${'4'.repeat(60)}\n`);
  });

  it('never throws from write, even with its descriptor gone', () => {
    const file = path.join(tempDir(), 'logs', 'desk.log');
    const out = rotatingFile(file);
    out.close();
    expect(() => out.write('after close\n')).not.toThrow();
    expect(readFileSync(file, 'utf8')).toBe('after close\n');
    out.close();
  });

  it.skipIf(process.platform === 'win32')(
    'makes an existing 0755 folder 0700 and 0644 file 0600',
    () => {
      const dir = path.join(tempDir(), 'logs');
      mkdirSync(dir, { mode: 0o755 });
      chmodSync(dir, 0o755);
      const file = path.join(dir, 'desk.log');
      writeFileSync(file, 'old\n', { mode: 0o644 });
      chmodSync(file, 0o644);
      const out = rotatingFile(file);
      out.close();
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      expect(statSync(file).mode & 0o777).toBe(0o600);
    },
  );
});

describe('retireLegacyLogs', () => {
  it("replaces an older version's unredacted main.log by a redacted 0600 copy, once", async () => {
    const dir = tempDir();
    const clear = `{"level":30,"msg":"sip:1001:pw-in-clear@pbx caller 13812345678","password":"pw-in-clear"}\n`;
    writeFileSync(path.join(dir, 'main.log'), clear, { mode: 0o644 });
    writeFileSync(path.join(dir, 'main.log.1'), 'id 110101199003074514\n');
    writeFileSync(path.join(dir, 'desk.log'), 'kept as it is\n');
    await retireLegacyLogs(dir, recordingLogger());
    expect(existsSync(path.join(dir, 'main.log'))).toBe(false);
    expect(existsSync(path.join(dir, 'main.log.1'))).toBe(false);
    const kept = readFileSync(path.join(dir, 'legacy-main.log'), 'utf8');
    expect(kept).not.toMatch(/pw-in-clear|13812345678/);
    expect(kept).toContain('138****5678');
    expect(readFileSync(path.join(dir, 'legacy-main.log.1'), 'utf8')).not.toContain(
      '110101199003074514',
    );
    expect(readFileSync(path.join(dir, 'desk.log'), 'utf8')).toBe('kept as it is\n');
    if (process.platform !== 'win32')
      expect(statSync(path.join(dir, 'legacy-main.log')).mode & 0o777).toBe(0o600);
    await expect(
      retireLegacyLogs(path.join(dir, 'none'), recordingLogger()),
    ).resolves.toBeUndefined();
  });
});
