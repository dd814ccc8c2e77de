import { describe, expect, it } from 'vitest';
import type { AgentProfile } from '../../../../common/domain.js';
import {
  checkSignIn,
  initialSession,
  sessionReducer,
  type SessionAction,
  type SessionState,
} from '../../../../renderer/state/session.js';

const zhang: AgentProfile = { username: 'agent01', name: '张伟', tier: 'agent' };
const li: AgentProfile = { username: 'lead01', name: '李娜', tier: 'lead' };
const run = (actions: SessionAction[], from: SessionState = initialSession) =>
  actions.reduce(sessionReducer, from);
const signedOut = run([{ type: 'agent-loaded', agent: null }]);

describe('sessionReducer', () => {
  it('starts unknown, then follows auth:current', () => {
    expect(initialSession).toEqual({ status: 'unknown' });
    expect(signedOut).toEqual({
      status: 'signed-out',
      form: { submitting: false, problem: null, sessionEnded: false },
    });
    expect(run([{ type: 'agent-loaded', agent: zhang }])).toEqual({
      status: 'signed-in',
      agent: zhang,
      signingOut: false,
      problem: null,
    });
  });

  it('starts signed out when auth:current fails', () => {
    expect(run([{ type: 'agent-unknown' }]).status).toBe('signed-out');
    // …but a late failure does not undo a sign-in that already happened.
    expect(run([{ type: 'agent-loaded', agent: zhang }, { type: 'agent-unknown' }]).status).toBe(
      'signed-in',
    );
  });

  it('marks the form as submitting, once', () => {
    const submitting = run([{ type: 'sign-in-started' }], signedOut);
    expect(submitting).toMatchObject({
      status: 'signed-out',
      form: { submitting: true, problem: null },
    });
    expect(sessionReducer(submitting, { type: 'sign-in-started' })).toBe(submitting);
  });

  it('records why an attempt was refused and re-enables the form', () => {
    const refused = run(
      [
        { type: 'sign-in-started' },
        { type: 'sign-in-rejected', problem: { source: 'service', code: 'invalid-credentials' } },
      ],
      signedOut,
    );
    expect(refused).toEqual({
      status: 'signed-out',
      form: {
        submitting: false,
        problem: { source: 'service', code: 'invalid-credentials' },
        sessionEnded: false,
      },
    });
    // A new attempt clears the old message.
    expect(run([{ type: 'sign-in-started' }], refused)).toMatchObject({
      form: { submitting: true, problem: null },
    });
  });

  it('signs in from the answer or from the agent:changed push, whichever comes first', () => {
    const pushFirst = run(
      [
        { type: 'sign-in-started' },
        { type: 'agent-loaded', agent: zhang },
        { type: 'sign-in-succeeded', agent: zhang },
      ],
      signedOut,
    );
    const answerFirst = run(
      [
        { type: 'sign-in-started' },
        { type: 'sign-in-succeeded', agent: zhang },
        { type: 'agent-loaded', agent: zhang },
      ],
      signedOut,
    );
    expect(pushFirst).toEqual({
      status: 'signed-in',
      agent: zhang,
      signingOut: false,
      problem: null,
    });
    expect(answerFirst).toEqual(pushFirst);
  });

  it('ignores a late refusal once signed in', () => {
    const signedIn = run([{ type: 'agent-loaded', agent: zhang }]);
    expect(
      sessionReducer(signedIn, {
        type: 'sign-in-rejected',
        problem: { source: 'service', code: 'conflict' },
      }),
    ).toBe(signedIn);
  });

  it('follows a different agent pushed by main', () => {
    expect(
      run([
        { type: 'agent-loaded', agent: zhang },
        { type: 'agent-loaded', agent: li },
      ]),
    ).toMatchObject({ agent: li });
  });

  it('signs out when asked, without the "session ended" note', () => {
    const after = run([
      { type: 'agent-loaded', agent: zhang },
      { type: 'sign-out-started' },
      { type: 'agent-loaded', agent: null },
    ]);
    expect(after).toEqual({
      status: 'signed-out',
      form: { submitting: false, problem: null, sessionEnded: false },
    });
  });

  it('says the session ended when main signs the agent out unasked', () => {
    const after = run([
      { type: 'agent-loaded', agent: zhang },
      { type: 'agent-loaded', agent: null },
    ]);
    expect(after).toMatchObject({ status: 'signed-out', form: { sessionEnded: true } });
    expect(run([{ type: 'sign-in-started' }], after)).toMatchObject({
      form: { sessionEnded: false },
    });
  });

  it('keeps the agent signed in, with the reason, when sign-out fails', () => {
    const failed = run([
      { type: 'agent-loaded', agent: zhang },
      { type: 'sign-out-started' },
      { type: 'sign-out-failed', code: 'internal' },
    ]);
    expect(failed).toEqual({
      status: 'signed-in',
      agent: zhang,
      signingOut: false,
      problem: 'internal',
    });
    expect(sessionReducer(failed, { type: 'problem-dismissed' })).toMatchObject({ problem: null });
  });
});

describe('checkSignIn', () => {
  it('accepts a good form and trims the username', () => {
    expect(checkSignIn('  agent01 ', 'demo-pass-1')).toEqual({ ok: true, username: 'agent01' });
  });

  it.each([
    ['', 'x', 'username-missing'],
    ['   ', 'x', 'username-missing'],
    ['agent 01', 'x', 'username-format'],
    ['张伟', 'x', 'username-format'],
    ['agent01', '', 'password-missing'],
  ])('refuses %j / %j as %s', (username, password, reason) => {
    expect(checkSignIn(username, password)).toEqual({
      ok: false,
      problem: { source: 'form', reason },
    });
  });

  it('never echoes the password in its answer', () => {
    expect(JSON.stringify(checkSignIn('agent01', 'S3cret-pw'))).not.toContain('S3cret-pw');
    expect(JSON.stringify(checkSignIn('', 'S3cret-pw'))).not.toContain('S3cret-pw');
  });
});
