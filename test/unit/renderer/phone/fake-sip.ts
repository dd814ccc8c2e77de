// A stand-in for the parts of sip.js 0.21 the engine uses, for vi.mock('sip.js'). The engine sees
// the same names (UserAgent, Registerer, Inviter, Invitation, SessionState, Web…); the tests drive
// them by hand: connect or drop the transport, answer a REGISTER, ring an Invitation, send an INFO.
// Real sip.js behaviour that matters is copied on purpose, each marked "As sip.js" where it is.

type Listener<T> = (value: T) => void;

class Emitter<T> {
  private listeners = new Set<Listener<T>>();
  addListener(listener: Listener<T>) {
    this.listeners.add(listener);
  }
  removeListener(listener: Listener<T>) {
    this.listeners.delete(listener);
  }
  emit(value: T) {
    for (const listener of [...this.listeners]) listener(value);
  }
}

export const SessionState = {
  Initial: 'Initial',
  Establishing: 'Establishing',
  Established: 'Established',
  Terminating: 'Terminating',
  Terminated: 'Terminated',
} as const;
type SessionStateName = (typeof SessionState)[keyof typeof SessionState];

export const RegistererState = {
  Initial: 'Initial',
  Registered: 'Registered',
  Unregistered: 'Unregistered',
  Terminated: 'Terminated',
} as const;
type RegistererStateName = (typeof RegistererState)[keyof typeof RegistererState];

export class RequestPendingError extends Error {}

export class FakeURI {
  constructor(readonly text: string) {}
  toString() {
    return this.text;
  }
}

interface FakeResponse {
  message: { statusCode: number; reasonPhrase: string };
}
interface RequestDelegate {
  onAccept?(response: FakeResponse): void;
  onReject?(response: FakeResponse): void;
  onProgress?(response: FakeResponse): void;
  onRedirect?(response: FakeResponse): void;
}
const response = (statusCode: number, reasonPhrase = ''): FakeResponse => ({
  message: { statusCode, reasonPhrase },
});

// ---- media ----

export class FakeTrack {
  enabled = true;
  stopped = false;
  constructor(
    readonly kind: string,
    readonly label = 'mic',
  ) {}
  stop() {
    this.stopped = true;
  }
}

export class FakeStream {
  tracks: FakeTrack[];
  constructor(tracks: FakeTrack[] = []) {
    this.tracks = tracks;
  }
  getAudioTracks() {
    return this.tracks.filter((t) => t.kind === 'audio');
  }
  getTracks() {
    return this.tracks;
  }
  addTrack(track: FakeTrack) {
    this.tracks.push(track);
  }
  removeTrack(track: FakeTrack) {
    this.tracks = this.tracks.filter((t) => t !== track);
  }
}

export class FakeSender {
  constructor(public track: FakeTrack | null) {}
  replaced: FakeTrack[] = [];
  replaceTrack(track: FakeTrack) {
    this.replaced.push(track);
    this.track = track;
    return Promise.resolve();
  }
}

export class FakePeerConnection {
  signalingState = 'stable';
  localDescriptions: unknown[] = [];
  setLocalDescription(description: unknown) {
    this.localDescriptions.push(description);
    this.signalingState = 'stable';
    return Promise.resolve();
  }
  senders = [new FakeSender(new FakeTrack('audio'))];
  receivers = [{ track: new FakeTrack('audio', 'remote') }];
  stats: object[] = [];
  getSenders() {
    return this.senders;
  }
  getReceivers() {
    return this.receivers;
  }
  getStats() {
    return Promise.resolve(new Map(this.stats.map((s, i) => [String(i), s])));
  }
}

/** What the fake browser's RTCPeerConnection accepts. */
export const fakeBrowser = { knowsRtcpMuxNegotiate: true };

