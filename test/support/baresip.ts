// A plain SIP desk phone for the telephone-network lab: Debian's baresip 1.0.0 (baresip-core) over
// UDP to the lab's Kamailio, G.711 only, digest auth, driven over its ctrl_tcp module (netstring
// JSON). No sound card: its microphone is a WAV file (aufile), its speaker a bridge to nowhere.
// Never a port beyond 127.0.0.1; its own config dir per run, killed with its process group.
// Its keypad sends RFC 4733 telephone-events only. See ../shared/docs/sip-lab.md.
import { spawn, type ChildProcess } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connectControl, type Control } from './baresip-control.js';
import { freePort, type KamailioUser } from './kamailio.js';
import { writeToneWav } from './wav.js';

const MODULE_DIR = '/usr/lib/baresip/modules';

/** Why baresip cannot run here (specs skip with this reason), or null. */
export function baresipUnavailable(): string | null {
  if (!existsSync('/usr/bin/baresip'))
    return 'baresip is not installed (apt-get install baresip-core)';
  for (const module of ['g711', 'aufile', 'aubridge', 'ctrl_tcp', 'menu', 'account'])
    if (!existsSync(path.join(MODULE_DIR, `${module}.so`)))
      return `baresip module ${module}.so is missing (apt-get install baresip-core)`;
  return null;
}

/** One ctrl_tcp event (`class`, `type` as CALL_ESTABLISHED, REGISTER_OK, CALL_DTMF_START, …). */
export interface BaresipEvent {
  at: number;
  type: string;
  class?: string;
  direction?: string;
  peeruri?: string;
  param?: string;
  id?: string;
}

export type DeskPhoneCall = 'idle' | 'incoming' | 'outgoing' | 'ringing' | 'established';

export interface DeskPhoneState {
  registered: boolean;
  call: DeskPhoneCall;
  /** Calls that reached CALL_CLOSED, and the reason of the last one. */
  ended: number;
  lastEnd: string | null;
}

/** The phone's own RTP counters for the current call (baresip's `audio_debug`). */
export interface DeskPhoneRtpStats {
  rxPackets: number;
  txPackets: number;
}

export interface DeskPhoneOptions {
  /** The lab proxy (startKamailio with `pbx`). */
  kamailio: { udpPort: number | null; domain: string };
  account: KamailioUser;
  displayName?: string;
  /** Answer incoming calls at once (baresip answermode=auto). */
  autoAnswer?: boolean;
  /** The microphone: a WAV file, 8 kHz mono PCM16 (default: a generated tone pattern, 60 s). */
  wavFile?: string;
}

export interface DeskPhone {
  aor: string;
  account: KamailioUser;
  /** Calls a user of the lab domain (`1001`) or a full sip: URI. */
  dial(target: string): Promise<void>;
  answer(): Promise<void>;
  hangup(): Promise<void>;
  /** Keypad digits, one by one `gapMs` apart: RFC 4733 telephone-events in the RTP stream. */
  sendDigits(digits: string, options?: { gapMs?: number }): Promise<void>;
  state(): DeskPhoneState;
  waitForState(
    predicate: Partial<DeskPhoneState> | ((state: DeskPhoneState) => boolean),
    timeoutMs?: number,
  ): Promise<DeskPhoneState>;
  rtpStats(): Promise<DeskPhoneRtpStats>;
  rtpPacketsReceived(): Promise<number>;
  /** A ctrl_tcp command (menu's long commands: `callstat`, `listcalls`, `reginfo`, …). */
  command(name: string, params?: string): Promise<string>;
  events(): BaresipEvent[];
  log(): string;
  stop(): Promise<void>;
}

