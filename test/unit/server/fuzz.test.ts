// Fuzz ("Shown by"): thousands of random and malformed requests to every operation in
// /openapi.json, read from the running server so routes added later are fuzzed unnamed. Bodies
// break their schema or are not JSON; paths, queries, content types and the token are random too.
// Nothing may answer 5xx or refuse outside the contract error shape, send a passcode, pollute the
// prototype or change one row. A failure prints its seed; FUZZ_SEED replays it (below).
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ERROR_CODES } from '../../../common/result.js';
import { buildServer } from '../../../server/app.js';
import type { Db } from '../../../server/db.js';
import { STATUS_BY_CODE } from '../../../server/http.js';
import { migrate } from '../../../server/migrations.js';
import { applySeed } from '../../../server/seed.js';
import demoSeed from '../../../server/seed/demo-seed.json' with { type: 'json' };
import type { SmsGateway, SmsMessage } from '../../../server/sms.js';
import { DB_KIND, DB_TIMEOUT_MS, dumpDb, openTestDb, TEST_COST, TEST_PEPPER } from './helpers.js';

// Reproduce a failure with the seed it prints:
//   FUZZ_SEED=<n> npx vitest run test/unit/server/fuzz.test.ts
const SEED = process.env.FUZZ_SEED
  ? Number(process.env.FUZZ_SEED)
  : Math.floor(Math.random() * 2 ** 31);
/** FUZZ_COUNT=<n>: how many requests (default 4000). */
const TOTAL = process.env.FUZZ_COUNT ? Number(process.env.FUZZ_COUNT) : 4000;
/** One request in this many goes over a real socket (fetch) instead of Fastify's inject. */
const OVER_HTTP_EVERY = 10;

vi.setConfig({ testTimeout: 180_000, hookTimeout: DB_TIMEOUT_MS });

/**
 * Refusals Fastify answers itself, before any hook, in its own shape
 * (`{error:"Bad Request", code?, message, statusCode}`, no cache-control): a path that is not valid
 * percent-encoding (400 FST_ERR_BAD_URL), a path parameter over 100 characters (414
 * FST_ERR_MAX_PARAM_LENGTH) — server/app.ts can route both through the error shape with Fastify's
 * `frameworkErrors` option — and, over a real socket, what Node's HTTP parser refuses, e.g. a URL
 * beyond the 16 KiB header limit (431; Fastify's `clientErrorHandler` option). Until app.ts does,
 * they are counted, not failed, here, and the two `it.fails` tests below record the gap.
 */
const PENDING_FRAMEWORK_ERRORS: string[] = [];
/** The name PENDING_FRAMEWORK_ERRORS knows a response in Fastify's own shape by, if it is one. */
function frameworkRefusal(status: number, text: string): string | undefined {
  let body: { error?: unknown; code?: unknown; statusCode?: unknown };
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof body?.error !== 'string' || body.statusCode !== status) return undefined;
  const name = typeof body.code === 'string' ? body.code : `HTTP ${status}`;
  return PENDING_FRAMEWORK_ERRORS.includes(name) ? name : undefined;
}

// ---------------------------------------------------------------------------------------------
// A seeded PRNG (mulberry32) and the value pools

class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
}

const hex = (rng: Rng, n: number) =>
  Array.from({ length: n }, () => '0123456789abcdef'[rng.int(16)]).join('');
const uuid = (rng: Rng) =>
  `${hex(rng, 8)}-${hex(rng, 4)}-4${hex(rng, 3)}-${rng.pick(['8', '9', 'a', 'b'])}${hex(rng, 3)}-${hex(rng, 12)}`;
const digits = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.int(10)).join('');
/** encodeURIComponent, but a lone surrogate goes out as the (invalid) UTF-8 bytes of one. */
const encode = (value: string) =>
  value
    .split(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/)
    .map(encodeURIComponent)
    .join('%ED%A0%80');
const ascii = (rng: Rng, n: number) =>
  Array.from({ length: n }, () => String.fromCharCode(32 + rng.int(95))).join('');