class SessionDescriptionHandler {
  /** What the factory was given (the peer connection's configuration among it). */
  constructor(readonly options?: unknown) {
    const policy = (options as { peerConnectionConfiguration?: RTCConfiguration } | undefined)
      ?.peerConnectionConfiguration?.rtcpMuxPolicy as string | undefined;
    if (policy === 'negotiate' && !fakeBrowser.knowsRtcpMuxNegotiate)
      throw new TypeError(`The provided value 'negotiate' is not a valid enum value`);
  }
  peerConnection = new FakePeerConnection();
  remoteMediaStream = new FakeStream([new FakeTrack('audio', 'remote')]);
  localMediaStream = new FakeStream([this.peerConnection.senders[0]!.track!]);
  dtmfSent: string[] = [];
  sendDtmf(tones: string) {
    this.dtmfSent.push(tones);
    return true;
  }
}

export const Web = {
  SessionDescriptionHandler,
  defaultSessionDescriptionHandlerFactory: (mediaStreamFactory: unknown) => {
    void mediaStreamFactory;
    return (_session: unknown, options?: unknown) => new SessionDescriptionHandler(options);
  },
};

// ---- user agent ----

export class UserAgent {
  static instances: UserAgent[] = [];
  /** What the first start() of the next UserAgent does. */
  static firstConnect: 'ok' | 'fail' | 'hang' = 'ok';
  static makeURI(text: string): FakeURI | undefined {
    return /^sips?:[^\s]+$/i.test(text) ? new FakeURI(text) : undefined;
  }

  connected = false;
  /** What the next start()/reconnect() does. */
  nextConnect: 'ok' | 'fail' | 'hang' = 'ok';
  connectCalls = 0;
  stopped = false;
  optionsRequests: { method: string; ruri: FakeURI; delegate: RequestDelegate }[] = [];
  disconnects = 0;
  readonly transport = {
    disconnect: () => {
      this.disconnects += 1;
      if (this.connected) this.drop();
      return Promise.resolve();
    },
  };
  readonly userAgentCore = {
    makeOutgoingRequestMessage: (method: string, ruri: FakeURI) => ({ method, ruri }),
    request: (request: { method: string; ruri: FakeURI }, delegate: RequestDelegate) => {
      this.optionsRequests.push({ ...request, delegate });
    },
  };
  readonly configuration: { uri: FakeURI };

  constructor(
    readonly options: Record<string, unknown> & {
      uri: FakeURI;
      delegate: {
        onConnect(): void;
        onDisconnect(error?: Error): void;
        onInvite(invitation: Invitation): void;
      };
    },
  ) {
    this.configuration = { uri: options.uri };
    this.nextConnect = UserAgent.firstConnect;
    UserAgent.instances.push(this);
  }

  isConnected() {
    return this.connected;
  }
  start() {
    return this.connect();
  }
  reconnect() {
    return this.connect();
  }
  stop() {
    this.stopped = true;
    for (const session of Session.all)
      if (session.ua === this && session.state !== SessionState.Terminated)
        session.transition(SessionState.Terminated);
    this.connected = false;
    return Promise.resolve();
  }
  private connect(): Promise<void> {
    this.connectCalls += 1;
    const outcome = this.nextConnect;
    if (outcome === 'hang') return new Promise(() => {});
    return Promise.resolve().then(() => {
      // As sip.js: a failed start()/reconnect() rejects and does not fire onDisconnect.
      if (outcome === 'fail') throw new Error('WebSocket closed (code: 1006)');
      this.connected = true;
      // The training line's user agents give no connection callbacks.
      (
        this.options.delegate as Partial<UserAgent['options']['delegate']> | undefined
      )?.onConnect?.();
    });
  }
  /** The proxy went away: sip.js fires onDisconnect only for a connected transport. */
  drop(error?: Error) {
    if (!this.connected) return;
    this.connected = false;
    this.options.delegate.onDisconnect(error);
  }
  /** Answer the oldest OPTIONS still waiting. */
  answerOptions(status: number) {
    const request = this.optionsRequests.shift();
    if (!request) throw new Error('no OPTIONS pending');
    if (status < 300) request.delegate.onAccept?.(response(status));
    else request.delegate.onReject?.(response(status));
  }
}

// ---- registration ----

