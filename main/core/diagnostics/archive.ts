// IT's diagnostics archive: one zip (yazl) with the parts (parts.ts) as JSON and the desk's logs,
// masked again on the way out (common/redaction.ts). Reads the log folders it is given; writes
// nothing — the host saves the bytes (Electron: a save dialog; web host: the page's download).
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { ZipFile } from 'yazl';
import { redactLog } from '../../../common/redaction.js';

/** Of each log file, at most its last this many bytes: the archive stays small enough to mail. */
export const LOG_TAIL_BYTES = 2 * 1024 * 1024;
const LOG_FILE = /\.log(\.\d+)?$|\.jsonl$/;

export interface DiagnosticsFile {
  fileName: string;
  data: Buffer;
}

/** `agent-desk-diagnostics-20261206T083000Z.zip` */
export const diagnosticsFileName = (now: Date): string =>
  `agent-desk-diagnostics-${now.toISOString().replace(/[-:]|\.\d+/g, '')}.zip`;

/** The log files under each distinct folder (not recursive), newest name last. */
async function logFiles(dirs: readonly string[]): Promise<{ name: string; file: string }[]> {
  const found: { name: string; file: string }[] = [];
  // Each folder once: on Windows and Linux Electron's log folder is <userData>/logs, the desk's.
  const real = await Promise.all(dirs.map((dir) => realpath(dir).catch(() => path.resolve(dir))));
  for (const [index, dir] of [...new Set(real)].entries()) {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      continue; // no such folder: nothing logged there yet
    }
    for (const name of names.filter((n) => LOG_FILE.test(n)).sort()) {
      const file = path.join(dir, name);
      if ((await stat(file)).isFile()) found.push({ name: `logs/${index + 1}-${name}`, file });
    }
  }
  return found;
}

async function tail(file: string): Promise<string> {
  const bytes = await readFile(file);
  if (bytes.length <= LOG_TAIL_BYTES) return bytes.toString('utf8');
  const cut = bytes.subarray(bytes.length - LOG_TAIL_BYTES).toString('utf8');
  // Drop the first, partial line: a cut line could hold half a secret the masks would miss.
  return `[… earlier lines left out …]\n${cut.slice(cut.indexOf('\n') + 1)}`;
}

export async function buildDiagnosticsZip(
  parts: Record<string, unknown>,
  logDirs: readonly string[],
  now: Date,
): Promise<DiagnosticsFile> {
  const zip = new ZipFile();
  const mtime = now;
  for (const [name, value] of Object.entries(parts)) {
    zip.addBuffer(Buffer.from(`${JSON.stringify(value, null, 2)}\n`), `${name}.json`, { mtime });
  }
  const logs = await logFiles(logDirs);
  for (const { name, file } of logs) {
    zip.addBuffer(Buffer.from(redactLog(await tail(file))), name, { mtime });
  }
  if (logs.length === 0) {
    zip.addBuffer(Buffer.from(`no log files in: ${logDirs.join(', ')}\n`), 'logs/README.txt', {
      mtime,
    });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
  return { fileName: diagnosticsFileName(now), data: Buffer.concat(chunks) };
}