const ODD_STRINGS = [
  '',
  ' ',
  '张伟',
  '刘杰 先生',
  '🙂🙃👩‍👩‍👧',
  'e\u0301',
  '\u202eevil',
  'a\u200bb',
  '\ud800', // a lone surrogate
  '\udfff\ud800',
  '\u0000',
  'a\u0000b',
  '\uffff',
  '\ufeff',
  '\r\n',
  '\t',
  "' or 1=1 --",
  '"; drop table agents; --',
  "Robert'); DROP TABLE customers;--",
  '${jndi:ldap://x/a}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%s%n%x',
  '\\',
  '"',
  'null',
  'true',
  'NaN',
  '-0',
  '1e309',
  '0x10',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '13800138000',
  '+86 138-0013-8000',
  '990101198503120010',
  '11010519491231002X',
  'agent01',
  'demo-pass-1',
  '123456',
];

const EDGE_NUMBERS = [
  0,
  -0,
  1,
  -1,
  1.5,
  -1.5,
  0.1,
  2 ** 31,
  2 ** 31 - 1,
  -(2 ** 31),
  2 ** 32,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53),
  1e21,
  1e308,
  -1e308,
  5e-324,
  99,
  100,
  101,
  499,
  500,
  501,
  999,
  1000,
  1001,
];

function randomString(rng: Rng): string {
  switch (rng.int(9)) {
    case 0:
    case 1:
      return rng.pick(ODD_STRINGS);
    case 2:
      return ascii(rng, 1 + rng.int(40));
    case 3:
      return uuid(rng);
    case 4:
      return rng.pick(['138', '139', '+86138', '0086 139', '1']) + digits(rng, rng.int(12));
    case 5:
      return digits(rng, 17) + rng.pick(['0', '1', 'X', 'x', '']);
    case 6:
      return rng
        .pick(['x', '张', '🙂', 'ab', '\u0000'])
        .repeat(1 + rng.int(rng.chance(0.2) ? 20_000 : 600));
    case 7:
      return digits(rng, 1 + rng.int(8));
    default:
      return Array.from({ length: 1 + rng.int(6) }, () => rng.pick(ODD_STRINGS)).join(
        rng.pick(['', ' ', '-', '/']),
      );
  }
}

function randomNumber(rng: Rng): number {
  if (rng.chance(0.6)) return rng.pick(EDGE_NUMBERS);
  return rng.chance(0.5) ? rng.int(2000) - 1000 : (rng.next() - 0.5) * 10 ** rng.int(30);
}

function randomJson(rng: Rng, depth = 0): unknown {
  const kind = rng.int(depth > 3 ? 5 : 7);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
      return randomNumber(rng);
    case 3:
    case 4:
      return randomString(rng);
    case 5:
      return Array.from({ length: rng.int(5) }, () => randomJson(rng, depth + 1));
    default: {
      const object: Record<string, unknown> = {};
      for (let i = rng.int(5); i > 0; i--)
        object[
          rng.chance(0.3)
            ? rng.pick(['constructor', 'prototype', 'toString', 'valueOf'])
            : randomString(rng).slice(0, 40)
        ] = randomJson(rng, depth + 1);
      return object;
    }
  }
}

/** A value of another JSON type than `type`, that no sane coercion would turn into one. */
function wrongTypeFor(rng: Rng, type: string): unknown {
  const pools: Record<string, unknown[]> = {
    string: [1, 0, -1.5, true, false, null, [], {}, ['x'], { value: 'x' }],
    integer: ['abc', '', {}, [1, 2], 'NaN', 1.5, -0.5, { n: 1 }],
    number: ['abc', '', {}, [1, 2], 'NaN', { n: 1 }],
    boolean: ['maybe', 'yes', 2, -1, {}, [true], 'tru'],
    array: ['x', 1, {}, true, { 0: 'a', length: 1 }],
    object: ['x', 1, [], true, [{}]],
  };
  return rng.pick(pools[type] ?? [{ unexpected: true }, [[]], 'x']);
}

// ---------------------------------------------------------------------------------------------
// Schema-driven generation

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
  $ref?: string;
}

interface Parameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema?: JsonSchema;
}

interface Operation {
  method: string;
  path: string;
  bearer: boolean;
  body?: JsonSchema;
  params: Parameter[];
}

const typeOf = (schema: JsonSchema): string | undefined =>
  typeof schema.type === 'string'
    ? schema.type
    : schema.enum
      ? 'enum'
      : schema.const !== undefined
        ? 'enum'
        : undefined;

/**
 * A plausible value for `schema`: often valid on its own, often not — the body is broken elsewhere
 * anyway.
 */
