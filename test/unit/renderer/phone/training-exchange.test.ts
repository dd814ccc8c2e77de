// The training exchange and its in-memory transport with the real sip.js (no fakes): the desk's
// training user agent registers, OPTIONS are answered, a simulated customer's INVITE reaches the
// desk with the exchange's own P-Asserted-Identity, keypad INFO and BYE are relayed, all as text.
// Media is out of scope here (Node has no WebRTC): a fixed-SDP handler stands in for it.
import { afterEach, describe, expect, it } from 'vitest';
import {
  Inviter,
  Registerer,
  RegistererState,
  SessionState,
  TransportState,
  UserAgent,
  type Info,
  type Invitation,
  type SessionDescriptionHandlerFactory,
} from 'sip.js';
import {
  createTrainingExchange,
  TRAINING_AGENT_URI,
  TRAINING_DOMAIN,
  withAssertedIdentity,
  type TrainingExchange,
} from '../../../../renderer/phone/training/exchange.js';
import { sendOptions } from '../../../../renderer/phone/user-agent.js';

const SDP = [
  'v=0',
  'o=- 1 1 IN IP4 127.0.0.1',
  's=-',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'm=audio 9 RTP/AVP 0',
  'a=rtpmap:0 PCMU/8000',
  '',
].join('\r\n');

/** A media handler with a fixed SDP: the signalling is under test, not WebRTC. */
const fixedSdp: SessionDescriptionHandlerFactory = () => ({
  close: () => {},
  getDescription: () => Promise.resolve({ body: SDP, contentType: 'application/sdp' }),
  hasDescription: (contentType) => contentType === 'application/sdp',
  setDescription: () => Promise.resolve(),
  sendDtmf: () => false,
});

