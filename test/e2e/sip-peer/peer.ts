// A bare sip.js user agent in a page — the customer, the transfer target and the bench's far end.
// No app code: UserAgent + Registerer + Inviter/Invitation, the way sip.js documents them, with
// the loopback settings of ../shared/docs/sip-lab.md (no ICE servers, fake media from Chromium
// flags). Driven by specs through window.peer (api.ts). Built by `node scripts/build.mjs sip-peer`
// into dist/test/sip-peer/.
import {
  Invitation,
  Inviter,
  Registerer,
  SessionState,
  SIPExtension,
  UserAgent,
  type Info,
  type InviterInviteOptions,
  type Notification,
  type Referral,
  type Session,
  type URI,
  type Web,
} from 'sip.js';
import type {
  DtmfInfoContentType,
  PeerCallState,
  PeerEvent,
  PeerMarks,
  PeerRegistration,
  PeerRemote,
  PeerStartOptions,
  PeerState,
  SipPeer,
} from './api.js';

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const RECONNECT_STEPS_MS = [100, 250, 500, 1000];

const log: PeerEvent[] = [];
function event(type: string, detail?: PeerEvent['detail']): void {
  log.push(detail ? { at: now(), type, detail } : { at: now(), type });
}

let ua: UserAgent | null = null;
let options: PeerStartOptions | null = null;
let registerer: Registerer | null = null;
/** Registerers with a REGISTER still unanswered (Registerer.waiting is not public). */
const awaiting = new WeakSet<Registerer>();
let connected = false;
let registered = false;
let stopping = false;
let reconnectAttempt = 0;
const registrationLog: PeerRegistration[] = [];
let pendingRegistration: PeerRegistration | null = null;

/** Every session alive; `current` is the one the commands act on. */
const sessions = new Set<Session>();
let current: Session | null = null;
/** The call on hold while a consultation call is current (attended transfer). */
let held: Session | null = null;
let auto = false;
let callState: PeerCallState = 'idle';
let direction: 'incoming' | 'outgoing' | null = null;
let remote: PeerRemote | null = null;
let localHold = false;
let dtmfReceived = '';
let calls = 0;
let ended = 0;
let lastEnd: string | null = null;
let marks: PeerMarks = {};
const marksHistory: PeerMarks[] = [];
/** The peer connection of the current or last call, for stats after hang-up too. */
let lastPc: RTCPeerConnection | null = null;
/** The SDP body of the last INVITE received (the offer, exactly as the proxy sent it). */
let lastInviteSdp: string | null = null;

const audio = document.getElementById('remote-audio') as HTMLAudioElement;
const callerId = document.getElementById('caller-id') as HTMLOutputElement;

// ---- identity parsing (display name and user out of a name-addr) ----

function parseNameAddr(
  value: string | null | undefined,
): { displayName: string; user: string } | null {
  if (!value) return null;
  const match = /^\s*(?:"((?:[^"\\]|\\.)*)"|([^<]*?))\s*<([^>]+)>/.exec(value);
  const uri = match ? match[3]! : value.trim();
  const displayName = match
    ? match[1] !== undefined
      ? match[1].replace(/\\(.)/g, '$1')
      : (match[2] ?? '').trim()
    : '';
  const user = /^(?:sips?|tel):([^@;>]+)/i.exec(uri)?.[1] ?? '';
  return { displayName, user: decodeURIComponent(user) };
}

// ---- wire hooks: marks at the moment a message crosses the WebSocket ----

function hookTransport(agent: UserAgent): void {
  const transport = agent.transport;
  const send = transport.send.bind(transport);
  transport.send = (message: string) => {
    const firstLine = message.slice(0, message.indexOf('\r\n'));
    if (firstLine.startsWith('REGISTER ')) {
      if (!pendingRegistration) {
        pendingRegistration = { sent: now() };
        registrationLog.push(pendingRegistration);
      }
      if (/^Authorization:/im.test(message)) pendingRegistration.withAuth ??= now();
    } else if (
      firstLine.startsWith('INVITE ') &&
      direction === 'outgoing' &&
      callState !== 'established' &&
      !/^To:.*;tag=/im.test(message)
    ) {
      if (/^Proxy-Authorization:/im.test(message)) marks.inviteSentWithAuth ??= now();
      else marks.inviteSent ??= now();
    }
    return send(message);
  };
}