function plausible(
  rng: Rng,
  schema: JsonSchema,
  resolve: (s: JsonSchema) => JsonSchema,
  depth = 0,
): unknown {
  const s = resolve(schema);
  if (rng.chance(0.1)) return randomJson(rng, depth + 2);
  if (s.enum && rng.chance(0.8)) return rng.pick(s.enum);
  switch (s.type) {
    case 'string':
      if (s.format === 'uuid' && rng.chance(0.6)) return uuid(rng);
      return randomString(rng);
    case 'integer':
    case 'number':
      if (rng.chance(0.4) && s.minimum !== undefined && s.maximum !== undefined)
        return s.minimum + rng.int(Math.min(1000, s.maximum - s.minimum + 1));
      return randomNumber(rng);
    case 'boolean':
      return rng.chance(0.5);
    case 'array':
      return Array.from({ length: rng.int(4) }, () =>
        s.items && depth < 4
          ? plausible(rng, s.items, resolve, depth + 1)
          : randomJson(rng, depth + 1),
      );
    case 'object': {
      const object: Record<string, unknown> = {};
      for (const [key, property] of Object.entries(s.properties ?? {})) {
        if (s.required?.includes(key) || rng.chance(0.5))
          object[key] = depth < 4 ? plausible(rng, property, resolve, depth + 1) : null;
      }
      return object;
    }
    default:
      return randomJson(rng, depth + 1);
  }
}

/**
 * An object body that breaks `schema` for certain (one guaranteed violation), with random noise
 * on top. Returns the body as JSON text (so `__proto__` can be an own key) and what was broken.
 */
function brokenBody(
  rng: Rng,
  schema: JsonSchema,
  resolve: (s: JsonSchema) => JsonSchema,
): { text: string; broke: string } {
  const s = resolve(schema);
  const body = plausible(rng, { ...s, enum: undefined }, resolve) as Record<string, unknown>;
  const object = typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {};
  const properties = Object.entries(s.properties ?? {}).map(
    ([key, p]) => [key, resolve(p)] as const,
  );
  /** Each breaks the body and says how; `text` when the body is not `object` as JSON. */
  type Violation = () => string | { what: string; text: string };
  const violations: Violation[] = [
    () => {
      const value = rng.pick([
        null,
        0,
        1.5,
        true,
        'x',
        '',
        [],
        [object],
        [1, 2, 3],
        randomString(rng),
      ]);
      return { what: 'not an object', text: JSON.stringify(value) };
    },
  ];
  if (s.required?.length) {
    violations.push(() => {
      const key = rng.pick(s.required!);
      delete object[key];
      return `missing ${key}`;
    });
  }
  if (s.additionalProperties === false) {
    violations.push(() => {
      const known = Object.keys(s.properties ?? {});
      const key = rng.pick([
        'extra',
        'constructor',
        'prototype',
        'toString',
        'id',
        'agent',
        'tier',
        'verified',
        'admin',
        ...known.map((k) => k.toUpperCase()),
        ...known.map((k) => `${k} `),
        randomString(rng).slice(0, 30) || 'x',
      ]);
      if (known.includes(key)) return violations[0]!() as { what: string; text: string };
      object[key] = randomJson(rng);
      return `unknown key ${JSON.stringify(key)}`;
    });
    violations.push(() => {
      const pollution = rng.pick([
        '{"__proto__":{"polluted":true}}',
        '{"constructor":{"prototype":{"polluted":true}}}',
        '{"__proto__":null}',
      ]);
      return {
        what: 'prototype key',
        text: `${pollution.slice(0, -1)},${JSON.stringify(object).slice(1)}`.replace(/,}$/, '}'),
      };
    });
  }
  for (const [key, p] of properties) {
    const type = typeOf(p);
    if (type && type !== 'enum') {
      violations.push(() => {
        object[key] = wrongTypeFor(rng, type);
        return `${key}: wrong type (${JSON.stringify(object[key])})`;
      });
    }
    if (p.enum) {
      violations.push(() => {
        object[key] = rng.pick([
          `${String(p.enum![0])}x`,
          String(p.enum![0]).toUpperCase(),
          '',
          ' ',
          'any',
          0,
          null,
        ]);
        return `${key}: outside the enum`;
      });
    }
    if (p.type === 'string' && p.maxLength !== undefined && p.maxLength < 40_000) {
      violations.push(() => {
        object[key] = rng
          .pick(['x', '9', '张', '🙂'])
          .repeat(p.maxLength! + 1 + rng.int(rng.chance(0.3) ? 20_000 : 50));
        return `${key}: longer than ${p.maxLength}`;
      });
    }
    if (p.type === 'string' && (p.minLength ?? 0) > 0) {
      violations.push(() => {
        object[key] = '';
        return `${key}: empty`;
      });
    }
    if (
      (p.type === 'integer' || p.type === 'number') &&
      (p.minimum !== undefined || p.maximum !== undefined)
    ) {
      violations.push(() => {
        object[key] =
          rng.chance(0.5) && p.maximum !== undefined
            ? p.maximum + rng.pick([1, 1000, 1e308])
            : (p.minimum ?? 0) - rng.pick([1, 1000, 1e308]);
        return `${key}: out of range`;
      });
    }
    if (p.type === 'array' && (p.minItems ?? 0) > 0) {
      violations.push(() => {
        object[key] = [];
        return `${key}: empty array`;
      });
    }
  }
  const broke = rng.pick(violations)();
  return typeof broke === 'string'
    ? { text: JSON.stringify(object), broke }
    : { text: broke.text, broke: broke.what };
}

