// The records service's Prometheus metrics (prom-client): request latency by route template,
// verification checks by outcome, journal ingest, and unresolved alerts. One registry per service
// instance (not prom-client's global one), so several services in one process never mix figures.
// Alerts are read from the database at scrape time, so every instance behind a balancer agrees;
// with the database down the scrape still answers (last known alerts, agent_desk_metrics_db_up 0).
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from './db.js';

export interface ServiceMetrics {
  readonly registry: Registry;
  /** A verification check that ran to an answer: its step and result, or `refused`. */
  check(step: string, outcome: string): void;
  /** One journal batch: how many entries were applied, duplicates, rejected. */
  journalBatch(counts: { applied: number; duplicate: number; rejected: number }): void;
  /** A batch refused as a whole (too large, unauthenticated, malformed). */
  journalBatchRefused(reason: string): void;
  /** Records every request's latency (an onResponse hook) on `app`. */
  instrument(app: FastifyInstance): void;
}

/** Seconds; from a cached read to a slow scrypt sign-in or a 100-entry journal batch. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createMetrics(db: Db): ServiceMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'agent_desk_records_' });
  const latency = new Histogram({
    name: 'agent_desk_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route template, method and status code',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const checks = new Counter({
    name: 'agent_desk_verification_checks_total',
    help: 'Verification checks answered, by step and outcome (the check result, or refused)',
    labelNames: ['step', 'outcome'] as const,
    registers: [registry],
  });
  const entries = new Counter({
    name: 'agent_desk_journal_entries_total',
    help: 'Journal entries received, by what the archive did with them',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  const batches = new Counter({
    name: 'agent_desk_journal_batches_total',
    help: 'Journal batches ingested',
    registers: [registry],
  });
  const refusals = new Counter({
    name: 'agent_desk_journal_batches_refused_total',
    help: 'Journal batches refused as a whole, by reason',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  // One database read per scrape, shared by the two gauges below. When it fails (database down,
  // or closed while the service shuts down) the scrape still answers: the alerts keep their last
  // known values and agent_desk_metrics_db_up says 0 — a failed read must not hide every other
  // figure, nor put the database's error text in the scrape.
  let alertCounts = new Map<string, { kind: string; status: string; n: number }>();
  let dbUp = true;
  let reading: Promise<void> | undefined;
  const readAlerts = async () => {
    try {
      const { rows } = await db.query<{ kind: string; acknowledged: boolean; n: string }>(
        `select kind, acknowledged_at is not null as acknowledged, count(*)::text as n
           from alerts where resolved_at is null group by 1, 2`,
      );
      alertCounts = new Map(
        rows.map((row) => {
          const status = row.acknowledged ? 'acknowledged' : 'open';
          return [`${row.kind}/${status}`, { kind: row.kind, status, n: Number(row.n) }];
        }),
      );
      dbUp = true;
    } catch {
      dbUp = false;
    }
  };
  const refresh = () => (reading ??= readAlerts().finally(() => (reading = undefined)));
  new Gauge({
    name: 'agent_desk_alerts_unresolved',
    help: 'Alerts not yet resolved, by kind and status (open or acknowledged), read from the database at scrape time; the last known values while agent_desk_metrics_db_up is 0',
    labelNames: ['kind', 'status'] as const,
    registers: [registry],
    async collect() {
      await refresh();
      this.reset();
      for (const { kind, status, n } of alertCounts.values()) this.set({ kind, status }, n);
    },
  });
  new Gauge({
    name: 'agent_desk_metrics_db_up',
    help: "1 when this scrape's database read succeeded, 0 when it failed (figures read from the database are then the last known)",
    registers: [registry],
    async collect() {
      await refresh();
      this.set(dbUp ? 1 : 0);
    },
  });

  return {
    registry,
    check: (step, outcome) => checks.inc({ step, outcome }),
    journalBatch(counts) {
      batches.inc();
      for (const status of ['applied', 'duplicate', 'rejected'] as const)
        entries.inc({ status }, counts[status]);
    },
    journalBatchRefused: (reason) => refusals.inc({ reason }),
    instrument(app) {
      app.addHook('onResponse', async (request, reply) => {
        // The template (`/api/v1/verifications/:id`), never the URL: ids would explode the
        // label set. Requests that matched no route share one label.
        const route = request.routeOptions.url ?? 'unmatched';
        latency.observe(
          { route, method: request.method, status: String(reply.statusCode) },
          reply.elapsedTime / 1000,
        );
      });
    },
  };
}

/**
 * `GET /metrics` on a listener of its own (`--metrics-port`): the scrape stays off the public
 * port, reachable only where IT binds it (loopback or an internal interface). Anything else 404s.
 */
export async function serveMetrics(
  registry: Registry,
  { host, port }: { host: string; port: number },
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    // The error's text stays out of the answer: it may name the database, its user or host.
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
      () => response.writeHead(500, { 'content-type': 'text/plain' }).end('metrics failed\n'),
    );
  });
  server.listen(port, host);
  await once(server, 'listening');
  const address = server.address() as AddressInfo;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${address.port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