// ---- registration ----

function register(reg: Registerer): Promise<void> {
  awaiting.add(reg);
  return new Promise((resolve, reject) => {
    reg
      .register({
        requestDelegate: {
          onAccept: () => {
            awaiting.delete(reg);
            registered = true;
            if (pendingRegistration) pendingRegistration.ok = now();
            pendingRegistration = null;
            event('registered');
            resolve();
          },
          onReject: (response) => {
            awaiting.delete(reg);
            const why = `${response.message.statusCode} ${response.message.reasonPhrase}`;
            if (pendingRegistration) pendingRegistration.failed = why;
            pendingRegistration = null;
            event('register-failed', { status: response.message.statusCode ?? 0 });
            reject(new Error(`REGISTER failed: ${why}`));
          },
        },
      })
      .catch((error: unknown) => {
        awaiting.delete(reg);
        pendingRegistration = null;
        reject(error instanceof Error ? error : new Error(String(error)));
      });
  });
}

/**
 * A Registerer still waiting for an answer lost with the old connection cannot register again
 * (sip-lab.md pitfall 6).
 */
function freshRegisterer(agent: UserAgent): Registerer {
  if (registerer && !awaiting.has(registerer)) return registerer;
  registerer = new Registerer(agent, { expires: 300 });
  return registerer;
}

async function reconnectLoop(): Promise<void> {
  while (ua && !stopping && !connected) {
    const delay = RECONNECT_STEPS_MS[Math.min(reconnectAttempt, RECONNECT_STEPS_MS.length - 1)]!;
    reconnectAttempt += 1;
    await sleep(delay);
    if (!ua || stopping || connected) return;
    try {
      await ua.reconnect();
      return; // onConnect re-registers
    } catch {
      event('reconnect-failed', { attempt: reconnectAttempt });
    }
  }
}

// ---- sessions ----

function resetCall(dir: 'incoming' | 'outgoing', who: PeerRemote): void {
  if (Object.keys(marks).length) marksHistory.push(marks);
  marks = {};
  calls += 1;
  direction = dir;
  remote = who;
  localHold = false;
  dtmfReceived = '';
  lastEnd = null;
}

function sdhOf(session: Session): Web.SessionDescriptionHandler | null {
  return (session.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined) ?? null;
}

function remoteDirection(): string | null {
  const sdp =
    (current && sdhOf(current)?.peerConnection?.remoteDescription?.sdp) ??
    lastPc?.remoteDescription?.sdp;
  if (!sdp) return null;
  const audioSection = sdp
    .split(/\r?\nm=/)
    .find((section) => section.startsWith('audio') || section.startsWith('m=audio'));
  return /a=(sendrecv|sendonly|recvonly|inactive)/.exec(audioSection ?? '')?.[1] ?? 'sendrecv';
}

function playRemote(session: Session): void {
  const sdh = sdhOf(session);
  if (!sdh) return;
  if (sdh.peerConnection) lastPc = sdh.peerConnection;
  audio.srcObject = sdh.remoteMediaStream;
  audio.play().catch((error: unknown) => event('audio-play-failed', { error: String(error) }));
}

async function inbound(
  pc: RTCPeerConnection | null | undefined,
): Promise<{ bytesReceived: number; packetsReceived: number; bytesSent: number }> {
  const totals = { bytesReceived: 0, packetsReceived: 0, bytesSent: 0 };
  if (!pc) return totals;
  let report: RTCStatsReport;
  try {
    report = await pc.getStats();
  } catch {
    return totals; // closed with its call
  }
  report.forEach(
    (stat: {
      type: string;
      kind?: string;
      bytesReceived?: number;
      packetsReceived?: number;
      bytesSent?: number;
    }) => {
      if (stat.type === 'inbound-rtp' && stat.kind === 'audio') {
        totals.bytesReceived += stat.bytesReceived ?? 0;
        totals.packetsReceived += stat.packetsReceived ?? 0;
      } else if (stat.type === 'outbound-rtp' && stat.kind === 'audio') {
        totals.bytesSent += stat.bytesSent ?? 0;
      }
    },
  );
  return totals;
}