/** Not JSON at all (or a forbidden prototype key, which the parser refuses). */
const BAD_JSON = [
  '{',
  '}',
  '{"a":1,}',
  '{"a":1}{"b":2}',
  "{'a':1}",
  '{a:1}',
  '[1,2',
  'NaN',
  'undefined',
  '{"a":"\\u00"}',
  '{"a":"\u0000"}', // a raw control character inside a string
  '{"a":01}',
  '{"a":-}',
  '{"a":.5}',
  '{"__proto__":{"polluted":true}}',
  '{"a":{"__proto__":{"polluted":true}}}',
  '{"\\u005f_proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  ' ',
  '\n\n',
];
/** Valid JSON, just odd. */
const ODD_JSON = [
  '\ufeff{}',
  '{"a":1e999999}',
  '{"a":"\\ud800"}',
  '{"a":"\\u0000"}',
  'null',
  'true',
  '0',
  '"a string"',
  '[]',
  '[{}]',
  '123456789012345678901234567890',
  '{"a":-0}',
];

const CONTENT_TYPES = [
  'text/plain',
  'text/html',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/octet-stream',
  'application/jsonx',
  'json',
  'application/json-patch+json',
  'application/problem+json',
  '*/*',
  '',
];

interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
  /** For the report. */
  what: string;
  op: Operation;
  token: 'valid' | 'none' | 'bogus';
}

/**
 * A random body for a route: broken JSON of the schema, random JSON, invalid text, wrong type, deep
 * or huge.
 */
function randomPayload(
  rng: Rng,
  op: Operation,
  resolve: (s: JsonSchema) => JsonSchema,
  onlyUnparseable: boolean,
): { payload?: string; contentType?: string; what: string } {
  const roll = rng.int(100);
  if (onlyUnparseable || roll < 10) {
    if (rng.chance(0.6))
      return { payload: rng.pick(BAD_JSON), contentType: 'application/json', what: 'invalid JSON' };
    if (rng.chance(0.5))
      return {
        payload: `{"a":"${'x'.repeat(70_000)}"}`,
        contentType: 'application/json',
        what: 'over the body limit',
      };
    return {
      payload: rng.pick(['a=1&b=2', '<a/>', 'hello', '{}', '\u0000\u0001']),
      contentType: rng.pick(CONTENT_TYPES.filter(Boolean)),
      what: 'wrong content type',
    };
  }
  if (roll < 15)
    return {
      payload: rng.pick(['{}', '{"x":1}', 'a=1']),
      contentType: rng.pick(CONTENT_TYPES),
      what: 'wrong content type',
    };
  if (roll < 20) {
    const depth = 1000 + rng.int(20_000);
    const text = rng.chance(0.5)
      ? '['.repeat(depth) + ']'.repeat(depth)
      : '{"a":'.repeat(Math.min(depth, 9000)) + '1' + '}'.repeat(Math.min(depth, 9000));
    return { payload: text, contentType: 'application/json', what: `nested ${depth} deep` };
  }
  if (roll < 23) return { payload: '', contentType: 'application/json', what: 'empty body' };
  if (roll < 28)
    return { payload: rng.pick(ODD_JSON), contentType: 'application/json', what: 'odd JSON' };
  if (op.body && roll < 85) {
    const { text, broke } = brokenBody(rng, op.body, resolve);
    return {
      payload: text,
      contentType: rng.pick([
        'application/json',
        'application/json',
        'application/json; charset=utf-8',
        'Application/JSON',
      ]),
      what: `schema broken: ${broke}`,
    };
  }
  return {
    payload: JSON.stringify(randomJson(rng)),
    contentType: 'application/json',
    what: 'random JSON',
  };
}

