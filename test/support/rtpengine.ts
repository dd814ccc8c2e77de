// A real rtpengine (Debian's rtpengine-daemon, userspace only: --table=-1) for the telephone
// network lab: Kamailio drives it over the ng protocol on 127.0.0.1 to bridge plain RTP phones and
// WebRTC (DTLS-SRTP, ICE) agents. Never the system config file, never a port beyond loopback; each
// start has its own run dir and RTP port range, and is killed with its process group.
// See ../shared/docs/sip-lab.md ("A telephone-network lab").
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freeUdpPort } from './kamailio.js';

export interface Rtpengine {
  /** The ng control port on 127.0.0.1 (Kamailio's rtpengine_sock "udp:127.0.0.1:<ngPort>"). */
  ngPort: number;
  /** The RTP/RTCP ports this instance may use (inclusive). */
  portMin: number;
  portMax: number;
  runDir: string;
  log(): string;
  /** Call-IDs of the sessions rtpengine holds now (ng `list`): [] once every call was deleted. */
  calls(): Promise<string[]>;
  /** One ng command (bencoded over UDP); the decoded reply. */
  command(body: Record<string, BValue>): Promise<Record<string, BValue>>;
  /** SIGTERM (SIGKILL after 3 s) to the process group; removes the run dir. */
  stop(): Promise<void>;
}

const DEBIAN_PACKAGE = 'rtpengine-daemon';

function rtpengineBinary(): string | null {
  if (process.env.RTPENGINE)
    return existsSync(process.env.RTPENGINE) ? process.env.RTPENGINE : null;
  return ['/usr/bin/rtpengine', '/usr/sbin/rtpengine'].find((file) => existsSync(file)) ?? null;
}

/** Why rtpengine cannot run here (specs skip with this reason), or null. */
export function rtpengineUnavailable(): string | null {
  if (!rtpengineBinary()) return `rtpengine is not installed (apt-get install ${DEBIAN_PACKAGE})`;
  return null;
}

// ---- bencode, the ng protocol's encoding (just what the commands here need) ----

export type BValue = string | number | BValue[] | { [key: string]: BValue };

export function bencode(value: BValue): string {
  if (typeof value === 'number') return `i${Math.trunc(value)}e`;
  if (typeof value === 'string') return `${Buffer.byteLength(value)}:${value}`;
  if (Array.isArray(value)) return `l${value.map(bencode).join('')}e`;
  const keys = Object.keys(value).sort();
  return `d${keys.map((key) => bencode(key) + bencode(value[key]!)).join('')}e`;
}

export function bdecode(input: Buffer): BValue {
  let at = 0;
  const next = (): BValue => {
    const c = String.fromCharCode(input[at]!);
    if (c === 'i') {
      const end = input.indexOf(0x65, at);
      const n = Number(input.subarray(at + 1, end).toString());
      at = end + 1;
      return n;
    }
    if (c === 'l' || c === 'd') {
      at += 1;
      const items: BValue[] = [];
      while (input[at] !== 0x65) items.push(next());
      at += 1;
      if (c === 'l') return items;
      const dict: Record<string, BValue> = {};
      for (let i = 0; i < items.length; i += 2) dict[String(items[i])] = items[i + 1]!;
      return dict;
    }
    const colon = input.indexOf(0x3a, at);
    const length = Number(input.subarray(at, colon).toString());
    const text = input.subarray(colon + 1, colon + 1 + length).toString();
    at = colon + 1 + length;
    return text;
  };
  return next();
}

/** One ng request: a fresh cookie each time (rtpengine answers a repeated cookie from a cache). */
export function ngCommand(
  port: number,
  body: Record<string, BValue>,
  timeoutMs = 2000,
): Promise<Record<string, BValue>> {
  const cookie = randomBytes(6).toString('hex');
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket('udp4');
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error(`rtpengine ng ${String(body.command)}: no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('message', (message) => {
      const space = message.indexOf(0x20);
      if (message.subarray(0, space).toString() !== cookie) return;
      clearTimeout(timer);
      socket.close();
      resolve(bdecode(message.subarray(space + 1)) as Record<string, BValue>);
    });
    socket.send(`${cookie} ${bencode(body)}`, port, '127.0.0.1');
  });
}

// ---- ports: the ng port and an RTP range, picked per run ----

function udpPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', () => resolve(false));
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
  });
}

/** A random block of RTP ports in 20000–29999 (below Linux's ephemeral range) that is free now. */
async function pickPortRange(size: number): Promise<{ min: number; max: number }> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const min = 20_000 + 2 * Math.floor((Math.random() * (10_000 - size)) / 2);
    const probes = [min, min + 1, min + Math.floor(size / 2), min + size - 1];
    if ((await Promise.all(probes.map(udpPortFree))).every(Boolean))
      return { min, max: min + size - 1 };
  }
  throw new Error('no free UDP port range for rtpengine');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startRtpengine(options: { portCount?: number } = {}): Promise<Rtpengine> {
  const why = rtpengineUnavailable();
  if (why) throw new Error(why);
  const ngPort = await freeUdpPort();
  const { min, max } = await pickPortRange(options.portCount ?? 200);
  const runDir = mkdtempSync(path.join(tmpdir(), 'agent-desk-rtpengine-'));
  const logFile = path.join(runDir, 'rtpengine.log');
  const log = createWriteStream(logFile, { flags: 'a' });
  const args = [
    // Never /etc/rtpengine/rtpengine.conf: it opens fixed CLI and HTTP ports on every interface.
    '--config-file=none',
    '--table=-1',
    '--interface=127.0.0.1',
    `--listen-ng=127.0.0.1:${ngPort}`,
    `--port-min=${min}`,
    `--port-max=${max}`,
    '--foreground',
    '--log-stderr',
    '--log-level=6',
    '--num-threads=2',
    // A deleted call is gone at once (the default keeps it 30 s), so a spec can check it.
    '--delete-delay=0',
    `--pidfile=${path.join(runDir, 'rtpengine.pid')}`,
  ];
  const child: ChildProcess = spawn(rtpengineBinary()!, args, {
    cwd: runDir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => setTimeout(() => log.end(), 50));

  const readLog = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };

  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`rtpengine exited (${child.exitCode ?? child.signalCode}):\n${readLog()}`);
    const pong = await ngCommand(ngPort, { command: 'ping' }, 300).catch(() => null);
    if (pong?.result === 'pong') break;
    if (Date.now() > deadline) {
      killGroup('SIGKILL');
      throw new Error(`rtpengine did not answer ng ping on ${ngPort} within 10 s:\n${readLog()}`);
    }
    await sleep(50);
  }

  return {
    ngPort,
    portMin: min,
    portMax: max,
    runDir,
    log: readLog,
    command: (body) => ngCommand(ngPort, body),
    async calls() {
      const reply = await ngCommand(ngPort, { command: 'list' });
      return Array.isArray(reply.calls) ? reply.calls.map(String) : [];
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        killGroup('SIGTERM');
        const timer = setTimeout(() => killGroup('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
      killGroup('SIGKILL');
      if (process.env.AGENT_DESK_KEEP_KAMAILIO !== '1')
        rmSync(runDir, { recursive: true, force: true });
    },
  };
}