function baresipConfig(sipPort: number, ctrlPort: number, wav: string): string {
  // rtp_ports: baresip's own small range; even base, chosen per run like the SIP port.
  const rtpBase = 30_000 + 2 * (Math.floor(Math.random() * 4000) | 0);
  return [
    'poll_method epoll',
    `sip_listen 127.0.0.1:${sipPort}`,
    'net_interface 127.0.0.1',
    'call_local_timeout 120',
    'call_max_calls 4',
    // The microphone is a file; the speaker and the ring tone go to a bridge nobody listens on.
    `audio_source aufile,${wav}`,
    'audio_player aubridge,nowhere',
    'audio_alert aubridge,nowhere',
    'audio_level no',
    `rtp_ports ${rtpBase}-${rtpBase + 19}`,
    'rtcp_mux no',
    'jitter_buffer_delay 5-10',
    'rtp_stats yes',
    `module_path ${MODULE_DIR}`,
    'module g711.so',
    'module aufile.so',
    'module aubridge.so',
    'module_tmp account.so',
    'module_app menu.so',
    'module_app ctrl_tcp.so',
    `ctrl_tcp_listen 127.0.0.1:${ctrlPort}`,
    '',
  ].join('\n');
}

function accountLine(options: DeskPhoneOptions): string {
  const { account, kamailio } = options;
  const name = (options.displayName ?? account.user).replace(/"/g, '');
  const answer = options.autoAnswer ? 'auto' : 'manual';
  return (
    `"${name}" <sip:${account.user}@${kamailio.domain}:${kamailio.udpPort};transport=udp>` +
    `;auth_user=${account.user};auth_pass=${account.password};answermode=${answer};regint=300\n`
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startDeskPhone(options: DeskPhoneOptions): Promise<DeskPhone> {
  const why = baresipUnavailable();
  if (why) throw new Error(why);
  if (!options.kamailio.udpPort) throw new Error('the desk phone needs Kamailio started with pbx');
  const runDir = mkdtempSync(path.join(tmpdir(), 'agent-desk-baresip-'));
  const wav = options.wavFile ?? path.join(runDir, 'microphone.wav');
  if (!options.wavFile) writeToneWav(wav, 60);
  const [sipPort, ctrlPort] = [await freePort(), await freePort()];
  writeFileSync(path.join(runDir, 'config'), baresipConfig(sipPort, ctrlPort, wav));
  writeFileSync(path.join(runDir, 'accounts'), accountLine(options), { mode: 0o600 });
  const logFile = path.join(runDir, 'baresip.log');
  const logStream = createWriteStream(logFile, { flags: 'a' });
  const child: ChildProcess = spawn('/usr/bin/baresip', ['-f', runDir], {
    cwd: runDir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(logStream, { end: false });
  child.stderr!.pipe(logStream, { end: false });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const readLog = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  try {
    const control = await connectControl(ctrlPort, child, readLog);
    const phone = deskPhone(options, control, readLog);
    const stopPhone = async () => {
      control.close();
      if (child.exitCode === null && child.signalCode === null) {
        killGroup('SIGTERM');
        const timer = setTimeout(() => killGroup('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
      killGroup('SIGKILL');
      logStream.end();
      if (process.env.AGENT_DESK_KEEP_KAMAILIO !== '1')
        rmSync(runDir, { recursive: true, force: true });
    };
    phone.stop = stopPhone;
    // The first REGISTER may be answered before ctrl_tcp is connected: ask (reginfo) until it is.
    const deadline = Date.now() + 10_000;
    for (;;) {
      // A command sent while baresip is still starting its modules can go unanswered: ask again.
      const info = await phone.command('reginfo').catch((error: Error) => error.message);
      if (/\sOK\s/.test(info)) break;
      if (Date.now() > deadline) {
        await stopPhone();
        throw new Error(
          `desk phone ${options.account.user} not registered:\n${info}\n${readLog()}`,
        );
      }
      await sleep(100);
    }
    phone.markRegistered();
    return phone;
  } catch (error) {
    killGroup('SIGKILL');
    throw error;
  }
}

// ---- the phone: state from ctrl_tcp events ----

function deskPhone(
  options: DeskPhoneOptions,
  control: Control,
  readLog: () => string,
): DeskPhone & { markRegistered(): void } {
  const { account, kamailio } = options;
  const events: BaresipEvent[] = [];
  const state: DeskPhoneState = { registered: false, call: 'idle', ended: 0, lastEnd: null };
  const waiters = new Set<() => void>();
  control.onEvent((raw) => {
    const event: BaresipEvent = { at: Date.now(), type: String(raw.type) };
    for (const key of ['class', 'direction', 'peeruri', 'param', 'id'] as const)
      if (typeof raw[key] === 'string') event[key] = raw[key];
    events.push(event);
    switch (event.type) {
      case 'REGISTER_OK':
        state.registered = true;
        break;
      case 'REGISTER_FAIL':
      case 'UNREGISTERING':
        state.registered = false;
        break;
      case 'CALL_INCOMING':
        state.call = 'incoming';
        break;
      case 'CALL_OUTGOING':
        state.call = 'outgoing';
        break;
      case 'CALL_RINGING':
      case 'CALL_PROGRESS':
        if (state.call === 'outgoing') state.call = 'ringing';
        break;
      case 'CALL_ESTABLISHED':
        state.call = 'established';
        break;
      case 'CALL_CLOSED':
        state.call = 'idle';
        state.ended += 1;
        state.lastEnd = event.param ?? '';
        break;
      default:
        break;
    }
    for (const wake of waiters) wake();
  });

  const run = async (command: string, params?: string): Promise<string> => {
    const reply = await control.send(command, params);
    // baresip colours its output for a terminal.
    // eslint-disable-next-line no-control-regex -- ESC starts the terminal's colour codes
    const data = reply.data.replace(/\x1b\[[0-9;]*m/g, '');
    if (!reply.ok) throw new Error(`baresip ${command} ${params ?? ''} failed: ${data}`);
    return data;
  };

  const matches = (predicate: Parameters<DeskPhone['waitForState']>[0]) =>
    typeof predicate === 'function'
      ? predicate(state)
      : Object.entries(predicate).every(
          ([key, value]) => state[key as keyof DeskPhoneState] === value,
        );

  const rtpStats = async (): Promise<DeskPhoneRtpStats> => {
    // audio_debug's RTCP block: "rcvd=N" per far-end source, "TX: packets=N" for this phone.
    const text = await run('audio_debug');
    const rx = [...text.matchAll(/\brcvd=(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    return { rxPackets: rx, txPackets: Number(/TX: packets=(\d+)/.exec(text)?.[1] ?? 0) };
  };

  return {
    aor: `sip:${account.user}@${kamailio.domain}`,
    account,
    async dial(target) {
      const uri = /^sips?:/i.test(target)
        ? target
        : `sip:${target}@${kamailio.domain}:${kamailio.udpPort}`;
      await run('dial', uri);
      // baresip 1.0.0 sends no CALL_OUTGOING event: the accepted dial command is the start.
      if (state.call === 'idle') state.call = 'outgoing';
    },
    async answer() {
      await run('accept');
    },
    async hangup() {
      await run('hangup');
    },
    async sendDigits(digits, { gapMs = 250 } = {}) {
      for (const digit of digits) {
        if (!/^[0-9A-D*#]$/i.test(digit)) throw new Error(`not a DTMF digit: ${digit}`);
        await run('sndcode', digit);
        await sleep(gapMs);
      }
    },
    state: () => ({ ...state }),
    waitForState(predicate, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!matches(predicate)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve({ ...state });
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `desk phone ${account.user}: state ${JSON.stringify(state)} never matched ` +
                `${typeof predicate === 'function' ? 'the predicate' : JSON.stringify(predicate)}` +
                `\n--- events ${JSON.stringify(events.slice(-10))}\n--- log\n${readLog().slice(-3000)}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    rtpStats,
    rtpPacketsReceived: async () => (await rtpStats()).rxPackets,
    command: (name, params) => run(name, params),
    events: () => events.map((event) => ({ ...event })),
    log: readLog,
    stop: async () => undefined,
    markRegistered: () => {
      state.registered = true;
    },
  };
}
