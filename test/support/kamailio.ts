// A real Kamailio for tests and the bench: the project's config template (test/sip/kamailio.cfg)
// filled with a port, the module path and the test users, run in the foreground so the test
// owns its PID. Each start gets its own run dir under os.tmpdir(); stderr goes to a log file there.
// See ../shared/docs/sip-lab.md.
import { spawn, type ChildProcess } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import dgram from 'node:dgram';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
export const KAMAILIO_TEMPLATE = path.join(root, 'test/sip/kamailio.cfg');

const MODULE_DIRS = [
  '/usr/lib/x86_64-linux-gnu/kamailio/modules',
  '/usr/lib/aarch64-linux-gnu/kamailio/modules',
  '/usr/lib64/kamailio/modules',
  '/usr/lib/kamailio/modules',
];

export interface KamailioUser {
  user: string;
  password: string;
}

/**
 * The telephone-network lab (WITH_PBX in the template): a UDP socket for plain SIP phones and a
 * gateway, media bridged to WebRTC clients by rtpengine (test/support/rtpengine.ts).
 */
export interface KamailioPbxOptions {
  /** rtpengine's ng control port on 127.0.0.1. */
  rtpengineNg: number;
  /** A fixed UDP port for SIP; a free one when absent. */
  udpPort?: number;
  /**
   * The trusted PSTN gateway's digest account: its requests may carry the caller's number in From
   * and get it asserted (P-Asserted-Identity). Added to the users.
   */
  gateway?: KamailioUser;
}

export interface KamailioOptions {
  users: KamailioUser[];
  /** A fixed TCP port; a free one when absent. */
  port?: number;
  /** Also the telephone-network lab; without it the proxy is WebSocket-only, as before. */
  pbx?: KamailioPbxOptions;
}

export interface Kamailio {
  /** ws://127.0.0.1:<port> — where sip.js clients connect. */
  wsUrl: string;
  /** The SIP domain (and digest realm) the users register under. */
  domain: string;
  port: number;
  /** With `pbx`: the UDP port plain SIP phones and the gateway use (127.0.0.1). */
  udpPort: number | null;
  /** With `pbx`: the gateway account, if one was given. */
  gateway: KamailioUser | null;
  runDir: string;
  /** Kamailio's stderr, for failure messages. */
  logFile: string;
  log(): string;
  /** SIGTERM, wait for the exit, remove the run dir (kept when AGENT_DESK_KEEP_KAMAILIO=1). */
  stop(): Promise<void>;
  /** SIGKILL to the whole process group: the proxy vanishes as in a crash. */
  kill(): Promise<void>;
  /**
   * Start again on the same port (after stop/kill, or stopping it first). Registrations are gone.
   */
  restart(): Promise<void>;
}

/**
 * $KAMAILIO, else the first `kamailio` on PATH or in the sbin folders (Debian: /usr/sbin, often not
 * on a user's PATH).
 */
function kamailioBinary(): string | null {
  if (process.env.KAMAILIO) return existsSync(process.env.KAMAILIO) ? process.env.KAMAILIO : null;
  const dirs = [
    ...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean),
    '/usr/sbin',
    '/usr/local/sbin',
    '/sbin',
  ];
  return dirs.map((dir) => path.join(dir, 'kamailio')).find((file) => existsSync(file)) ?? null;
}

/** Why Kamailio cannot run here (specs skip with this reason), or null. */
export function kamailioUnavailable(): string | null {
  if (!kamailioBinary())
    return 'kamailio is not installed (apt-get install kamailio kamailio-websocket-modules)';
  const modules = moduleDir();
  if (!modules) return 'kamailio modules not found (apt-get install kamailio)';
  if (!existsSync(path.join(modules, 'websocket.so')))
    return 'kamailio-websocket-modules is not installed (apt-get install kamailio-websocket-modules)';
  return null;
}

function moduleDir(): string | null {
  return MODULE_DIRS.find((dir) => existsSync(path.join(dir, 'tm.so'))) ?? null;
}

/** The template can only hold plain test credentials: they are written into a quoted cfg string. */
function userLine({ user, password }: KamailioUser): string {
  if (!/^[A-Za-z0-9._+-]{1,64}$/.test(user))
    throw new Error(`test SIP user name ${JSON.stringify(user)}: letters, digits and ._+- only`);
  if (!/^[\x21\x23-\x5b\x5d-\x7e]{1,128}$/.test(password))
    throw new Error(`password for ${user}: printable ASCII without quotes, backslashes or spaces`);
  return `\t$sht(users=>${user}) = "${password}";`;
}

