// The REGISTER side of one UserAgent (registrar.ts) on the fake sip.js: every 200 counts, a refusal
// is kept as the reason, a stuck Registerer is replaced, and nothing happens once it is not ours.
import { describe, expect, it, vi } from 'vitest';
import { createRegistrar, type RegistrarHooks } from '../../../../renderer/phone/registrar.js';
import * as sip from './fake-sip.js';
import { flush, useFakeClock } from './phone-harness.js';

vi.mock('sip.js', async () => await import('./fake-sip.js'));

useFakeClock();

function setup(over: Partial<RegistrarHooks> = {}) {
  const ua = new sip.UserAgent({
    uri: new sip.FakeURI('sip:agent01@127.0.0.1'),
    delegate: {} as never,
  });
  ua.connected = true;
  const hooks = {
    stopping: () => false,
    current: () => true,
    onRegistered: vi.fn(),
    onLost: vi.fn(),
    ...over,
  };
  const registrar = createRegistrar(ua as never, hooks);
  return { ua, hooks, registrar, registerer: () => sip.Registerer.instances.at(-1)! };
}

describe('createRegistrar', () => {
  it('every 200 counts, also when sip.js already says Registered, and clears the last failure', async () => {
    const h = setup();
    const first = h.registrar.register();
    await flush();
    h.registerer().reject(403, 'Forbidden');
    await expect(first).rejects.toThrow('REGISTER 403 Forbidden');
    expect(h.registrar.lastFailure).toBe('403 Forbidden');
    const second = h.registrar.register();
    await flush();
    h.registerer().accept();
    await second;
    const third = h.registrar.register();
    await flush();
    h.registerer().accept();
    await third;
    expect(h.registrar.lastFailure).toBeNull();
    // Registered → stateChange and the 200 itself; then the 200 alone (no stateChange again).
    expect(h.hooks.onRegistered).toHaveBeenCalledTimes(3);
    expect(sip.Registerer.instances).toHaveLength(1);
  });

  it('a refresh refused while connected is reported as a lost registration', async () => {
    const h = setup();
    const registered = h.registrar.register();
    await flush();
    h.registerer().accept();
    await registered;
    h.registerer().refresh();
    h.registerer().reject(401, 'Unauthorized');
    await flush();
    expect(h.hooks.onLost).toHaveBeenCalledTimes(1);
    expect(h.registrar.lastFailure).toBe('registration lost');
  });

  it('replaces and disposes a Registerer whose REGISTER is still in flight', async () => {
    const h = setup();
    void h.registrar.register().catch(() => {});
    await flush();
    const stuck = h.registerer();
    const again = h.registrar.register();
    await flush();
    expect(sip.Registerer.instances).toHaveLength(2);
    expect(stuck.disposed).toBe(true);
    h.registerer().accept();
    await again;
    expect(h.hooks.onRegistered).toHaveBeenCalled();
  });

  it('sends nothing while stopping, refuses while disconnected, ignores a UserAgent no longer ours', async () => {
    let stopping = true;
    let current = true;
    const h = setup({ stopping: () => stopping, current: () => current });
    await h.registrar.register();
    expect(sip.Registerer.instances).toHaveLength(0);
    stopping = false;
    h.ua.connected = false;
    await expect(h.registrar.register()).rejects.toThrow('not connected');
    h.ua.connected = true;
    const pending = h.registrar.register();
    await flush();
    current = false;
    h.registerer().accept();
    await pending;
    expect(h.hooks.onRegistered).not.toHaveBeenCalled();
  });
});
