// Shared plumbing for the verification suites: a server over the demo seed with an injectable
// clock, a recording SMS gateway (the interface itself, not a mock of something that could run),
// signed-in agents of every tier, and short-hands for each route.
import { Writable } from 'node:stream';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { pino } from 'pino';
import { expect } from 'vitest';
import { buildServer, type BuildServerOptions } from '../../../server/app.js';
import type { Db } from '../../../server/db.js';
import { migrate } from '../../../server/migrations.js';
import { applySeed } from '../../../server/seed.js';
import type { SmsGateway, SmsMessage } from '../../../server/sms.js';
import demoSeed from '../../../server/seed/demo-seed.json' with { type: 'json' };
import { asSuperuser, openTestDb, TEST_COST, TEST_PEPPER, unclosable } from './helpers.js';

export const T0 = new Date('2026-03-02T09:00:00.000Z');
export const DEMO_PASSWORD = 'demo-pass-1';

/** The demo seed's synthetic customers, by short name. */
export const LINA = {
  name: '李娜',
  mobile: '13900000001',
  nationalId: '990101198503120010',
  query: '135790',
  transaction: '246801',
};
export const WANGFANG = {
  name: '王芳',
  mobile: '13900000002',
  nationalId: '990102199007180023',
  query: '112233',
  transaction: '445566',
};
export const LIUYANG = {
  name: '刘洋',
  mobile: '13900000003',
  nationalId: '99010119700101001X',
  query: '801234',
  transaction: '908172',
};
export const CHENJING = {
  name: '陈静',
  mobile: '13900000004',
  nationalId: '990304199512250049',
  query: '520131',
  transaction: '314159',
};
export const ZHAOMIN = {
  name: '赵敏',
  mobile: '13900000001',
  nationalId: '990405198806300061',
  query: '707070',
  transaction: '919293',
};
export type Customer = typeof LINA;

/** Every secret the suites type, for "never in a response, a log or the database". */
export const SECRETS = [LINA, WANGFANG, LIUYANG, CHENJING, ZHAOMIN].flatMap((c) => [
  c.nationalId,
  c.query,
  c.transaction,
]);

export class RecordingSms implements SmsGateway {
  readonly kind = 'test';
  readonly sent: SmsMessage[] = [];
  failing = false;
  async send(message: SmsMessage): Promise<void> {
    if (this.failing) throw new Error('gateway down');
    this.sent.push(message);
  }
  /** The passcode, read as the customer would: from the last message. */
  lastCode(): string {
    const text = this.sent[this.sent.length - 1]?.text ?? '';
    return /(\d{6})/.exec(text)?.[1] ?? 'none';
  }
}

export const VERIFICATION_TABLES = [
  'verification_events',
  'verification_otps',
  'verification_approvals',
  'verification_callbacks',
  'password_failures',
  'alerts',
  'verification_sessions',
  'customer_lookups',
];

export interface Harness {
  db: Db;
  app: FastifyInstance;
  sms: RecordingSms;
  clock: { now: Date };
  logs: string[];
  tokens: Record<'agent' | 'senior' | 'lead' | 'admin' | 'agent2' | 'lead2', string>;
  ids: Map<string, string>;
  build(overrides?: Partial<BuildServerOptions>): FastifyInstance;
  reset(overrides?: Partial<BuildServerOptions>): Promise<void>;
  /** Fresh tokens for every tier (after the clock moved past their lifetime). */
  signInAll(): Promise<void>;
  close(): Promise<void>;
  tick(seconds: number): void;
  req(
    method: 'GET' | 'POST',
    url: string,
    token: string,
    payload?: object,
  ): Promise<LightMyRequestResponse>;
  open(
    token: string,
    body: {
      businessType: string;
      callerNumber?: string;
      customer?: Customer;
      callId?: string;
      /** Default `pai`: the test lines are asserted by a trusted proxy, as on the real desk. */
      callerIdSource?: 'pai' | 'from' | null;
    },
  ): Promise<LightMyRequestResponse>;
  basic(
    token: string,
    id: string,
    customer: Customer,
    overrides?: Partial<{ mobile: string; nationalId: string }>,
  ): Promise<LightMyRequestResponse>;
  password(token: string, id: string, password: string): Promise<LightMyRequestResponse>;
  sendOtp(token: string, id: string): Promise<LightMyRequestResponse>;
  verifyOtp(token: string, id: string, code: string): Promise<LightMyRequestResponse>;
  confirm(token: string, id: string, confirmed?: boolean): Promise<LightMyRequestResponse>;
  alerts(kind?: string): Promise<
    {
      kind: string;
      reasons: string[];
      agent_username: string | null;
      session_id: string | null;
      details: Record<string, unknown>;
    }[]
  >;
}