export function renderKamailioConfig(
  port: number,
  users: KamailioUser[],
  modules: string,
  pbx?: { udpPort: number; rtpengineNg: number; gateway?: KamailioUser },
): string {
  const template = readFileSync(KAMAILIO_TEMPLATE, 'utf8');
  const all = pbx?.gateway ? [...users, pbx.gateway] : users;
  return template
    .replaceAll('@@DEFINES@@', pbx ? '#!define WITH_PBX' : '')
    .replaceAll('@@PBX_UDP_PORT@@', String(pbx?.udpPort ?? 0))
    .replaceAll('@@RTPENGINE_NG@@', String(pbx?.rtpengineNg ?? 0))
    .replaceAll('@@PBX_GATEWAY@@', pbx?.gateway?.user ?? '')
    .replaceAll('@@PORT@@', String(port))
    .replaceAll('@@MODULES@@', modules)
    .replaceAll('@@USERS@@', all.map(userLine).join('\n'));
}

/** A UDP port on 127.0.0.1 that was free a moment ago. */
export async function freeUdpPort(): Promise<number> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startKamailio(options: KamailioOptions): Promise<Kamailio> {
  const why = kamailioUnavailable();
  if (why) throw new Error(why);
  const binary = kamailioBinary()!;
  const modules = moduleDir()!;
  const port = options.port ?? (await freePort());
  const pbx = options.pbx
    ? { ...options.pbx, udpPort: options.pbx.udpPort ?? (await freeUdpPort()) }
    : undefined;
  if (pbx && !existsSync(path.join(modules, 'rtpengine.so')))
    throw new Error(`kamailio's rtpengine module is missing from ${modules}`);
  const config = renderKamailioConfig(port, options.users, modules, pbx);
  const runDir = mkdtempSync(path.join(tmpdir(), 'agent-desk-kamailio-'));
  const cfg = path.join(runDir, 'kamailio.cfg');
  const logFile = path.join(runDir, 'kamailio.log');

  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();

  const running = () => child !== null && child.exitCode === null && child.signalCode === null;

  async function launch(): Promise<void> {
    mkdirSync(runDir, { recursive: true });
    writeFileSync(cfg, config);
    const log = createWriteStream(logFile, { flags: 'a' });
    log.write(`--- start ${new Date().toISOString()} port ${port}\n`);
    // Its own process group (detached) so kill() can take the forked children with it.
    const proc = spawn(binary, ['-f', cfg, '-DD', '-E', '-m', '64', '-M', '8', '-Y', runDir], {
      cwd: runDir,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    proc.stdout!.pipe(log, { end: false });
    proc.stderr!.pipe(log, { end: false });
    exited = new Promise((resolve) => proc.once('exit', () => resolve()));
    void exited.then(() => setTimeout(() => log.end(), 50));

    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      if (proc.exitCode !== null || proc.signalCode !== null) {
        throw new Error(
          `kamailio exited (${proc.exitCode ?? proc.signalCode}) before listening on ${port}; log ${logFile}:\n${tail()}`,
        );
      }
      if (await accepts(port)) return;
      // Short: "listening again" is a figure the re-registration bench times from.
      await sleep(10);
    }
    killGroup('SIGKILL');
    throw new Error(
      `kamailio did not accept on 127.0.0.1:${port} within 15 s; log ${logFile}:\n${tail()}`,
    );
  }

  function killGroup(signal: NodeJS.Signals): void {
    if (!child?.pid) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  }

  function tail(): string {
    try {
      return readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
    } catch {
      return '';
    }
  }

  /** The port must be free again before a restart on it: a leftover child could still hold it. */
  async function waitPortClosed(): Promise<void> {
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline && (await accepts(port))) await sleep(50);
  }

  async function halt(): Promise<void> {
    if (running()) {
      killGroup('SIGTERM');
      const timer = setTimeout(() => killGroup('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    // Kamailio's main process ends its children on SIGTERM; make sure none is left behind.
    killGroup('SIGKILL');
    await waitPortClosed();
  }

  async function kill(): Promise<void> {
    killGroup('SIGKILL');
    await exited;
    await waitPortClosed();
  }

  await launch();

  return {
    wsUrl: `ws://127.0.0.1:${port}`,
    domain: '127.0.0.1',
    port,
    udpPort: pbx?.udpPort ?? null,
    gateway: pbx?.gateway ?? null,
    runDir,
    logFile,
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    kill,
    async stop() {
      await halt();
      if (process.env.AGENT_DESK_KEEP_KAMAILIO !== '1')
        rmSync(runDir, { recursive: true, force: true });
    },
    async restart() {
      await halt();
      await launch();
    },
  };
}
