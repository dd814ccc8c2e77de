// /openapi.json (Art. 15 hygiene): a structurally valid OpenAPI 3 document that
// lists every route Fastify knows — collected with an onRoute hook, so routes added later are
// covered without naming them here — with responses on every operation, bearer security on every
// route but the public ones, and a request-body schema wherever the route validates a body.
import type { FastifyInstance, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ERROR_CODES } from '../../../common/result.js';
import { buildServer } from '../../../server/app.js';
import type { Db } from '../../../server/db.js';
import { migrate } from '../../../server/migrations.js';
import { DB_KIND, DB_TIMEOUT_MS, openTestDb, TEST_COST, TEST_PEPPER } from './helpers.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: DB_TIMEOUT_MS });

/** The only routes a client may call without a bearer token. */
const PUBLIC = new Set([
  'GET /health',
  'GET /health/live',
  'GET /health/ready',
  'POST /api/v1/auth/sign-in',
]);
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

interface Operation {
  summary?: string;
  operationId?: string;
  parameters?: { in: string; name: string; required?: boolean; schema?: unknown }[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> };
  responses?: Record<
    string,
    { description?: string; content?: Record<string, { schema?: unknown }> }
  >;
  security?: Record<string, string[]>[];
}
interface OpenApiDoc {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>;
  components?: {
    securitySchemes?: Record<string, { type: string; scheme?: string }>;
    schemas?: Record<string, unknown>;
  };
}

interface KnownRoute {
  method: string;
  /** OpenAPI form: `/x/{id}`. */
  path: string;
  hasBody: boolean;
  hidden: boolean;
}

/** Fastify's `/x/:id` as OpenAPI's `/x/{id}`. */
const toOpenApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