async function until(check: () => boolean, ms = 3_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const agents: UserAgent[] = [];
afterEach(async () => {
  for (const ua of agents.splice(0)) await ua.stop().catch(() => {});
});

function userAgent(exchange: TrainingExchange, uri: string, extra: object = {}): UserAgent {
  const ua = new UserAgent({
    uri: UserAgent.makeURI(uri)!,
    transportConstructor: exchange.Transport,
    logBuiltinEnabled: false,
    logLevel: 'error',
    sessionDescriptionHandlerFactory: fixedSdp,
    ...extra,
  });
  agents.push(ua);
  return ua;
}

async function registeredDesk(exchange: TrainingExchange, onInvite: (i: Invitation) => void) {
  const desk = userAgent(exchange, TRAINING_AGENT_URI, { delegate: { onInvite } });
  await desk.start();
  const registerer = new Registerer(desk);
  await registerer.register();
  await until(() => registerer.state === RegistererState.Registered);
  return { desk, registerer };
}

describe('training transport', () => {
  it('connects, refuses to send while disconnected, and is dropped when the exchange closes', async () => {
    const exchange = createTrainingExchange();
    const transport = new exchange.Transport(undefined);
    const seen: string[] = [];
    transport.onConnect = () => seen.push('connect');
    transport.onDisconnect = (error) => seen.push(`disconnect:${error?.message ?? 'asked'}`);
    await expect(transport.send('OPTIONS sip:x SIP/2.0\r\n\r\n')).rejects.toThrow(/not connected/);
    const connecting = transport.connect();
    expect(transport.state).toBe(TransportState.Connecting);
    await connecting;
    expect(transport.isConnected()).toBe(true);
    exchange.close();
    expect(transport.state).toBe(TransportState.Disconnected);
    expect(seen).toEqual(['connect', 'disconnect:training exchange closed']);
    await expect(transport.connect()).rejects.toThrow(/closed/);
  });

  it('delivers nothing synchronously: a message arrives after the sender has returned', async () => {
    const exchange = createTrainingExchange();
    const received: string[] = [];
    const { desk } = await registeredDesk(exchange, () => {});
    const customer = new exchange.Transport(undefined);
    await customer.connect();
    customer.onMessage = (message) => received.push(message);
    // Not a request the exchange can route (no registered target at this host): 404 comes back.
    const request = [
      'OPTIONS sip:nobody@elsewhere.invalid SIP/2.0',
      'Via: SIP/2.0/WS abc.invalid;branch=z9hG4bK1',
      'From: <sip:1@training.invalid>;tag=1',
      'To: <sip:nobody@elsewhere.invalid>',
      'Call-ID: one',
      'CSeq: 1 OPTIONS',
      'Max-Forwards: 70',
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
    await customer.send(request);
    expect(received).toEqual([]);
    await until(() => received.length === 1);
    expect(received[0]).toMatch(/^SIP\/2.0 404/);
    expect(desk.isConnected()).toBe(true);
  });
});

describe('training exchange', () => {
  it('registers the desk training account and answers OPTIONS itself', async () => {
    const exchange = createTrainingExchange();
    await registeredDesk(exchange, () => {});
    expect(exchange.registered('agent@training.invalid')).toBe(true);
    const desk = agents[0]!;
    await expect(sendOptions(desk, TRAINING_DOMAIN)).resolves.toBe(200);
  });

  it('refuses a registration for any other account (403)', async () => {
    const exchange = createTrainingExchange();
    const other = userAgent(exchange, `sip:intruder@${TRAINING_DOMAIN}`);
    await other.start();
    const registerer = new Registerer(other);
    let status = 0;
    await registerer.register({
      requestDelegate: { onReject: (response) => (status = response.message.statusCode ?? 0) },
    });
    await until(() => status !== 0);
    expect(status).toBe(403);
    expect(exchange.registered(`intruder@${TRAINING_DOMAIN}`)).toBe(false);
  });

  it('turns a call away with 480 while the desk is not registered', async () => {
    const exchange = createTrainingExchange();
    const customer = userAgent(exchange, `sip:17000000101@${TRAINING_DOMAIN}`);
    await customer.start();
    const inviter = new Inviter(customer, UserAgent.makeURI(TRAINING_AGENT_URI)!);
    let status = 0;
    await inviter.invite({
      requestDelegate: { onReject: (response) => (status = response.message.statusCode ?? 0) },
    });
    await until(() => status !== 0);
    expect(status).toBe(480);
  });

  it('carries a call both ways: asserted caller ID, keypad INFO to the desk, BYE to the customer', async () => {
    const exchange = createTrainingExchange();
    const invitations: Invitation[] = [];
    await registeredDesk(exchange, (invitation) => invitations.push(invitation));
    exchange.assert({ number: '17000000101', displayName: 'Trainee "Customer"' });
    const customer = userAgent(exchange, `sip:17000000101@${TRAINING_DOMAIN}`, {
      displayName: 'Spoofed',
    });
    await customer.start();
    const inviter = new Inviter(customer, UserAgent.makeURI(TRAINING_AGENT_URI)!, {
      // A caller's own claim must never reach the desk.
      extraHeaders: ['P-Asserted-Identity: "Bank Director" <sip:95588@training.invalid>'],
    });
    await inviter.invite();
    await until(() => invitations.length === 1);
    const invitation = invitations[0]!;
    expect(invitation.request.getHeaders('P-Asserted-Identity')).toEqual([
      '"Trainee Customer" <sip:17000000101@training.invalid>',
    ]);
    const infos: string[] = [];
    invitation.delegate = {
      onInfo: (info: Info) => {
        infos.push(info.request.body);
        void info.accept();
      },
    };
    await invitation.accept();
    await until(() => inviter.state === SessionState.Established);
    for (const digit of ['4', '2']) {
      await inviter.info({
        requestOptions: {
          body: {
            contentDisposition: 'render',
            contentType: 'application/dtmf-relay',
            content: `Signal=${digit}\r\nDuration=160`,
          },
        },
      });
    }
    await until(() => infos.length === 2);
    expect(infos).toEqual(['Signal=4\r\nDuration=160', 'Signal=2\r\nDuration=160']);
    await invitation.bye();
    await until(() => inviter.state === SessionState.Terminated);
    expect(invitation.state).toBe(SessionState.Terminated);
  });

  it('leaves the From alone when no identity is asserted', () => {
    const invite =
      'INVITE sip:agent@training.invalid SIP/2.0\r\nP-Asserted-Identity: <sip:1@x>\r\nFrom: <sip:2@y>;tag=a\r\n\r\nv=0\r\n';
    expect(withAssertedIdentity(invite, null)).toBe(
      'INVITE sip:agent@training.invalid SIP/2.0\r\nFrom: <sip:2@y>;tag=a\r\n\r\nv=0\r\n',
    );
  });
});
