// GET /api/v1/events: one Server-Sent Events stream per desk (Art. 10, 26). Leads receive every
// event (floor, alerts, approvals, call-backs, complaints, queue); anyone else only the events
// about their own desk. Events carry kinds and ids; the client re-fetches with its own rights.
// The token is checked again every minute, so a signed-out or expired token's stream ends.
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { AGENT_EVENT_KINDS, type DeskEvent } from '../../common/floor-api.js';
import { mayApprove } from '../../common/policy.js';
import { AppError } from '../../common/result.js';
import { BEARER, errorResponses, type Api, type RouteDeps } from '../http.js';
import type { EventBus } from './bus.js';

export interface EventsOptions {
  /** A comment line this often keeps proxies from closing an idle stream. Default 15 s. */
  keepAliveMs?: number;
  /** How often the stream's token is checked again. Default 60 s. */
  recheckMs?: number;
}

/** A client that reads slower than this much buffered output is cut off (it re-connects). */
const MAX_BUFFERED_BYTES = 1024 * 1024;

export async function eventsPlugin(
  api: Api,
  deps: RouteDeps & EventsOptions & { bus: EventBus },
): Promise<void> {
  const { bus } = deps;
  const open = new Set<ServerResponse>();
  api.addHook('onReady', async () => {
    await bus.start().catch((error: unknown) => {
      deps.logger?.warn({ err: error }, 'event channel not listening yet');
    });
  });
  // Streams never end by themselves: close them before the server waits for its connections.
  api.addHook('preClose', async () => {
    for (const raw of open) raw.end();
  });
  api.addHook('onClose', () => bus.stop());

  api.get(
    '/api/v1/events',
    {
      exposeHeadRoute: false,
      schema: {
        summary:
          'Pushes as Server-Sent Events (text/event-stream): `event: ready` once listening, then `data: {kind, id, username}` per change (leads: everything; others: their own desk); re-fetch on `resync` and after every reconnect',
        tags: ['floor'],
        security: BEARER,
        response: {
          200: z.string().meta({ description: 'text/event-stream' }),
          ...errorResponses('unauthorized', 'unavailable'),
        },
      },
    },
    async (request, reply) => {
      const { agent } = await deps.requireAgent(request);
      await bus.start().catch(() => {
        throw new AppError('unavailable', 'pushes are unavailable: the database does not answer');
      });
      const lead = mayApprove(agent.tier);
      const wanted = (event: DeskEvent) =>
        event.kind === 'resync' ||
        lead ||
        (event.username === agent.username && AGENT_EVENT_KINDS.includes(event.kind));

      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      const send = (text: string) => {
        if (raw.writableLength > MAX_BUFFERED_BYTES) return raw.destroy();
        raw.write(text);
      };
      const unsubscribe = bus.subscribe((event) => {
        if (wanted(event)) send(`data: ${JSON.stringify(event)}\n\n`);
      });
      const keepAlive = setInterval(() => send(': keep-alive\n\n'), deps.keepAliveMs ?? 15_000);
      const recheck = setInterval(() => {
        deps.requireAgent(request).catch(() => {
          send('event: end\ndata: {"reason":"unauthorized"}\n\n');
          raw.end();
        });
      }, deps.recheckMs ?? 60_000);
      open.add(raw);
      const cleanUp = () => {
        open.delete(raw);
        unsubscribe();
        clearInterval(keepAlive);
        clearInterval(recheck);
      };
      raw.on('close', cleanUp);
      if (raw.destroyed) cleanUp(); // the client left before the stream was set up
      send(`retry: 3000\nevent: ready\ndata: ${JSON.stringify({ username: agent.username })}\n\n`);
    },
  );
}
