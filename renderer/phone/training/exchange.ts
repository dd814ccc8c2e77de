// The training exchange: a tiny SIP switch inside the page that the training line's user agents
// reach through in-memory transports. It answers REGISTER (a minimal registrar: only the desk's
// training AOR may bind) and out-of-dialog OPTIONS itself, relays everything else, and — being
// the line's own proxy — replaces any caller-supplied P-Asserted-Identity with its own (RFC 3325).
import { Core, type NameAddrHeader } from 'sip.js';
import {
  memoryTransportFor,
  type MemoryTransportConstructor,
  type TransportLink,
} from './memory-transport.js';

/** The training line's domain: never resolvable (RFC 2606), so nothing can leave the page. */
export const TRAINING_DOMAIN = 'training.invalid';
/** The desk's training account. */
export const TRAINING_AGENT_URI = `sip:agent@${TRAINING_DOMAIN}`;

const REGISTRATION_MAX_S = 3600;

export interface AssertedIdentity {
  number: string;
  displayName: string;
}

export interface TrainingExchangeOptions {
  /** Runs a delivery later (default setTimeout 0: in order, never inside the sender's call). */
  defer?(fn: () => void): void;
  log?(message: string): void;
  /** AORs (`user@host`) that may register; default the desk's training account only. */
  registrable?: readonly string[];
}

export interface TrainingExchange {
  /** sip.js `transportConstructor` for a user agent on this exchange. */
  readonly Transport: MemoryTransportConstructor;
  /** The identity asserted on INVITEs from now on; null: none (the From header stands alone). */
  assert(identity: AssertedIdentity | null): void;
  /** Is this AOR (`user@host`) registered? */
  registered(aor: string): boolean;
  /** Every transport is dropped and no new one connects. */
  close(): void;
}

const quoted = (text: string) => `"${text.replace(/["\\\r\n]/g, '')}"`;
const userAtHost = (uri: { user?: string; host: string } | undefined) =>
  uri ? `${uri.user ?? ''}@${uri.host}`.toLowerCase() : '';

/** The message with every P-Asserted-Identity removed and, if given, the exchange's own added. */
export function withAssertedIdentity(text: string, identity: AssertedIdentity | null): string {
  const end = text.indexOf('\r\n\r\n');
  const head = end < 0 ? text : text.slice(0, end);
  const rest = end < 0 ? '' : text.slice(end);
  const [first = '', ...headers] = head.split('\r\n');
  const kept = headers.filter((line) => !/^p-asserted-identity\s*:/i.test(line));
  if (identity) {
    const number = identity.number.replace(/[^0-9A-Za-z+*#._-]/g, '');
    const name = quoted(identity.displayName);
    kept.unshift(`P-Asserted-Identity: ${name} <sip:${number}@${TRAINING_DOMAIN}>`);
  }
  return [first, ...kept].join('\r\n') + rest;
}

export function createTrainingExchange(options: TrainingExchangeOptions = {}): TrainingExchange {
  const defer = options.defer ?? ((fn: () => void) => void setTimeout(fn, 0));
  const log = options.log ?? (() => {});
  const registrable = new Set(
    (options.registrable ?? [TRAINING_AGENT_URI.slice(4)]).map((a) => a.toLowerCase()),
  );
  const logger = new Core.LoggerFactory().getLogger('training.exchange');
  const links = new Set<TransportLink>();
  /** Via sent-by host (= contact host in sip.js) → the link that sends from it. */
  const hosts = new Map<string, TransportLink>();
  const bindings = new Map<string, { link: TransportLink; expiresAt: number }>();
  let identity: AssertedIdentity | null = null;
  let closed = false;

  const forget = (link: TransportLink) => {
    links.delete(link);
    for (const [host, l] of hosts) if (l === link) hosts.delete(host);
    for (const [aor, b] of bindings) if (b.link === link) bindings.delete(aor);
  };

  function reply(
    to: TransportLink,
    request: Core.IncomingRequestMessage,
    statusCode: number,
    extraHeaders: string[] = [],
  ) {
    if (request.method === 'ACK') return;
    const response = Core.constructOutgoingResponse(request, { statusCode, extraHeaders });
    deliver(to, response.message);
  }

  function deliver(to: TransportLink, text: string) {
    defer(() => {
      if (links.has(to)) to.deliver(text);
    });
  }

  function register(from: TransportLink, request: Core.IncomingRequestMessage) {
    const aor = userAtHost(request.to?.uri);
    if (!registrable.has(aor)) return reply(from, request, 403);
    const contact = request.parseHeader('contact') as NameAddrHeader | undefined;
    const headerExpires = Number(request.getHeader('expires') ?? REGISTRATION_MAX_S);
    const asked = Number(contact?.getParam('expires') ?? headerExpires);
    const expires = Math.max(0, Math.min(REGISTRATION_MAX_S, Number.isFinite(asked) ? asked : 0));
    if (!contact || expires === 0) {
      bindings.delete(aor);
      return reply(from, request, 200, contact ? [`Contact: <${contact.uri}>;expires=0`] : []);
    }
    bindings.set(aor, { link: from, expiresAt: Date.now() + expires * 1000 });
    reply(from, request, 200, [`Contact: <${contact.uri}>;expires=${expires}`]);
  }

  /** Where a request goes: a registered AOR on the training domain, else a contact's host. */
  function targetOf(request: Core.IncomingRequestMessage): TransportLink | undefined {
    const ruri = request.ruri;
    if (!ruri) return undefined;
    if (ruri.host.toLowerCase() === TRAINING_DOMAIN) {
      const binding = bindings.get(userAtHost(ruri));
      if (binding && binding.expiresAt > Date.now()) return binding.link;
      return undefined;
    }
    return hosts.get(ruri.host.toLowerCase());
  }

  /** A message sent is on the wire: it arrives even if its sender has disconnected since. */
  function route(from: TransportLink, text: string) {
    const message = Core.Parser.parseMessage(text, logger);
    if (!message) return log('unparsable message dropped');
    if (message instanceof Core.IncomingResponseMessage) {
      const to = hosts.get(message.via.host.toLowerCase());
      if (to) deliver(to, text);
      else log(`response ${message.statusCode ?? 0} for an unknown party dropped`);
      return;
    }
    const request = message as Core.IncomingRequestMessage;
    hosts.set(request.via.host.toLowerCase(), from);
    if (request.method === 'REGISTER') return register(from, request);
    const ownDomain = request.ruri?.host.toLowerCase() === TRAINING_DOMAIN;
    if (request.method === 'OPTIONS' && ownDomain && !request.toTag)
      return reply(from, request, 200);
    const to = targetOf(request);
    if (!to) return reply(from, request, ownDomain ? 480 : 404);
    deliver(to, request.method === 'INVITE' ? withAssertedIdentity(text, identity) : text);
  }

  const Transport = memoryTransportFor({
    attach(link) {
      if (closed) return false;
      links.add(link);
      return true;
    },
    detach: forget,
    carry(link, message) {
      defer(() => route(link, message));
    },
  });

  return {
    Transport,
    assert(next) {
      identity = next;
    },
    registered(aor) {
      const binding = bindings.get(aor.toLowerCase());
      return binding !== undefined && binding.expiresAt > Date.now();
    },
    close() {
      closed = true;
      for (const link of [...links]) {
        forget(link);
        link.drop(new Error('training exchange closed'));
      }
    },
  };
}