/** Polls getStats until the first audio packet arrives; marks it (the bench's answer → audio). */
async function watchFirstAudio(session: Session, callMarks: PeerMarks): Promise<void> {
  const deadline = now() + 15_000;
  while (
    now() < deadline &&
    callMarks.firstAudio === undefined &&
    session.state !== SessionState.Terminated
  ) {
    const pc = sdhOf(session)?.peerConnection;
    if (pc) {
      const stats = await inbound(pc);
      if (stats.packetsReceived > 0) {
        callMarks.firstAudio = now();
        event('first-audio');
        return;
      }
    }
    await sleep(5);
  }
}

function parseDtmf(contentType: string, body: string): string {
  if (/dtmf-relay/i.test(contentType)) return /Signal\s*=\s*([0-9A-D*#])/i.exec(body)?.[1] ?? '';
  return /^\s*([0-9A-D*#])/i.exec(body)?.[1] ?? '';
}

function attach(session: Session, dir: 'incoming' | 'outgoing'): void {
  sessions.add(session);
  const callMarks = marks;
  session.delegate = {
    onInfo: (info: Info) => {
      const contentType = info.request.getHeader('Content-Type') ?? '';
      const body = info.request.body ?? '';
      const digit = parseDtmf(contentType, body);
      if (session === current) dtmfReceived += digit;
      event('info-received', { contentType, digit });
      void info.accept();
    },
    onRefer: (referral: Referral) => {
      // sip.js's own referral handling: accept, then follow with an INVITE (Replaces for attended).
      const replaces = Boolean(referral.replaces);
      event('refer-received', {
        referTo: referral.referTo.uri.toString().replace(/\?.*$/, ''),
        replaces,
      });
      void referral
        .accept()
        .then(() => {
          const inviter = referral.makeInviter({
            sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } },
          });
          const target = parseNameAddr(`<${inviter.request.ruri.toString()}>`);
          resetCall('outgoing', {
            ...outgoingRemote(inviter.request.ruri),
            user: target?.user ?? '',
            replaces,
            referred: true,
          });
          current = inviter;
          attach(inviter, 'outgoing');
          return sendInvite(inviter);
        })
        .catch((error: unknown) => event('refer-failed', { error: String(error) }));
    },
  };
  session.stateChange.addListener((state) => {
    event(`session-${state.toLowerCase()}`, { dir });
    if (state === SessionState.Established) {
      callMarks.established = now();
      if (session === current) callState = 'established';
      playRemote(session);
    } else if (state === SessionState.Terminated) {
      sessions.delete(session);
      callMarks.ended ??= now();
      const pc = sdhOf(session)?.peerConnection;
      if (pc) lastPc = pc;
      ended += 1;
      if (session === held) held = null;
      if (session === current) {
        current = null;
        callState = 'idle';
        // A call that replaced or followed this one may still be alive: make it current.
        const next = [...sessions].filter((s) => s !== held).pop() ?? null;
        if (next) {
          current = next;
          callState = next.state === SessionState.Established ? 'established' : callState;
        }
      }
    }
  });
}

function sendInvite(inviter: Inviter, extra: InviterInviteOptions = {}): Promise<void> {
  const callMarks = marks;
  callState = 'calling';
  callMarks.inviteCalled = now();
  return inviter
    .invite({
      ...extra,
      requestDelegate: {
        onProgress: (response) => {
          const status = response.message.statusCode ?? 0;
          if (status === 180 || status === 183) {
            callMarks.ringing ??= now();
            if (inviter === current && callState === 'calling') callState = 'ringing';
            event('ringing', { status });
          }
        },
        onAccept: () => {
          callMarks.answered = now();
          void watchFirstAudio(inviter, callMarks);
        },
        onReject: (response) => {
          lastEnd = `${response.message.statusCode} ${response.message.reasonPhrase}`;
          event('invite-rejected', { status: response.message.statusCode ?? 0 });
        },
      },
    })
    .then(() => undefined);
}

function onInvite(invitation: Invitation): void {
  const from = invitation.request.getHeader('From') ?? '';
  const paiHeaders = invitation.request.getHeaders('P-Asserted-Identity');
  const pai = paiHeaders[0] ?? null;
  const fromParsed = parseNameAddr(from);
  const paiParsed = parseNameAddr(pai);
  const replacing = Boolean(invitation.replacee);
  const referred = invitation.request.hasHeader('Referred-By');
  lastInviteSdp = invitation.request.body || null;
  event('invite-received', { from, pai, replaces: replacing });

  if (current && !replacing) {
    event('busy-rejected');
    void invitation.reject({ statusCode: 486 });
    return;
  }
  resetCall('incoming', {
    from,
    displayName: fromParsed?.displayName ?? '',
    user: fromParsed?.user ?? '',
    pai,
    paiCount: paiHeaders.length,
    paiDisplayName: paiParsed?.displayName ?? null,
    paiUser: paiParsed?.user ?? null,
    replaces: replacing,
    referred,
  });
  marks.inviteReceived = now();
  // What a minimal UI does with the INVITE: show who calls (PAI when the proxy asserted one).
  const shown = paiParsed ?? fromParsed;
  callerId.textContent = shown ? `${shown.displayName} ${shown.user}`.trim() : '';
  current = invitation;
  callState = 'incoming';
  attach(invitation, 'incoming');
  // An INVITE with Replaces takes over a call we already have: accept it at once (sip.js then
  // ends the replaced call with a BYE).
  if (replacing || auto) void acceptCurrent();
}

async function acceptCurrent(): Promise<void> {
  const session = current;
  if (!(session instanceof Invitation) || session.state !== SessionState.Initial)
    throw new Error(`no incoming call to answer (${callState})`);
  const callMarks = marks;
  callMarks.acceptCalled = now();
  void watchFirstAudio(session, callMarks);
  await session.accept({
    sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } },
  });
}

