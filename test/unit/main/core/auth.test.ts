// The signed-in agent: sign-in and sign-out journaled and announced in order, the token kept in
// main, a refused password journaled, sign-out local at once and revoked on the service if it can.
import { describe, expect, it } from 'vitest';
import type { AgentProfile } from '../../../../common/domain.js';
import type { EntryData, JournalEntry } from '../../../../common/journal-chain.js';
import { AppError } from '../../../../common/result.js';
import { createAuth, type AuthOptions } from '../../../../main/core/auth.js';
import { recordingLogger } from '../../../support/fakes.js';

const ctx = { host: 'web' as const, sender: 'test' };
const AGENT: AgentProfile = { username: 'agent01', name: 'Agent One', tier: 'agent' };

function setup(records: Partial<AuthOptions['records']> = {}) {
  const steps: string[] = [];
  const journal = {
    append: async (type: string, data: EntryData) => {
      steps.push(`journal ${type} ${JSON.stringify(data)}`);
      return { type, data } as JournalEntry;
    },
  };
  const logger = recordingLogger();
  const auth = createAuth({
    records: {
      signIn: async (username, password) => {
        if (password !== 'right')
          throw new AppError('invalid-credentials', 'wrong username or password');
        return {
          token: 'token-0123456789abcdef',
          expiresAt: '2026-03-02T17:00:00.000Z',
          agent: { ...AGENT, username },
        };
      },
      signOut: async (token) => void steps.push(`revoke ${token}`),
      ...records,
    },
    journal,
    events: {
      emit: (event, payload) => void steps.push(`emit ${event} ${JSON.stringify(payload)}`),
    },
    logger,
    onSignedIn: (agent) => void steps.push(`signed in ${agent.username}`),
    onSignedOut: () => void steps.push('signed out'),
  });
  return { auth, steps, logger };
}

describe('auth', () => {
  it('signs in: journaled, announced, then the others hear of it; the token stays in main', async () => {
    const { auth, steps } = setup();
    expect(
      await auth.handlers['auth:sign-in']({ username: 'agent01', password: 'right' }, ctx),
    ).toEqual(AGENT);
    expect(steps).toEqual([
      'journal auth.sign-in {"username":"agent01","tier":"agent"}',
      `emit agent:changed ${JSON.stringify({ agent: AGENT })}`,
      'signed in agent01',
    ]);
    expect(auth.current()).toEqual({ token: 'token-0123456789abcdef', agent: AGENT });
    expect(await auth.handlers['auth:current']({}, ctx)).toEqual({ agent: AGENT });
    await expect(
      auth.handlers['auth:sign-in']({ username: 'agent01', password: 'right' }, ctx),
    ).rejects.toMatchObject({ code: 'conflict' });
  });

  it('a refused password is journaled and passed on; nobody is signed in', async () => {
    const { auth, steps } = setup();
    await expect(
      auth.handlers['auth:sign-in']({ username: 'agent01', password: 'wrong' }, ctx),
    ).rejects.toMatchObject({ code: 'invalid-credentials' });
    expect(steps).toEqual(['journal auth.sign-in-refused {"username":"agent01"}']);
    expect(auth.current()).toBeNull();
  });

  it('signs out locally first, then journals, announces and revokes; twice changes nothing', async () => {
    const { auth, steps } = setup();
    await auth.handlers['auth:sign-in']({ username: 'agent01', password: 'right' }, ctx);
    steps.length = 0;
    expect(await auth.handlers['auth:sign-out']({}, ctx)).toEqual({});
    await auth.signOut('shutdown');
    expect(steps).toEqual([
      'signed out',
      'journal auth.sign-out {"username":"agent01","reason":"agent"}',
      'emit agent:changed {"agent":null}',
      'revoke token-0123456789abcdef',
    ]);
    expect(auth.current()).toBeNull();
  });

  it('a sign-out the records service does not confirm is still a sign-out, and logged', async () => {
    const { auth, logger } = setup({
      signOut: async () => {
        throw new AppError('unavailable', 'records service unreachable');
      },
    });
    await auth.handlers['auth:sign-in']({ username: 'agent01', password: 'right' }, ctx);
    await auth.signOut('shutdown');
    expect(auth.current()).toBeNull();
    expect(logger.text()).toMatch(/did not confirm sign-out/);
  });
});
