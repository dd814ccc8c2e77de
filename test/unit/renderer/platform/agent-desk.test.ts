// renderer/platform is the only reader of window.agentDesk; it hands out an API whose invoke
// always resolves to a Result, and null when the page was not opened by Agent Desk.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AgentDeskApi } from '../../../../common/contract.js';
import { fakeAgentDesk } from '../fake-agent-desk.js';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

const load = () => import('../../../../renderer/platform/agent-desk.js');

describe('getAgentDesk', () => {
  it('is null outside Agent Desk (no window.agentDesk)', async () => {
    vi.stubGlobal('window', {});
    expect((await load()).getAgentDesk()).toBeNull();
  });

  it('is null when window.agentDesk is not the API', async () => {
    vi.stubGlobal('window', { agentDesk: { invoke: 'nope' } });
    expect((await load()).getAgentDesk()).toBeNull();
  });

  it('wraps the host’s API', async () => {
    const fake = fakeAgentDesk();
    vi.stubGlobal('window', { agentDesk: fake });
    const api = (await load()).getAgentDesk();
    expect(await api?.invoke('auth:current', {})).toEqual({ ok: true, value: { agent: null } });
    const listener = vi.fn();
    const off = api?.on('agent:changed', listener);
    fake.emit('agent:changed', { agent: null });
    off?.();
    fake.emit('agent:changed', { agent: null });
    expect(listener).toHaveBeenCalledTimes(1);
  });
});

describe('toSafeApi', () => {
  it('turns a rejected call into an internal error without echoing the request', async () => {
    const { toSafeApi } = await load();
    const raw: AgentDeskApi = {
      invoke: () => Promise.reject(new Error('boom {"password":"S3cret"}')),
      on: () => () => {},
    };
    const result = await toSafeApi(raw).invoke('auth:sign-in', {
      username: 'agent01',
      password: 'S3cret',
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toContain('S3cret');
  });
});