function requireEstablished(): Session {
  if (!current || current.state !== SessionState.Established)
    throw new Error(`no established call (${callState})`);
  return current;
}

function outgoingRemote(uri: URI): PeerRemote {
  return {
    from: uri.toString(),
    displayName: '',
    user: uri.user ?? '',
    pai: null,
    paiCount: 0,
    paiDisplayName: null,
    paiUser: null,
    replaces: false,
    referred: false,
  };
}

/** REFER `session`; once the NOTIFY reports 2xx, hang it up (the transferor's part). */
function refer(session: Session, target: URI | Session): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    session
      .refer(target, {
        requestDelegate: {
          onAccept: () => event('refer-accepted'),
          onReject: (response) =>
            reject(new Error(`REFER rejected: ${response.message.statusCode}`)),
        },
        onNotify: (notification: Notification) => {
          void notification.accept();
          const status = Number(
            /^SIP\/2\.0\s+(\d{3})/.exec(notification.request.body ?? '')?.[1] ?? 0,
          );
          event('refer-notify', { status });
          if (status >= 200 && status < 300) {
            if (session.state === SessionState.Established) void session.bye();
            resolve();
          } else if (status >= 300) {
            reject(new Error(`transfer failed: ${status}`));
          }
        },
      })
      .catch(reject);
  });
}

function toTarget(target: string): string {
  if (/^sips?:/i.test(target)) return target;
  return `sip:${target}@${options?.domain ?? ''}`;
}

