// The API of the bare sip.js peer page (window.peer), shared by the page (peer.ts) and the specs
// that drive it through page.evaluate. Types only.

export interface PeerStartOptions {
  wsUrl: string;
  domain: string;
  user: string;
  password: string;
  displayName?: string;
  /**
   * Reconnect and re-register by itself after the WebSocket drops (default true), as a customer's
   * phone behind a PBX would. Short fixed steps: this is a test peer, not the app.
   */
  autoReconnect?: boolean;
}

export type DtmfInfoContentType = 'application/dtmf-relay' | 'application/dtmf';

/** idle → (calling → ringing | incoming) → established → idle; `terminated` never lingers. */
export type PeerCallState = 'idle' | 'incoming' | 'calling' | 'ringing' | 'established';

export interface PeerRemote {
  /** The From header of the INVITE (incoming) or the To we called (outgoing). */
  from: string;
  displayName: string;
  user: string;
  /** The (first) P-Asserted-Identity header as received (incoming calls), or null. */
  pai: string | null;
  /** How many P-Asserted-Identity headers the INVITE had (the proxy must leave exactly one). */
  paiCount: number;
  /** Display name and user parsed from the PAI, when there is one. */
  paiDisplayName: string | null;
  paiUser: string | null;
  /** The call replaced another one (INVITE with Replaces), or came from a REFER. */
  replaces: boolean;
  referred: boolean;
}

export interface PeerState {
  connected: boolean;
  /** A REGISTER got its 200 since the last (re)connect. */
  registered: boolean;
  call: PeerCallState;
  direction: 'incoming' | 'outgoing' | null;
  remote: PeerRemote | null;
  /** We put the call on hold (our last re-INVITE offered hold). */
  localHold: boolean;
  /** The a= direction of the audio in the far end's last SDP (sendonly/inactive = held by them). */
  remoteDirection: string | null;
  /** Digits received by SIP INFO in the current (or last) call. */
  dtmfReceived: string;
  /** A call put on hold to make a consultation call (attended transfer), if any. */
  held: boolean;
  /** Calls this peer has seen (incoming + outgoing), and how many ended. */
  calls: number;
  ended: number;
  /** Status code of the last final response to our INVITE / the reason the last call ended. */
  lastEnd: string | null;
}

/** Epoch milliseconds (performance.timeOrigin + performance.now()): comparable across pages. */
export interface PeerMarks {
  /** call(): inviter.invite() called (getUserMedia + ICE gathering follow). */
  inviteCalled?: number;
  /** The first INVITE of the call put on the WebSocket (the one without credentials). */
  inviteSent?: number;
  /** The INVITE re-sent with Proxy-Authorization after a 407. */
  inviteSentWithAuth?: number;
  /** 180/183 at the caller. */
  ringing?: number;
  /** 200 OK to the INVITE at the caller. */
  answered?: number;
  /** Incoming INVITE handed to the peer (callee). */
  inviteReceived?: number;
  /** answer() called at the callee. */
  acceptCalled?: number;
  established?: number;
  /**
   * First inbound audio packet seen by getStats polling (from 200 OK at the caller, accept at the
   * callee).
   */
  firstAudio?: number;
  ended?: number;
}

export interface PeerRegistration {
  /** The first REGISTER of this attempt on the wire. */
  sent: number;
  /** The REGISTER re-sent with Authorization after the 401 challenge. */
  withAuth?: number;
  /** 200 OK. */
  ok?: number;
  /** Final failure, if any. */
  failed?: string;
}

export interface PeerEvent {
  at: number;
  type: string;
  detail?: Record<string, string | number | boolean | null>;
}

export interface SipPeer {
  /** UserAgent + Registerer (iceServers []); resolves once registered, rejects on failure. */
  start(options: PeerStartOptions): Promise<void>;
  /** Unregister (best effort) and stop the user agent. */
  stop(): Promise<void>;
  /** Reconnect if needed and register again with a fresh Registerer; resolves once registered. */
  reregister(): Promise<void>;
  /**
   * Out-of-dialog OPTIONS to the proxy itself (the keep-alive ping); resolves with the status code.
   */
  ping(): Promise<number>;
  /**
   * Calls `target` (a user at the domain, or a full sip: URI); resolves once the INVITE is sent.
   * Allowed during a call only when that call is on hold (it becomes the held call: a
   * consultation call for attended transfer). extraHeaders go on the INVITE as given.
   */
  call(target: string, options?: { displayName?: string; extraHeaders?: string[] }): Promise<void>;
  /** Accepts the ringing incoming call; resolves when the 200 OK is sent. */
  answer(): Promise<void>;
  autoAnswer(on: boolean): void;
  /** Rejects the ringing incoming call (default 486 Busy Here). */
  reject(statusCode?: number): Promise<void>;
  /** CANCEL, reject or BYE, whichever fits the current call. */
  hangup(): Promise<void>;
  /** re-INVITE with (or without) hold; resolves on the final response. */
  hold(on: boolean): Promise<void>;
  /** REFER the current call to `target` (blind); hangs up once the transfer NOTIFY says 2xx. */
  blindTransfer(target: string): Promise<void>;
  /**
   * REFER the held call to the current one (Replaces); hangs up the held call once NOTIFY says 2xx.
   */
  attendedTransfer(): Promise<void>;
  /** One SIP INFO per digit, each waiting for its 200. */
  sendInfoDtmf(digits: string, contentType?: DtmfInfoContentType): Promise<void>;
  /** Keys as a desk phone sends them: RFC 4733 telephone-events in the RTP; resolves when sent. */
  sendRfc4733Dtmf(digits: string): Promise<void>;
  state(): PeerState;
  /**
   * The SDP of the last INVITE received (the offer as the proxy sent it) and the current (or last)
   * call's remote description.
   */
  remoteSdp(): { invite: string | null; remoteDescription: string | null };
  bytesReceived(): Promise<number>;
  bytesSent(): Promise<number>;
  /** Marks of the current (or last) call; `marksHistory()` has every call's, oldest first. */
  marks(): PeerMarks;
  marksHistory(): PeerMarks[];
  registrations(): PeerRegistration[];
  /** The event log (a copy). */
  events(): PeerEvent[];
  /** The live event log array. */
  log: PeerEvent[];
}

declare global {
  interface Window {
    peer: SipPeer;
  }
}