/** A value as query text; objects as JSON (their own `toString` key may be anything). */
const asText = (value: unknown) =>
  typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined');

function randomPathValue(rng: Rng, param: Parameter): string {
  if (param.schema?.format === 'uuid' && rng.chance(0.5)) return uuid(rng);
  if (rng.chance(0.1))
    return rng.pick([
      '%',
      '%zz',
      '%E0%A4%A',
      '..',
      '.',
      '%2F',
      '%2e%2e',
      '%00',
      'a%20b',
      '%F0%9F%99%82',
    ]); // raw, not encoded
  return (
    encode(
      rng.chance(0.05)
        ? 'x'.repeat(50 + rng.int(500))
        : randomString(rng).slice(0, rng.chance(0.8) ? 40 : 200),
    ) || 'x'
  );
}

function randomQuery(rng: Rng, op: Operation, resolve: (s: JsonSchema) => JsonSchema): string {
  const parts: string[] = [];
  for (const param of op.params.filter((p) => p.in === 'query')) {
    if (rng.chance(0.25)) continue;
    const schema = resolve(param.schema ?? {});
    const value =
      rng.chance(0.3) && schema.enum
        ? String(rng.pick(schema.enum))
        : rng.chance(0.5)
          ? asText(plausible(rng, schema, resolve))
          : randomString(rng).slice(0, 300);
    parts.push(`${param.name}=${encode(value)}`);
    if (rng.chance(0.1)) parts.push(`${param.name}=${encode(randomString(rng).slice(0, 50))}`); // repeated: an array
  }
  for (let i = rng.int(3); i > 0; i--) {
    parts.push(
      rng.pick([
        `${encode(randomString(rng).slice(0, 30))}=${encode(randomString(rng).slice(0, 60))}`,
        '__proto__[polluted]=1',
        'constructor[prototype][polluted]=1',
        'a[b][c]=d',
        'x[]=1&x[]=2',
        '%zz=1',
        '=',
        '&&',
        'limit=1e3',
        'limit=-1',
        'limit=0x10',
        'status=',
      ]),
    );
  }
  return parts.length > 0 ? `?${parts.join('&')}` : rng.chance(0.1) ? '?' : '';
}

/** Rows (as `table: row`) only in one of two dumpDb() outputs. */
function dbDiff(before: string, after: string): string[] {
  const rows = (dump: string) => {
    let table = '';
    const out: string[] = [];
    for (const line of dump.split('\n')) {
      if (line.startsWith('## ')) table = line.slice(3);
      else if (line !== '') out.push(`${table}: ${line}`);
    }
    return out;
  };
  const a = rows(before);
  const b = rows(after);
  const inA = new Set(a);
  const inB = new Set(b);
  return [
    ...a.filter((row) => !inB.has(row)).map((row) => `- ${row}`),
    ...b.filter((row) => !inA.has(row)).map((row) => `+ ${row}`),
  ];
}

// ---------------------------------------------------------------------------------------------

