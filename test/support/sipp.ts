// The telephone-network lab's "PSTN gateway": one SIPp 3.6 call (Debian's sip-tester) over UDP to
// a user of the lab's Kamailio, from the scenario template test/sip/sipp/gateway-call.xml: digest
// auth as the trusted gateway account, PCMU/PCMA + telephone-event offer, a WAV played as RTP,
// keypad digits as SIP INFO. Loopback only, its own run dir, killed with its process group.
// See ../shared/docs/sip-lab.md ("A telephone-network lab").
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freeUdpPort, type KamailioUser } from './kamailio.js';
import { writeToneWav } from './wav.js';

const root = path.resolve(import.meta.dirname, '../..');
export const SIPP_SCENARIO = path.join(root, 'test/sip/sipp/gateway-call.xml');

/** Why SIPp cannot run here (specs skip with this reason), or null. */
export function sippUnavailable(): string | null {
  if (!existsSync('/usr/bin/sipp')) return 'SIPp is not installed (apt-get install sip-tester)';
  return null;
}

export interface SippCallOptions {
  /** The lab proxy (startKamailio with `pbx` and a gateway account). */
  kamailio: { udpPort: number | null; domain: string; gateway: KamailioUser | null };
  /** The user called (`1001`). */
  to: string;
  /** The caller's number as the gateway presents it in From (synthetic: 13812345678). */
  from: string;
  /** The caller's display name in From. */
  fromName?: string;
  /** Keypad digits sent as INFO (application/dtmf-relay) once the call is answered. */
  digits?: string;
  /** Milliseconds from the answer to the first digit (default 1000); not with digitsOnTrigger. */
  digitsDelayMs?: number;
  /** Wait for triggerDigits() instead of a delay. */
  digitsOnTrigger?: boolean;
  /** Milliseconds between digits (default 300). */
  digitGapMs?: number;
  /** Send BYE this long after the digits (default: wait for the far side's BYE). */
  byeAfterMs?: number;
  /**
   * The a=mid the agent's browser is offered: undefined, none in the gateway's SDP and the proxy's
   * rtpengine generates one (the usual path); null, no a=mid at all; a string, the gateway's own
   * a=mid value, kept by the proxy. Never an a=group:BUNDLE line either way.
   */
  mid?: string | null;
  /** The audio played once answered: a WAV of 8 kHz mono µ-law (default: generated, 60 s). */
  wavFile?: string;
  /** Whole-call limit in seconds (default 60): SIPp gives up and fails after it. */
  timeoutSeconds?: number;
}

export interface SippResult {
  exitCode: number | null;
  /** From SIPp's final screen: calls that completed the scenario / failed. */
  stats: { successful: number; failed: number };
}

export interface SippCall {
  /** Resolves when SIPp exits (exit code 0: the scenario completed). */
  done: Promise<SippResult>;
  /** Sends the digits now (digitsOnTrigger): an OPTIONS in the call's dialog, straight to SIPp. */
  triggerDigits(): Promise<void>;
  /** SIPp's message trace, errors and final screen. */
  log(): string;
  stop(): Promise<void>;
}