export class Registerer {
  static instances: Registerer[] = [];
  state: RegistererStateName = RegistererState.Initial;
  readonly stateChange = new Emitter<RegistererStateName>();
  waiting = false;
  disposed = false;
  private pending: RequestDelegate | undefined;
  requests = 0;

  constructor(
    readonly ua: UserAgent,
    readonly options: unknown,
  ) {
    Registerer.instances.push(this);
  }

  register(options: { requestDelegate?: RequestDelegate } = {}) {
    if (this.disposed) throw new Error('Registerer disposed. Unable to register.');
    // As sip.js: a REGISTER still pending makes register() reject with RequestPendingError.
    if (this.waiting)
      return Promise.reject(new RequestPendingError('REGISTER request already in progress'));
    this.waiting = true;
    this.requests += 1;
    this.pending = options.requestDelegate;
    return Promise.resolve({});
  }
  /** sip.js's own refresh timer: a REGISTER with no delegate of ours. */
  refresh() {
    this.waiting = true;
    this.requests += 1;
    this.pending = undefined;
  }
  accept(expires = 300) {
    void expires;
    this.waiting = false;
    // As sip.js: a Registerer already Registered does not fire stateChange again.
    if (this.state !== RegistererState.Registered) this.transition(RegistererState.Registered);
    this.pending?.onAccept?.(response(200, 'OK'));
  }
  reject(status: number, phrase = 'Forbidden') {
    this.waiting = false;
    if (this.state !== RegistererState.Unregistered) this.transition(RegistererState.Unregistered);
    this.pending?.onReject?.(response(status, phrase));
  }
  dispose() {
    this.disposed = true;
    return Promise.resolve();
  }
  private transition(state: RegistererStateName) {
    this.state = state;
    this.stateChange.emit(state);
  }
}

// ---- sessions ----

interface InviteOptions {
  sessionDescriptionHandlerOptions?: Record<string, unknown>;
  requestDelegate?: RequestDelegate;
}
interface ReferOptions {
  requestDelegate?: RequestDelegate;
  onNotify?(notification: { request: { body: string }; accept(): Promise<void> }): void;
}

export class Session {
  static all: Session[] = [];
  state: SessionStateName = SessionState.Initial;
  readonly stateChange = new Emitter<SessionStateName>();
  delegate:
    | {
        onInfo?(info: FakeInfo): void;
        onSessionDescriptionHandler?(sdh: SessionDescriptionHandler, provisional: boolean): void;
      }
    | undefined;
  sessionDescriptionHandler: SessionDescriptionHandler | undefined;
  /** The core dialog, as far as the engine looks at it (is a re-INVITE allowed now?). */
  dialog:
    | {
        sessionState: string;
        signalingState: string;
        reinviteUserAgentClient?: object;
        reinviteUserAgentServer?: object;
      }
    | undefined;
  sessionDescriptionHandlerOptionsReInvite: Record<string, unknown> = {};
  sessionDescriptionHandlerModifiersReInvite: unknown[] = [];
  reInvites: InviteOptions[] = [];
  refers: { target: unknown; options: ReferOptions }[] = [];
  infos: { requestOptions?: { body?: { contentType: string; content: string } } }[] = [];
  byes = 0;

  constructor(readonly ua: UserAgent) {
    Session.all.push(this);
  }