export async function createHarness(): Promise<Harness> {
  const db = await openTestDb();
  await migrate(db);
  await applySeed(db, demoSeed, { pepper: TEST_PEPPER, passwordCost: TEST_COST });
  await applySeed(
    db,
    {
      agents: [
        { username: 'agent02', name: '周杰', tier: 'agent', password: DEMO_PASSWORD },
        { username: 'lead02', name: '孙丽', tier: 'lead', password: DEMO_PASSWORD },
      ],
    },
    { pepper: TEST_PEPPER, passwordCost: TEST_COST },
  );
  const { rows } = await db.query<{ id: string; name: string }>('select id, name from customers');
  const ids = new Map(rows.map((r) => [r.name, r.id]));
  const clock = { now: T0 };
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const logger = pino({ level: 'trace' }, sink);

  const h = {
    db,
    sms: new RecordingSms(),
    clock,
    logs,
    ids,
    tokens: {} as Harness['tokens'],
    app: undefined as unknown as FastifyInstance,
    build(overrides: Partial<BuildServerOptions> = {}) {
      return buildServer({
        db: unclosable(db),
        logger,
        passwordCost: TEST_COST,
        pepper: TEST_PEPPER,
        now: () => clock.now,
        sms: h.sms,
        ...overrides,
      });
    },
    async reset(overrides: Partial<BuildServerOptions> = {}) {
      await h.app?.close();
      await asSuperuser(
        db,
        `truncate ${VERIFICATION_TABLES.join(', ')}, agent_tokens, rate_limit_hits cascade`,
      );
      clock.now = T0;
      h.sms = new RecordingSms();
      logs.length = 0;
      h.app = h.build(overrides);
      await h.signInAll();
    },
    async signInAll() {
      for (const [key, username] of [
        ['agent', 'agent01'],
        ['agent2', 'agent02'],
        ['lead2', 'lead02'],
        ['senior', 'senior01'],
        ['lead', 'lead01'],
        ['admin', 'admin01'],
      ] as const) {
        const res = await h.app.inject({
          method: 'POST',
          url: '/api/v1/auth/sign-in',
          payload: { username, password: DEMO_PASSWORD },
        });
        h.tokens[key] = res.json().token;
      }
    },
    async close() {
      await h.app?.close();
      await db.close();
    },
    tick(seconds: number) {
      clock.now = new Date(clock.now.getTime() + seconds * 1000);
    },
    req(method: 'GET' | 'POST', url: string, token: string, payload?: object) {
      return h.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${token}` },
        ...(payload ? { payload } : {}),
      });
    },
    open(token: string, body: Parameters<Harness['open']>[1]) {
      const source = body.callerIdSource === undefined ? 'pai' : body.callerIdSource;
      return h.req('POST', '/api/v1/verifications', token, {
        callId: body.callId ?? 'call-1',
        callerNumber: body.callerNumber ?? body.customer?.mobile ?? LINA.mobile,
        businessType: body.businessType,
        ...(body.customer ? { customerId: ids.get(body.customer.name) } : {}),
        ...(source === null ? {} : { callerIdSource: source }),
      });
    },
    basic(
      token: string,
      id: string,
      customer: Customer,
      overrides: Partial<{ mobile: string; nationalId: string }> = {},
    ) {
      return h.req('POST', `/api/v1/verifications/${id}/basic`, token, {
        customerId: ids.get(customer.name),
        mobile: customer.mobile,
        nationalId: customer.nationalId,
        ...overrides,
      });
    },
    password: (token: string, id: string, password: string) =>
      h.req('POST', `/api/v1/verifications/${id}/password`, token, { password }),
    sendOtp: (token: string, id: string) => h.req('POST', `/api/v1/verifications/${id}/otp`, token),
    verifyOtp: (token: string, id: string, code: string) =>
      h.req('POST', `/api/v1/verifications/${id}/otp/verify`, token, { code }),
    confirm: (token: string, id: string, confirmed = true) =>
      h.req('POST', `/api/v1/verifications/${id}/confirmation`, token, { confirmed }),
    async alerts(kind?: string) {
      const { rows } = await db.query<{
        kind: string;
        reasons: string[];
        agent_username: string | null;
        session_id: string | null;
        details: Record<string, unknown>;
      }>(
        `select kind, reasons, agent_username, session_id, details from alerts ${kind ? 'where kind = $1' : ''} order by raised_at, id`,
        kind ? [kind] : [],
      );
      return rows;
    },
  };
  return h as Harness;
}

/** Opens a session and passes the steps named, answering its id. */
export async function through(
  h: Harness,
  token: string,
  businessType: string,
  customer = LINA,
  steps: ('basic' | 'password' | 'otp')[] = [],
): Promise<string> {
  const opened = await h.open(token, { businessType, customer });
  expect(opened.statusCode).toBe(201);
  const id = opened.json().id as string;
  for (const step of steps) {
    if (step === 'basic') expect((await h.basic(token, id, customer)).json().result).toBe('passed');
    if (step === 'password') {
      const kind = opened.json().passwordKind as 'query' | 'transaction';
      expect((await h.password(token, id, customer[kind])).json().result).toBe('passed');
    }
    if (step === 'otp') {
      expect((await h.sendOtp(token, id)).json().result).toBe('sent');
      expect((await h.verifyOtp(token, id, h.sms.lastCode())).json().result).toBe('passed');
    }
  }
  return id;
}

/** Opens a large-loan session and passes basic, password and OTP. */
export async function verifiedLoan(
  h: Harness,
  token: string,
  customer: Customer = LINA,
  callerNumber = customer.mobile,
): Promise<string> {
  const res = await h.open(token, { businessType: 'large-loan', customer, callerNumber });
  expect(res.statusCode).toBe(201);
  const id = res.json().id as string;
  expect((await h.basic(token, id, customer)).json().result).toBe('passed');
  expect((await h.password(token, id, customer.transaction)).json().result).toBe('passed');
  expect((await h.sendOtp(token, id)).json().result).toBe('sent');
  expect((await h.verifyOtp(token, id, h.sms.lastCode())).json().result).toBe('passed');
  return id;
}

export const requestApproval = (h: Harness, token: string, id: string, note?: string) =>
  h.req(
    'POST',
    `/api/v1/verifications/${id}/approval-request`,
    token,
    note === undefined ? {} : { note },
  );
export const pending = (h: Harness, token: string) =>
  h.req('GET', '/api/v1/approvals?status=pending', token);
export const decide = (
  h: Harness,
  token: string,
  approvalId: string,
  approve: boolean,
  reason = '核实无误',
) => h.req('POST', `/api/v1/approvals/${approvalId}/decision`, token, { approve, reason });