const DIGITS = /^[0-9A-D*#]*$/i;

function sdp(mid: string | null | undefined): string {
  return [
    'v=0',
    'o=lab-gateway 53655765 2353687637 IN IP4 [local_ip]',
    's=-',
    'c=IN IP4 [media_ip]',
    't=0 0',
    'm=audio [rtpstream_audio_port] RTP/AVP 0 8 101',
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:8 PCMA/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=fmtp:101 0-15',
    'a=ptime:20',
    ...(typeof mid === 'string' ? [`a=mid:${mid}`] : []),
    'a=sendrecv',
  ].join('\n');
}

/** An in-dialog request from the gateway (INFO, BYE) along the record-routed path. */
function inDialog(method: string, cseq: number, body = '', contentType = ''): string {
  return `  <send retrans="500">
    <![CDATA[

      ${method} [next_url] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: "@@CALLER_NAME@@" <sip:@@CALLER@@@[remote_ip]>;tag=[pid]lab[call_number]
      To:[$dialog_to]
      Call-ID: [call_id]
      [routes]
      CSeq: ${cseq} ${method}
      Contact: <sip:@@CALLER@@@[local_ip]:[local_port]>
      Max-Forwards: 70
${contentType ? `      Content-Type: ${contentType}\n` : ''}      Content-Length: [len]

${body}
    ]]>
  </send>
  <recv response="200" />
`;
}

/** Waits for `method` in the call's dialog and answers it 200 OK. */
const answered = (method: string) => `  <recv request="${method}" />
  <send>
    <![CDATA[

      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:]
      [last_Call-ID:]
      [last_CSeq:]
      Content-Length: 0

    ]]>
  </send>
`;

const TRIGGER_WAIT = answered('OPTIONS');
const BYE_ANSWER = answered('BYE');

export function renderScenario(options: SippCallOptions, wav: string): string {
  const digits = options.digits ?? '';
  if (!DIGITS.test(digits)) throw new Error(`not DTMF digits: ${digits}`);
  if (!/^\+?[0-9]{3,20}$/.test(options.from))
    throw new Error(`not a phone number: ${options.from}`);
  const name = options.fromName ?? '';
  if (!/^[\p{L}\p{N} .'-]{0,40}$/u.test(name)) throw new Error(`display name: ${name}`);
  if (typeof options.mid === 'string' && !/^[A-Za-z0-9_-]{1,16}$/.test(options.mid))
    throw new Error(`a=mid value: ${options.mid}`);
  let cseq = 3;
  const keypad: string[] = [];
  if (digits)
    keypad.push(
      options.digitsOnTrigger
        ? TRIGGER_WAIT
        : `  <pause milliseconds="${options.digitsDelayMs ?? 1000}" />\n`,
    );
  [...digits].forEach((digit, i) => {
    if (i > 0) keypad.push(`  <pause milliseconds="${options.digitGapMs ?? 300}" />\n`);
    keypad.push(
      inDialog('INFO', cseq++, `Signal=${digit}\nDuration=160`, 'application/dtmf-relay'),
    );
  });
  const ending =
    options.byeAfterMs === undefined
      ? BYE_ANSWER
      : `  <pause milliseconds="${options.byeAfterMs}" />\n${inDialog('BYE', cseq++)}`;
  // A gateway asking the proxy to leave its offer's mids alone (see kamailio.cfg, route[MEDIA]).
  const extra = options.mid === undefined ? '' : '      X-Lab-Media: keep-mid\n';
  return readFileSync(SIPP_SCENARIO, 'utf8')
    .replace('@@KEYPAD@@', keypad.join('\n'))
    .replace('@@ENDING@@', ending)
    .replaceAll('@@EXTRA_HEADERS@@\n', extra)
    .replaceAll('@@SDP@@', sdp(options.mid))
    .replaceAll('@@WAV@@', wav)
    .replaceAll('@@CALLER_NAME@@', name)
    .replaceAll('@@CALLER@@', options.from);
}

function parseScreen(text: string): SippResult['stats'] {
  const count = (label: string) =>
    Number(new RegExp(`${label}\\s*\\|\\s*(\\d+)\\s*\\|\\s*(\\d+)`).exec(text)?.[2] ?? 0);
  return { successful: count('Successful call'), failed: count('Failed call') };
}

export function startSippCall(options: SippCallOptions): Promise<SippCall> {
  const why = sippUnavailable();
  if (why) throw new Error(why);
  const { kamailio } = options;
  if (!kamailio.udpPort || !kamailio.gateway)
    throw new Error('the gateway needs Kamailio started with pbx and a gateway account');
  return launch(options, kamailio.udpPort, kamailio.gateway);
}

async function launch(
  options: SippCallOptions,
  proxyPort: number,
  gateway: KamailioUser,
): Promise<SippCall> {
  const runDir = mkdtempSync(path.join(tmpdir(), 'agent-desk-sipp-'));
  const wav = options.wavFile ?? path.join(runDir, 'caller.wav');
  if (!options.wavFile) writeToneWav(wav, 60, 'ulaw');
  const scenario = path.join(runDir, 'gateway-call.xml');
  writeFileSync(scenario, renderScenario(options, wav));
  const sipPort = await freeUdpPort();
  const mediaPort = 2 * Math.floor((await freeUdpPort()) / 2);
  const callId = `lab-${randomBytes(6).toString('hex')}-%u`;
  const file = (name: string) => path.join(runDir, name);
  const args = [
    ...['-sf', scenario, '-s', options.to, '-au', gateway.user, '-ap', gateway.password],
    ...['-i', '127.0.0.1', '-p', String(sipPort), '-mi', '127.0.0.1', '-mp', String(mediaPort)],
    ...['-m', '1', '-l', '1', '-cid_str', callId, '-nostdin', '-t', 'u1'],
    ...['-timeout', `${options.timeoutSeconds ?? 60}s`, '-timeout_error'],
    ...['-trace_msg', '-message_file', file('messages.log')],
    ...['-trace_err', '-error_file', file('errors.log')],
    ...['-trace_screen', '-screen_file', file('screen.log')],
    `127.0.0.1:${proxyPort}`,
  ];
  let output = '';
  const child: ChildProcess = spawn('/usr/bin/sipp', args, {
    cwd: runDir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (output = (output + String(chunk)).slice(-20_000)));
  child.stderr!.on('data', (chunk) => (output = (output + String(chunk)).slice(-20_000)));
  const read = (name: string) => (existsSync(file(name)) ? readFileSync(file(name), 'utf8') : '');
  const log = () =>
    [
      `--- sipp ${args.join(' ').replace(gateway.password, '***')}`,
      `--- messages\n${read('messages.log')}`,
      `--- errors\n${read('errors.log')}`,
      `--- screen\n${read('screen.log')}`,
      // eslint-disable-next-line no-control-regex -- ESC starts SIPp's screen control codes
      `--- output\n${output.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '')}`,
    ].join('\n');
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const done = new Promise<SippResult>((resolve) => {
    child.once('exit', (code) =>
      resolve({ exitCode: code, stats: parseScreen(read('screen.log')) }),
    );
  });
  return {
    done,
    log,
    async triggerDigits() {
      const socket = dgram.createSocket('udp4');
      const cid = callId.replace('%u', '1');
      const message = [
        `OPTIONS sip:gateway@127.0.0.1:${sipPort} SIP/2.0`,
        `Via: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK-trigger-${randomBytes(4).toString('hex')}`,
        'From: <sip:lab@127.0.0.1>;tag=trigger',
        'To: <sip:gateway@127.0.0.1>',
        `Call-ID: ${cid}`,
        'CSeq: 1 OPTIONS',
        'Max-Forwards: 1',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n');
      await new Promise<void>((resolve, reject) =>
        socket.send(message, sipPort, '127.0.0.1', (error) => (error ? reject(error) : resolve())),
      );
      socket.close();
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        killGroup('SIGTERM');
        const timer = setTimeout(() => killGroup('SIGKILL'), 3000);
        await done;
        clearTimeout(timer);
      }
      killGroup('SIGKILL');
      if (process.env.AGENT_DESK_KEEP_KAMAILIO !== '1')
        rmSync(runDir, { recursive: true, force: true });
    },
  };
}
