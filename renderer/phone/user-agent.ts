// The sip.js UserAgent for one configuration, and the one OPTIONS request the keep-alive sends.
// It must never let sip.js choose a STUN server, log whole SIP messages or keep the password
// anywhere but its own configuration (sip-lab.md pitfalls 1 and 10). Each call's peer connection
// is built for the offer it must take: a PBX path through rtpengine offers no BUNDLE group.
import { Invitation, UserAgent, Web, type SessionDescriptionHandlerFactory } from 'sip.js';
import type { PhoneConfig } from '../../common/phone.js';
import { rtcpMuxPolicyFor } from '../../common/sip-bodies.js';
import { sipLogConnector, type PhoneLogSink } from './sip-log.js';

/** Host candidates gather in milliseconds; with STUN/TURN configured, allow a little more. */
const ICE_TIMEOUT_LOOPBACK_MS = 500;
const ICE_TIMEOUT_WITH_SERVERS_MS = 2_000;

export interface UserAgentHooks {
  log: PhoneLogSink;
  /** The local audio every call sends. */
  microphone(): Promise<MediaStream>;
  onConnect(): void;
  onDisconnect(error?: Error): void;
  onInvite(invitation: Invitation): void;
}

/**
 * sip.js 0.21's web handler has no rollbackDescription: after a refused re-INVITE (hold
 * refused; a restore answered 480 because the far end has not re-registered yet) the peer
 * connection stays in have-local-offer and can never renegotiate again. Give it one.
 */
function withRollback(factory: SessionDescriptionHandlerFactory): SessionDescriptionHandlerFactory {
  return (session, options) => {
    type Rollback = { rollbackDescription?: () => Promise<void> };
    const sdh = factory(session, options) as Web.SessionDescriptionHandler & Rollback;
    sdh.rollbackDescription = async () => {
      const pc = sdh.peerConnection;
      if (pc && pc.signalingState === 'have-local-offer')
        await pc.setLocalDescription({ type: 'rollback' });
    };
    return sdh;
  };
}

type FactoryOptions = Web.SessionDescriptionHandlerFactoryOptions;

/**
 * The peer connection for the offer it must take. `balanced` bundling always: with one audio
 * section it bundles exactly as `max-bundle` would, yet takes what `max-bundle` refuses — an
 * offer, re-offer or answer without `a=group:BUNDLE` (rtpengine writes none). RTCP multiplexing
 * is negotiated only for an offer that does not multiplex (a browser that no longer knows
 * `negotiate` gets `require`, and such an offer fails as it would have). `encodedInsertableStreams`
 * lets the receiver's transform see RFC 4733 telephone-events; with it, every sender and receiver
 * needs a transform to pass media at all, which call-digits.ts puts on each leg.
 */
function fittedToOffer(
  factory: SessionDescriptionHandlerFactory,
  base: FactoryOptions,
): SessionDescriptionHandlerFactory {
  return (session) => {
    const offer = session instanceof Invitation ? session.request.body : undefined;
    const configuration = (rtcpMuxPolicy: string): FactoryOptions => ({
      ...base,
      peerConnectionConfiguration: {
        ...base.peerConnectionConfiguration,
        bundlePolicy: 'balanced',
        rtcpMuxPolicy: rtcpMuxPolicy as RTCRtcpMuxPolicy,
        encodedInsertableStreams: true,
      } as RTCConfiguration,
    });
    const policy = rtcpMuxPolicyFor(offer);
    try {
      return factory(session, configuration(policy));
    } catch (error) {
      if (policy === 'require') throw error;
      return factory(session, configuration('require'));
    }
  };
}

/**
 * The agent's media handlers (live and training line alike): the microphone, the rollback, the
 * peer connection fitted to each offer, and never a STUN server the configuration did not give.
 */
export function agentSessionFactory(
  microphone: () => Promise<MediaStream>,
  iceServers: PhoneConfig['iceServers'],
): SessionDescriptionHandlerFactory {
  const mediaStreamFactory: Web.MediaStreamFactory = () => microphone();
  return withRollback(
    fittedToOffer(Web.defaultSessionDescriptionHandlerFactory(mediaStreamFactory), {
      iceGatheringTimeout:
        iceServers.length === 0 ? ICE_TIMEOUT_LOOPBACK_MS : ICE_TIMEOUT_WITH_SERVERS_MS,
      // Always set iceServers: sip.js would otherwise add a public STUN server (pitfall 1).
      peerConnectionConfiguration: {
        iceServers: iceServers.map(({ urls, username, credential }) => ({
          urls,
          username,
          credential,
        })),
      },
    }),
  );
}

/** Null without an account or with one whose address is not a SIP URI. */
export function createUserAgent(cfg: PhoneConfig, hooks: UserAgentHooks): UserAgent | null {
  const account = cfg.account;
  if (!account) return null;
  const uri = UserAgent.makeURI(`sip:${account.user}@${account.domain}`);
  if (!uri) return null;
  return new UserAgent({
    uri,
    displayName: account.displayName ?? '',
    authorizationUsername: account.user,
    authorizationPassword: account.password,
    transportOptions: {
      server: account.wsUrl,
      connectionTimeout: 5,
      keepAliveInterval: 0,
      traceSip: false,
    },
    logBuiltinEnabled: false,
    logConfiguration: false,
    logLevel: 'warn',
    logConnector: sipLogConnector(hooks.log),
    userAgentString: 'AgentDesk',
    sessionDescriptionHandlerFactory: agentSessionFactory(hooks.microphone, cfg.iceServers),
    delegate: {
      onConnect: () => hooks.onConnect(),
      onDisconnect: (error) => hooks.onDisconnect(error),
      onInvite: (invitation) => hooks.onInvite(invitation),
    },
  });
}

/** OPTIONS to the proxy itself (no user part); resolves with the final status. */
export function sendOptions(ua: UserAgent | null, domain: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    if (!ua || !domain || !ua.isConnected()) {
      reject(new Error('not connected'));
      return;
    }
    const target = UserAgent.makeURI(`sip:${domain}`);
    if (!target) {
      reject(new Error('bad domain'));
      return;
    }
    const core = ua.userAgentCore;
    const request = core.makeOutgoingRequestMessage(
      'OPTIONS',
      target,
      ua.configuration.uri,
      target,
      {},
    );
    core.request(request, {
      onAccept: (response) => resolve(response.message.statusCode ?? 200),
      onRedirect: (response) => resolve(response.message.statusCode ?? 300),
      onReject: (response) => resolve(response.message.statusCode ?? 500),
    });
  });
}

/** The host of the WebSocket's far end: the only party that can hand us a request. */
export function proxyHost(wsUrl: string | undefined): string | null {
  if (!wsUrl) return null;
  try {
    return new URL(wsUrl).host;
  } catch {
    return null;
  }
}