describe(`/openapi.json (${DB_KIND})`, () => {
  let db: Db;
  let app: FastifyInstance;
  let doc: OpenApiDoc;
  const routes: KnownRoute[] = [];

  beforeAll(async () => {
    db = await openTestDb();
    await migrate(db);
    app = buildServer({ db, logger: false, passwordCost: TEST_COST, pepper: TEST_PEPPER });
    // Added before ready(): the route plugins load at ready() and inherit the hook.
    app.addHook('onRoute', (route: RouteOptions) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      const schema = (route.schema ?? {}) as { body?: unknown; hide?: boolean };
      for (const method of methods) {
        routes.push({
          method: method.toUpperCase(),
          path: toOpenApiPath(route.url),
          hasBody: schema.body !== undefined,
          hidden: schema.hide === true,
        });
      }
    });
    await app.ready();
    const res = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    doc = res.json();
  });
  afterAll(async () => {
    await app?.close();
  });

  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, item]) =>
      METHODS.filter((m) => item[m]).map((m) => ({
        key: `${m.toUpperCase()} ${path}`,
        method: m.toUpperCase(),
        path,
        op: item[m]!,
      })),
    );

  it('is OpenAPI 3 with info, paths and the bearer scheme', () => {
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.info.title).toBeTruthy();
    expect(doc.info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(Object.keys(doc.paths).length).toBeGreaterThan(0);
    for (const path of Object.keys(doc.paths)) expect(path).toMatch(/^\/[^:]*$/); // `{id}`, never Fastify's `:id`
    expect(doc.components?.securitySchemes?.bearer).toEqual({ type: 'http', scheme: 'bearer' });
  });

  it('lists exactly the routes Fastify serves (HEAD and hidden routes aside)', () => {
    expect(routes.length).toBeGreaterThan(0);
    expect(routes).toContainEqual({
      method: 'POST',
      path: '/api/v1/auth/sign-in',
      hasBody: true,
      hidden: false,
    });
    const served = routes
      .filter((r) => r.method !== 'HEAD' && !r.hidden)
      .map((r) => `${r.method} ${r.path}`);
    expect(
      operations()
        .map((o) => o.key)
        .sort(),
    ).toEqual([...new Set(served)].sort());
    // The document itself is the one hidden route.
    expect(routes.filter((r) => r.hidden && r.method !== 'HEAD').map((r) => r.path)).toEqual([
      '/openapi.json',
    ]);
  });

  it('gives every operation a summary and responses with a description and, if any, a JSON schema', () => {
    for (const { key, op } of operations()) {
      expect(op.summary, key).toBeTruthy();
      const responses = Object.entries(op.responses ?? {});
      expect(responses.length, `${key} has no responses`).toBeGreaterThan(0);
      expect(
        responses.some(([status]) => /^2\d\d$/.test(status)),
        `${key} declares no 2xx`,
      ).toBe(true);
      for (const [status, response] of responses) {
        expect(status, key).toMatch(/^([1-5]\d\d|[1-5]XX|default)$/);
        expect(typeof response.description, `${key} ${status}`).toBe('string');
        for (const [type, media] of Object.entries(response.content ?? {})) {
          // JSON everywhere; a file download (the monthly report's CSV) says its own type.
          const file = /^2\d\d$/.test(status) && key.endsWith('/csv') && type === 'text/csv';
          if (!file) expect(type, `${key} ${status}`).toMatch(/^application\/json/);
          expect(media.schema, `${key} ${status}`).toBeTypeOf('object');
        }
      }
    }
  });

  it('documents every refusal with the one error shape and the contract codes', () => {
    const errorSchema = doc.components?.schemas?.Error as {
      properties: { error: { properties: { code: { enum: string[] } } } };
    };
    expect(errorSchema.properties.error.properties.code.enum).toEqual([...ERROR_CODES]);
    for (const { key, path, op } of operations()) {
      // Their 503 carries `status` beside `error`, for monitors.
      if (path === '/health' || path === '/health/ready') continue;
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        if (Number(status) < 400) continue;
        expect(response.content?.['application/json']?.schema, `${key} ${status}`).toEqual({
          $ref: '#/components/schemas/Error',
        });
      }
    }
  });

  it('declares bearer security on every route but the health checks and sign-in, and none on those', () => {
    for (const { key, op } of operations()) {
      if (PUBLIC.has(key)) expect(op.security, key).toBeUndefined();
      else expect(op.security, `${key} does not declare bearer security`).toEqual([{ bearer: [] }]);
    }
    for (const key of PUBLIC) expect(operations().map((o) => o.key)).toContain(key);
  });

  it('has a JSON request-body schema for every route that validates a body, and none for the others', () => {
    const withBody = new Set(routes.filter((r) => r.hasBody).map((r) => `${r.method} ${r.path}`));
    for (const { key, op } of operations()) {
      if (withBody.has(key)) {
        expect(op.requestBody?.required, key).toBe(true);
        const schema = op.requestBody?.content?.['application/json']?.schema as
          { type?: string; $ref?: string } | undefined;
        expect(schema, `${key} has no application/json requestBody schema`).toBeTypeOf('object');
        expect(schema!.type === 'object' || typeof schema!.$ref === 'string', key).toBe(true);
      } else {
        expect(op.requestBody, key).toBeUndefined();
      }
    }
    expect(withBody.size).toBeGreaterThan(0);
  });

  it('declares every path parameter of the URL, and only those', () => {
    for (const { key, path, op } of operations()) {
      const inUrl = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      const declared = (op.parameters ?? []).filter((p) => p.in === 'path');
      expect(declared.map((p) => p.name).sort(), key).toEqual(inUrl);
      for (const p of declared) expect(p.required, `${key} ${p.name}`).toBe(true);
      for (const p of op.parameters ?? [])
        expect(['path', 'query', 'header'], `${key} ${p.name}`).toContain(p.in);
    }
  });

  it('resolves every $ref inside the document', () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
    for (const ref of new Set(refs)) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(
        doc.components?.schemas?.[ref.slice('#/components/schemas/'.length)],
        ref,
      ).toBeDefined();
    }
  });
});
