// A throwaway PostgreSQL cluster on loopback for the records-service suite.
//   node scripts/pg-temp.mjs start   → prints DATABASE_URL=… and PGTEMP_DIR=… (for `eval`/export)
//   node scripts/pg-temp.mjs stop <dir>
// As root it runs the server as the `postgres` user (PostgreSQL refuses to run as root).
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { postgresBinDir } from './system-deps.mjs';

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

function asPostgres(bin, args) {
  const isRoot = process.getuid?.() === 0;
  const [cmd, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export async function startTempPostgres() {
  const bin = postgresBinDir();
  if (!bin)
    throw new Error(
      'PostgreSQL binaries not found under /usr/lib/postgresql (apt-get install postgresql)',
    );
  const dir = mkdtempSync(path.join(tmpdir(), 'agent-desk-pg-'));
  chmodSync(dir, 0o755);
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const port = await freePort();
  asPostgres(`${bin}/initdb`, [
    '-D',
    `${dir}/data`,
    '-A',
    'trust',
    '-U',
    'postgres',
    '-E',
    'UTF8',
    '--no-locale',
  ]);
  asPostgres(`${bin}/pg_ctl`, [
    '-D',
    `${dir}/data`,
    '-w',
    '-l',
    `${dir}/log`,
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
    'start',
  ]);
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, dir };
}

export function stopTempPostgres(dir) {
  const bin = postgresBinDir();
  try {
    asPostgres(`${bin}/pg_ctl`, ['-D', `${dir}/data`, '-m', 'fast', '-w', 'stop']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [command, dir] = process.argv.slice(2);
  if (command === 'start') {
    const pg = await startTempPostgres();
    console.log(`DATABASE_URL=${pg.url}\nPGTEMP_DIR=${pg.dir}`);
  } else if (command === 'stop' && dir) {
    stopTempPostgres(dir);
  } else {
    console.error('usage: pg-temp.mjs start | stop <dir>');
    process.exit(2);
  }
}