  transition(state: SessionStateName) {
    this.state = state;
    if (state === SessionState.Established && !this.sessionDescriptionHandler) {
      // As sip.js: the delegate hears of the media handler as soon as it is made.
      this.sessionDescriptionHandler = new SessionDescriptionHandler();
      this.delegate?.onSessionDescriptionHandler?.(this.sessionDescriptionHandler, false);
    }
    if (state === SessionState.Established) {
      this.dialog ??= { sessionState: 'Confirmed', signalingState: 'Stable' };
    }
    this.stateChange.emit(state);
  }
  invite(options: InviteOptions = {}): Promise<unknown> {
    this.reInvites.push(options);
    return Promise.resolve({});
  }
  /** Answer the latest re-INVITE. */
  answerReInvite(status = 200) {
    const invite = this.reInvites.at(-1);
    if (!invite) throw new Error('no re-INVITE');
    if (status < 300) invite.requestDelegate?.onAccept?.(response(status));
    else invite.requestDelegate?.onReject?.(response(status));
  }
  bye() {
    this.byes += 1;
    this.transition(SessionState.Terminated);
    return Promise.resolve({});
  }
  info(options: Session['infos'][number]) {
    this.infos.push(options);
    return Promise.resolve({});
  }
  refer(target: unknown, options: ReferOptions) {
    this.refers.push({ target, options });
    return Promise.resolve({});
  }
  /** An INFO from the far end; returns the status we answered. */
  receiveInfo(contentType: string | undefined, body: string): number | null {
    let status: number | null = null;
    const info: FakeInfo = {
      request: {
        getHeader: (name: string) =>
          name.toLowerCase() === 'content-type' ? contentType : undefined,
        body,
      },
      accept: () => ((status = 200), Promise.resolve()),
      reject: (o?: { statusCode?: number }) => ((status = o?.statusCode ?? 480), Promise.resolve()),
    };
    this.delegate?.onInfo?.(info);
    return status;
  }
}

export interface FakeInfo {
  request: { getHeader(name: string): string | undefined; body: string };
  accept(): Promise<void>;
  reject(options?: { statusCode?: number }): Promise<void>;
}

let callCounter = 0;

export class Invitation extends Session {
  readonly request: { callId: string; body: string; getHeaders(name: string): string[] };
  readonly remoteIdentity: { displayName: string; uri: FakeURI };
  rejectedWith: number | null = null;
  acceptOptions: unknown = null;

  constructor(
    ua: UserAgent,
    from: { displayName: string; uri: string; pai?: string[] },
    offer = '',
  ) {
    super(ua);
    callCounter += 1;
    const pai = from.pai ?? [];
    this.request = {
      callId: `in-${callCounter}`,
      body: offer,
      getHeaders: (name) => (name.toLowerCase() === 'p-asserted-identity' ? pai : []),
    };
    this.remoteIdentity = { displayName: from.displayName, uri: new FakeURI(from.uri) };
  }
  accept(options: unknown) {
    this.acceptOptions = options;
    this.transition(SessionState.Established);
    return Promise.resolve();
  }
  reject(options?: { statusCode?: number }) {
    this.rejectedWith = options?.statusCode ?? 480;
    this.transition(SessionState.Terminated);
    return Promise.resolve();
  }
  /** The caller gave up (CANCEL). */
  cancelled() {
    this.transition(SessionState.Terminated);
  }
}

export class Inviter extends Session {
  static instances: Inviter[] = [];
  readonly request: { callId: string };
  initialInvite: InviteOptions | null = null;
  cancelled = false;

  constructor(
    ua: UserAgent,
    readonly target: FakeURI,
    readonly inviterOptions: unknown,
  ) {
    super(ua);
    callCounter += 1;
    this.request = { callId: `out-${callCounter}` };
    Inviter.instances.push(this);
  }
  override invite(options: InviteOptions = {}) {
    if (this.state === SessionState.Initial) {
      this.initialInvite = options;
      this.transition(SessionState.Establishing);
      return Promise.resolve({});
    }
    return super.invite(options);
  }
  cancel() {
    this.cancelled = true;
    this.transition(SessionState.Terminated);
    return Promise.resolve();
  }
  ringing() {
    this.initialInvite?.requestDelegate?.onProgress?.(response(180, 'Ringing'));
  }
  answered() {
    this.initialInvite?.requestDelegate?.onAccept?.(response(200, 'OK'));
    this.transition(SessionState.Established);
  }
  refused(status: number) {
    this.initialInvite?.requestDelegate?.onReject?.(response(status));
    this.transition(SessionState.Terminated);
  }
}

export function resetFakeSip() {
  UserAgent.instances = [];
  UserAgent.firstConnect = 'ok';
  Registerer.instances = [];
  Inviter.instances = [];
  Session.all = [];
}