const peer: SipPeer = {
  log,

  async start(startOptions) {
    if (ua) throw new Error('peer already started');
    options = startOptions;
    stopping = false;
    const uri = UserAgent.makeURI(`sip:${startOptions.user}@${startOptions.domain}`);
    if (!uri) throw new Error(`bad user or domain: ${startOptions.user}@${startOptions.domain}`);
    const autoReconnect = startOptions.autoReconnect ?? true;
    const agent = new UserAgent({
      uri,
      transportOptions: { server: startOptions.wsUrl },
      authorizationUsername: startOptions.user,
      authorizationPassword: startOptions.password,
      displayName: startOptions.displayName ?? startOptions.user,
      sipExtensionReplaces: SIPExtension.Supported,
      sessionDescriptionHandlerFactoryOptions: {
        peerConnectionConfiguration: { iceServers: [] },
        iceGatheringTimeout: 1000,
      },
      logBuiltinEnabled: false,
      // logConnector sees every level regardless of logLevel (sip-lab.md pitfall 10).
      logConnector: (level, category, _label, content) => {
        if (level === 'error') event('sipjs-error', { category, content: content.slice(0, 300) });
      },
      delegate: {
        onConnect: () => {
          connected = true;
          reconnectAttempt = 0;
          event('connected');
          if (registerer && !stopping) {
            register(freshRegisterer(agent)).catch((error: unknown) =>
              event('reregister-failed', { error: String(error) }),
            );
          }
        },
        onDisconnect: (error?: Error) => {
          connected = false;
          registered = false;
          pendingRegistration = null;
          event('disconnected', { error: error ? error.message : null });
          if (error && autoReconnect && !stopping) void reconnectLoop();
        },
        onInvite,
      },
    });
    ua = agent;
    hookTransport(agent);
    await agent.start();
    connected = true;
    event('started');
    await register(freshRegisterer(agent));
  },

  async stop() {
    stopping = true;
    const agent = ua;
    if (!agent) return;
    await peer.hangup().catch(() => undefined);
    await agent.stop().catch(() => undefined);
    ua = null;
    registerer = null;
    connected = false;
    registered = false;
  },

  async reregister() {
    const agent = ua;
    if (!agent) throw new Error('peer not started');
    if (!connected) await agent.reconnect();
    registerer = null;
    await register(freshRegisterer(agent));
  },

  async ping() {
    const agent = ua;
    if (!agent || !options) throw new Error('peer not started');
    const proxy = UserAgent.makeURI(`sip:${options.domain}`)!;
    const core = agent.userAgentCore;
    const request = core.makeOutgoingRequestMessage(
      'OPTIONS',
      proxy,
      agent.configuration.uri,
      proxy,
      {},
    );
    return new Promise<number>((resolve) => {
      core.request(request, {
        onAccept: (response) => resolve(response.message.statusCode ?? 0),
        onReject: (response) => resolve(response.message.statusCode ?? 0),
      });
    });
  },

  async call(target, callOptions = {}) {
    const agent = ua;
    if (!agent) throw new Error('peer not started');
    if (current) {
      if (held || current.state !== SessionState.Established || !localHold)
        throw new Error(`already in a call (${callState}); hold it first`);
      held = current;
      current = null;
    }
    const uri = UserAgent.makeURI(toTarget(target));
    if (!uri) throw new Error(`bad target ${target}`);
    const inviter = new Inviter(agent, uri, {
      params: callOptions.displayName ? { fromDisplayName: callOptions.displayName } : {},
      extraHeaders: callOptions.extraHeaders ?? [],
      sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } },
    });
    resetCall('outgoing', outgoingRemote(uri));
    current = inviter;
    attach(inviter, 'outgoing');
    event('calling', { target: uri.toString() });
    await sendInvite(inviter);
  },

  answer: acceptCurrent,

  autoAnswer(on) {
    auto = on;
  },

  async reject(statusCode = 486) {
    const session = current;
    if (!(session instanceof Invitation) || session.state !== SessionState.Initial)
      throw new Error(`no incoming call to reject (${callState})`);
    lastEnd = `rejected ${statusCode}`;
    await session.reject({ statusCode });
  },

  async hangup() {
    const session = current;
    if (!session) return;
    switch (session.state) {
      case SessionState.Initial:
      case SessionState.Establishing:
        if (session instanceof Inviter) await session.cancel();
        else await (session as Invitation).reject();
        break;
      case SessionState.Established:
        await session.bye();
        break;
      default:
        break;
    }
    lastEnd ??= 'local hang-up';
  },

  async hold(on) {
    const session = requireEstablished();
    session.sessionDescriptionHandlerOptionsReInvite = {
      hold: on,
    } as Web.SessionDescriptionHandlerOptions;
    await new Promise<void>((resolve, reject) => {
      session
        .invite({
          requestDelegate: {
            onAccept: () => {
              localHold = on;
              event(on ? 'hold' : 'unhold');
              resolve();
            },
            onReject: (response) =>
              reject(new Error(`re-INVITE rejected: ${response.message.statusCode}`)),
          },
        })
        .catch(reject);
    });
  },

  async blindTransfer(target) {
    const session = requireEstablished();
    const uri = UserAgent.makeURI(toTarget(target));
    if (!uri) throw new Error(`bad target ${target}`);
    await refer(session, uri);
  },

  async attendedTransfer() {
    const consult = requireEstablished();
    if (!held || held.state !== SessionState.Established)
      throw new Error('no held call to transfer');
    await refer(held, consult);
  },

  async sendInfoDtmf(digits, contentType: DtmfInfoContentType = 'application/dtmf-relay') {
    const session = requireEstablished();
    for (const digit of digits) {
      if (!/^[0-9A-D*#]$/i.test(digit)) throw new Error(`not a DTMF digit: ${digit}`);
      const content =
        contentType === 'application/dtmf-relay' ? `Signal=${digit}\r\nDuration=160\r\n` : digit;
      await new Promise<void>((resolve, reject) => {
        session
          .info({
            requestOptions: { body: { contentDisposition: 'render', contentType, content } },
            requestDelegate: {
              onAccept: () => resolve(),
              onReject: (response) =>
                reject(new Error(`INFO rejected: ${response.message.statusCode}`)),
            },
          })
          .catch(reject);
      });
      event('dtmf-sent', { contentType });
    }
  },

  async sendRfc4733Dtmf(digits) {
    const sender = sdhOf(requireEstablished())
      ?.peerConnection?.getSenders()
      .find((s) => s.track?.kind === 'audio');
    const dtmf = sender?.dtmf;
    if (!dtmf?.canInsertDTMF) throw new Error('this call cannot send telephone-events');
    await new Promise<void>((resolve) => {
      // The last tonechange (tone '') says the whole buffer has been sent.
      dtmf.ontonechange = (e) => e.tone === '' && resolve();
      dtmf.insertDTMF(digits, 100, 70);
    });
    event('dtmf-sent', { contentType: 'rfc4733' });
  },

  state(): PeerState {
    return {
      connected,
      registered,
      call: callState,
      direction: current ? direction : null,
      remote,
      localHold,
      remoteDirection: remoteDirection(),
      held: held !== null,
      dtmfReceived,
      calls,
      ended,
      lastEnd,
    };
  },

  remoteSdp() {
    const pc = (current && sdhOf(current)?.peerConnection) ?? lastPc;
    return { invite: lastInviteSdp, remoteDescription: pc?.remoteDescription?.sdp ?? null };
  },

  async bytesReceived() {
    const pc = (current && sdhOf(current)?.peerConnection) ?? lastPc;
    return (await inbound(pc)).bytesReceived;
  },

  async bytesSent() {
    const pc = (current && sdhOf(current)?.peerConnection) ?? lastPc;
    return (await inbound(pc)).bytesSent;
  },

  marks: () => ({ ...marks }),
  marksHistory: () =>
    [...marksHistory, marks].filter((m) => Object.keys(m).length > 0).map((m) => ({ ...m })),
  registrations: () => registrationLog.map((r) => ({ ...r })),
  events: () => log.map((e) => ({ ...e, ...(e.detail ? { detail: { ...e.detail } } : {}) })),
};

window.peer = peer;
document.body.dataset.ready = 'true';