describe(`fuzz: every operation in /openapi.json (${DB_KIND})`, () => {
  let db: Db;
  let app: FastifyInstance;
  let base: string;
  let doc: {
    paths: Record<
      string,
      Record<
        string,
        {
          security?: unknown[];
          requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
          parameters?: Parameter[];
        }
      >
    >;
    components?: { schemas?: Record<string, JsonSchema> };
  };
  const tokens: string[] = [];
  const sent: SmsMessage[] = [];
  const sms: SmsGateway = { kind: 'fuzz', send: async (message) => void sent.push(message) };

  beforeAll(async () => {
    db = await openTestDb();
    await migrate(db);
    await applySeed(db, demoSeed, { pepper: TEST_PEPPER, passwordCost: TEST_COST });
    app = buildServer({
      db,
      logger: false,
      passwordCost: TEST_COST,
      pepper: TEST_PEPPER,
      sms,
      signInRateLimit: { max: 10, timeWindowMs: 60_000 },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    // One token per tier, before the "before" dump: signing in is the one legitimate write.
    for (const username of ['agent01', 'senior01', 'lead01', 'admin01']) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { username, password: 'demo-pass-1' },
      });
      expect(res.statusCode, username).toBe(200);
      tokens.push(res.json().token);
    }
    doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers thousands of malformed requests without a 5xx, in the error shape, writing nothing', async () => {
    console.log(
      `fuzz seed ${SEED} (FUZZ_SEED=${SEED} to reproduce), ${TOTAL} requests, ${DB_KIND}`,
    );
    const rng = new Rng(SEED);
    const resolve = (schema: JsonSchema): JsonSchema => {
      let s = schema;
      for (let i = 0; s.$ref && i < 10; i++)
        s = doc.components?.schemas?.[s.$ref.replace('#/components/schemas/', '')] ?? {};
      return s;
    };
    // The push stream never ends by design (its own suite, test/unit/server/events/, covers it).
    const streams = new Set(['/api/v1/events']);
    const operations: Operation[] = Object.entries(doc.paths)
      .filter(([path]) => !streams.has(path))
      .flatMap(([path, item]) =>
        Object.entries(item).map(([method, op]) => ({
          method: method.toUpperCase(),
          path,
          bearer: Array.isArray(op.security) && op.security.length > 0,
          body: op.requestBody?.content?.['application/json']?.schema,
          params: op.parameters ?? [],
        })),
      );
    expect(operations.length).toBeGreaterThanOrEqual(4);
    const perOperation = Math.ceil(TOTAL / operations.length);

    const requests: FuzzRequest[] = [];
    for (const op of operations) {
      // A POST that declares no input at all (sign-out) is a valid request whatever its parseable
      // body: with a live token it only ever gets unparseable ones.
      const noInput = !op.body && op.params.length === 0 && op.method !== 'GET';
      for (let i = 0; i < perOperation; i++) {
        const roll = rng.int(10);
        const token = roll < 6 ? 'valid' : roll < 8 ? 'none' : 'bogus';
        const headers: Record<string, string> = {};
        if (token === 'valid')
          headers.authorization = `${rng.pick(['Bearer', 'Bearer', 'bearer', 'BEARER'])} ${rng.pick(tokens)}`;
        if (token === 'bogus') {
          headers.authorization = rng.pick([
            'Bearer',
            'Bearer ',
            `Bearer ${ascii(rng, 43).replace(/\s/g, '_')}`,
            `Bearer ${rng.pick(tokens).slice(0, 42)}`,
            `Bearer ${rng.pick(tokens)}x`,
            `Bearer ${rng.pick(tokens)} ${rng.pick(tokens)}`,
            `Basic ${Buffer.from('agent01:demo-pass-1').toString('base64')}`,
            `Token ${rng.pick(tokens)}`,
            `Bearer ${'A'.repeat(4000)}`,
            `Bearer ${"' or 1=1 --".replace(/ /g, '')}`,
          ]);
        }
        const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
          randomPathValue(
            rng,
            op.params.find((p) => p.in === 'path' && p.name === name) ?? { in: 'path', name },
          ),
        );
        const url = path + randomQuery(rng, op, resolve);
        let what = 'no body';
        let payload: string | undefined;
        if (op.method !== 'GET' && (op.body || rng.chance(0.7) || (noInput && token === 'valid'))) {
          const body = randomPayload(rng, op, resolve, noInput && token === 'valid');
          payload = body.payload;
          what = body.what;
          if (body.contentType) headers['content-type'] = body.contentType;
        }
        if (rng.chance(0.05))
          headers.accept = rng.pick([
            'text/html',
            'application/xml',
            '*/*',
            'application/json;q=0',
          ]);
        if (rng.chance(0.03))
          headers['content-encoding'] = rng.pick(['gzip', 'br', 'identity', 'x-unknown']);
        // Now and then, the same path with another method: 404, still in the error shape.
        const method = rng.chance(0.03)
          ? rng.pick(['PUT', 'PATCH', 'DELETE', 'OPTIONS', op.method === 'GET' ? 'POST' : 'GET'])
          : op.method;
        if (method === 'GET' || method === 'OPTIONS') payload = undefined;
        requests.push({ method, url, headers, payload, what, op, token });
      }
    }

    const before = await dumpDb(db);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const frameworkRefusals = new Map<string, number>();
    let forbidden = 0;
    let lookedUp = 0;
    let archiveRead = 0;
    const byOperation = new Map<string, Record<number, number>>();
    const describeRequest = (r: FuzzRequest, index: number) =>
      `#${index} ${r.method} ${r.url.slice(0, 200)} token=${r.token} ${JSON.stringify(r.headers).slice(0, 200)} [${r.what}] body=${JSON.stringify(r.payload?.slice(0, 300))}`;

    const started = Date.now();
    for (const [index, r] of requests.entries()) {
      let status: number;
      let contentType: string | undefined;
      let cacheControl: string | undefined;
      let text: string;
      const overHttp = index % OVER_HTTP_EVERY === 0;
      try {
        if (overHttp) {
          const res = await fetch(base + r.url, {
            method: r.method,
            headers: r.headers,
            body: r.payload ?? null,
          });
          status = res.status;
          contentType = res.headers.get('content-type') ?? undefined;
          cacheControl = res.headers.get('cache-control') ?? undefined;
          text = await res.text();
        } else {
          const res = await app.inject({
            method: r.method as 'GET',
            url: r.url,
            headers: r.headers,
            payload: r.payload,
          });
          status = res.statusCode;
          contentType = res.headers['content-type'] as string | undefined;
          cacheControl = res.headers['cache-control'] as string | undefined;
          text = res.body;
        }
      } catch (error) {
        failures.push(`${describeRequest(r, index)} → threw ${(error as Error).message}`);
        continue;
      }
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      const perOp = `${r.op.method} ${r.op.path}${r.method === r.op.method ? '' : ` as ${r.method}`}`;
      byOperation.set(perOp, {
        ...byOperation.get(perOp),
        [status]: (byOperation.get(perOp)?.[status] ?? 0) + 1,
      });
      const fail = (why: string) =>
        failures.push(`${describeRequest(r, index)} → ${status} ${why}: ${text.slice(0, 300)}`);
      if (status >= 500) fail('server error');
      if (status === 403 && text.includes('"code":"forbidden"')) forbidden++;
      if (r.method === 'GET' && r.op.path === '/api/v1/customers' && status === 200) lookedUp++;
      // An archive look-up is audited when answered, or when the call asked for is not there.
      if (
        r.method === 'GET' &&
        r.op.path.startsWith('/api/v1/archive/') &&
        [200, 404].includes(status)
      )
        archiveRead++;
      const framework = frameworkRefusal(status, text);
      if (framework && status < 500) {
        frameworkRefusals.set(framework, (frameworkRefusals.get(framework) ?? 0) + 1);
        continue; // see PENDING_FRAMEWORK_ERRORS
      }
      if (cacheControl !== 'no-store') fail(`cache-control ${cacheControl}`);
      if (r.op.bearer && r.token !== 'valid' && status < 400)
        fail('answered without a valid token');
      // Every non-GET request here is broken, unauthorised or aimed at a session that does not
      // exist.
      if (r.method === r.op.method && r.method !== 'GET' && status < 400)
        fail('a malformed request was accepted');
      if (status >= 400) {
        let body: { error?: { code?: unknown; message?: unknown } } | undefined;
        try {
          body = JSON.parse(text);
        } catch {
          fail('not JSON');
          continue;
        }
        if (!contentType?.startsWith('application/json')) fail(`content-type ${contentType}`);
        const code = body?.error?.code;
        if (!ERROR_CODES.includes(code as never) || typeof body?.error?.message !== 'string')
          fail('not the {error:{code,message}} shape');
        // 413 and 431 (body, or headers/URL, over the limit) and 415 (a content encoding the
        // journal batches route does not read) are bad requests with their own status.
        else if (
          STATUS_BY_CODE[code as keyof typeof STATUS_BY_CODE] !== status &&
          !([413, 415, 431].includes(status) && code === 'bad-request')
        )
          fail(`status does not match code ${String(code)}`);
      }
    }
    const elapsed = Date.now() - started;

    const after = await dumpDb(db);
    const health = await app.inject({ method: 'GET', url: '/health' });
    const me = await app.inject({
      method: 'GET',
      url: '/api/v1/agents/me',
      headers: { authorization: `Bearer ${tokens[0]}` },
    });

    // The one write a refusal makes by design: a request beyond the agent's tier is refused and
    // recorded (Art. 10) — a well-formed request, answered 403, with one `over-permission` alert.
    const changed = dbDiff(before, after);
    const overPermission = changed.filter((row) =>
      /^\+ alerts: \([0-9a-f-]{36},over-permission,/.test(row),
    );
    // And a customer look-up that was answered is audited (Art. 11): one row each.
    const audited = changed.filter((row) => /^\+ customer_lookups: /.test(row));
    // So is every archive look-up (Art. 11), and an integrity proof seals what it finds unsealed.
    const archiveAudited = changed.filter((row) => /^\+ archive_searches: /.test(row));
    const sealed = changed.filter((row) => /^\+ archive_seal(s|ed): /.test(row));
    // A month's indicators read by a lead rolls its settled days up: figures derived from records,
    // written once per day (server/indicators/rollup.ts), not a record a request changed.
    const rolledUp = changed.filter((row) =>
      /^\+ indicator_(agent_days|verify_months|days_done): /.test(row),
    );

    console.log(
      `fuzz seed ${SEED}: ${requests.length} requests over ${operations.length} operations in ${elapsed} ms; ` +
        `statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}; ` +
        `${forbidden} refused as beyond the tier, ${overPermission.length} over-permission alerts recorded` +
        (frameworkRefusals.size > 0
          ? `; in Fastify's own shape (PENDING_FRAMEWORK_ERRORS): ${JSON.stringify(Object.fromEntries(frameworkRefusals))}`
          : ''),
    );
    // FUZZ_VERBOSE=1 prints the statuses per operation.
    if (process.env.FUZZ_VERBOSE) {
      for (const [op, counts] of [...byOperation].sort())
        console.log(`  ${op}: ${JSON.stringify(counts)}`);
    }
    expect(failures.slice(0, 15), `seed ${SEED}: ${failures.length} failures`).toEqual([]);
    expect(requests.length).toBeGreaterThanOrEqual(Math.min(TOTAL, 3000));
    expect(sent, 'an SMS was sent for a malformed request').toEqual([]);
    expect(
      ({} as Record<string, unknown>).polluted,
      'Object.prototype was polluted',
    ).toBeUndefined();
    expect(
      changed.filter(
        (row) =>
          !overPermission.includes(row) &&
          !audited.includes(row) &&
          !archiveAudited.includes(row) &&
          !sealed.includes(row) &&
          !rolledUp.includes(row),
      ),
      `seed ${SEED}: the database changed`,
    ).toEqual([]);
    expect(audited.length, 'look-ups audited without a 200 answer').toBeLessThanOrEqual(lookedUp);
    expect(archiveAudited.length, 'archive look-ups audited unanswered').toBeLessThanOrEqual(
      archiveRead,
    );
    expect(
      overPermission.length,
      'over-permission alerts without a 403 forbidden',
    ).toBeLessThanOrEqual(forbidden);
    // The server is still up, and every token still works (sign-out never got a valid request).
    expect(health.statusCode).toBe(200);
    expect(me.statusCode).toBe(200);
  });

  // These two fail today (see PENDING_FRAMEWORK_ERRORS): once server/app.ts passes
  // `frameworkErrors` / `clientErrorHandler`, vitest reports the one fixed; then drop its `.fails`
  // and its names from PENDING_FRAMEWORK_ERRORS.
  it('answers a malformed URL and an over-long path parameter in the error shape', async () => {
    for (const url of [
      '/api/v1/verifications/%E0%A4%A',
      `/api/v1/verifications/${'x'.repeat(101)}`,
    ]) {
      const res = await app.inject({
        method: 'GET',
        url,
        headers: { authorization: `Bearer ${tokens[0]}` },
      });
      expect(res.statusCode, url).toBe(400);
      expect(res.json(), url).toEqual({
        error: { code: 'bad-request', message: expect.any(String) },
      });
      expect(res.headers['cache-control'], url).toBe('no-store');
    }
  });

  it('answers a URL over the header size limit in the error shape (real socket)', async () => {
    const res = await fetch(`${base}/api/v1/callbacks?status=${'x'.repeat(20_000)}`, {
      headers: { authorization: `Bearer ${tokens[0]}` },
    });
    expect(res.status).toBe(431);
    expect(await res.json()).toEqual({
      error: { code: 'bad-request', message: expect.any(String) },
    });
  });
});
