// Sign-in, sign-out and the signed-in profile. One answer for an unknown user, a wrong password
// and a disabled account (no account enumeration); guessing is slowed per client and username.
// Tokens and the password never reach a log line.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { SignInRequest } from '../../common/contract.js';
import { AgentProfile } from '../../common/domain.js';
import { AppError } from '../../common/result.js';
import { BEARER, errorResponses, type Api } from '../http.js';
import type { Auth, Authenticated } from './tokens.js';

const SignInResponse = z.object({ token: z.string(), expiresAt: z.string(), agent: AgentProfile });

export interface AuthPluginOptions {
  auth: Auth;
  requireAgent(request: FastifyRequest): Promise<Authenticated>;
  /** Sign-in attempts allowed per client IP and username per window. */
  signInRateLimit: { max: number; timeWindowMs: number };
}

export async function authPlugin(
  api: Api,
  { auth, requireAgent, signInRateLimit: limit }: AuthPluginOptions,
): Promise<void> {
  api.post(
    '/api/v1/auth/sign-in',
    {
      schema: {
        summary: 'Sign an agent in; answers a bearer token',
        tags: ['auth'],
        body: SignInRequest,
        response: { 200: SignInResponse, ...errorResponses('invalid-credentials', 'rate-limited') },
      },
      config: {
        rateLimit: {
          max: limit.max,
          timeWindow: limit.timeWindowMs,
          // After body parsing, so the key can include the username: one noisy user cannot lock
          // out a whole call-centre floor behind one NAT address, and guessing stays slow.
          hook: 'preHandler',
          keyGenerator: (request: FastifyRequest) => {
            const body = request.body as { username?: unknown } | undefined;
            const username =
              typeof body?.username === 'string' ? body.username.toLowerCase().slice(0, 64) : '';
            return `${request.ip}|${username}`;
          },
          errorResponseBuilder: (_request: FastifyRequest, context: { after: string }) =>
            new AppError(
              'rate-limited',
              `too many sign-in attempts; try again in ${context.after}`,
            ),
        },
      },
    },
    async (request) => {
      const { username, password } = request.body;
      const signedIn = await auth.signIn(username, password);
      // One answer for unknown user, wrong password and disabled account: no account enumeration.
      if (!signedIn) throw new AppError('invalid-credentials', 'username or password is incorrect');
      request.log.info(
        { agent: signedIn.agent.username, tier: signedIn.agent.tier },
        'agent signed in',
      );
      return {
        token: signedIn.token,
        expiresAt: signedIn.expiresAt.toISOString(),
        agent: signedIn.agent,
      };
    },
  );

  api.post(
    '/api/v1/auth/sign-out',
    {
      schema: {
        summary: 'Revoke the bearer token',
        tags: ['auth'],
        security: BEARER,
        response: { 204: z.null(), ...errorResponses('unauthorized') },
      },
    },
    async (request, reply: FastifyReply) => {
      const { agent, tokenHash } = await requireAgent(request);
      await auth.revoke(tokenHash);
      request.log.info({ agent: agent.username }, 'agent signed out');
      return reply.status(204).send();
    },
  );

  api.get(
    '/api/v1/agents/me',
    {
      schema: {
        summary: 'The signed-in agent',
        tags: ['auth'],
        security: BEARER,
        response: { 200: AgentProfile, ...errorResponses('unauthorized') },
      },
    },
    async (request) => (await requireAgent(request)).agent,
  );
}
