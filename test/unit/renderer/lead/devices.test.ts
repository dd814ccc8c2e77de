// The console's workstations room: the registered devices with their status, a revocation that
// asks for a confirmation first and then shows the device revoked, and a refusal shown by name;
// every string translated in both languages, every control named.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it, vi } from 'vitest';
import type { DeviceView } from '../../../../common/devices-api.js';
import type { Language } from '../../../../common/domain.js';
import { fail, ok } from '../../../../common/result.js';
import { createI18n } from '../../../../renderer/i18n/index.js';
import { createDevicesController } from '../../../../renderer/lead/devices/controller.js';
import { DevicesRoom } from '../../../../renderer/lead/devices/DevicesRoom.js';
import { createAppController } from '../../../../renderer/state/app-controller.js';
import { demoAgent, fakeAgentDesk } from '../fake-agent-desk.js';
import { testIds, text, unnamedControls } from '../html.js';

const device = (deviceId: string, patch: Partial<DeviceView> = {}): DeviceView => ({
  deviceId,
  status: 'active',
  fingerprint: '0123456789abcdef',
  keyedFrom: 1,
  registeredAt: '2026-03-02T09:00:00.000Z',
  registeredBy: 'agent01',
  lastSyncAt: '2026-03-02T10:00:00.000Z',
  lastSeq: 12,
  revokedAt: null,
  revokedBy: null,
  ...patch,
});

function setUp(
  revoke: (deviceId: string) => ReturnType<typeof ok<DeviceView>> | ReturnType<typeof fail>,
) {
  const api = fakeAgentDesk({
    'auth:current': () => ok({ agent: { ...demoAgent, tier: 'lead' } }),
    'devices:list': () => ok({ devices: [device('desk-a'), device('desk-b')] }),
    'devices:revoke': ({ deviceId }) => revoke(deviceId),
  });
  const session = createAppController(api).stores.session;
  session.dispatch({ type: 'agent-loaded', agent: { ...demoAgent, tier: 'lead' } });
  const devices = createDevicesController({ api, session });
  devices.start();
  return { api, devices };
}

const count = (html: string, testId: string) =>
  (html.match(new RegExp(`data-testid="${testId}"`, 'g')) ?? []).length;

const render = (language: Language, state: ReturnType<typeof setUp>['devices']) =>
  renderToStaticMarkup(
    createElement(
      I18nextProvider,
      { i18n: createI18n(language) },
      createElement(DevicesRoom, {
        state: state.store.getState(),
        formatTime: (at: string) => at.slice(11, 16),
        actions: state,
      }),
    ),
  );

describe('workstations room', () => {
  it('lists the devices, revokes one only after a confirmation, and shows it revoked', async () => {
    const { api, devices } = setUp((deviceId) =>
      ok(
        device(deviceId, {
          status: 'revoked',
          revokedAt: '2026-03-02T11:00:00.000Z',
          revokedBy: 'lead01',
        }),
      ),
    );
    await vi.waitFor(() => expect(devices.store.getState().devices).toHaveLength(2));
    for (const language of ['zh-CN', 'en'] as const) {
      const html = render(language, devices);
      expect(count(html, 'device-row')).toBe(2);
      expect(count(html, 'device-revoke')).toBe(2);
      expect(unnamedControls(html)).toEqual([]);
      expect(text(html)).not.toMatch(/\blead\.devices\./);
    }
    // Not confirmed: nothing is sent.
    await devices.revoke('desk-a');
    expect(api.callsTo('devices:revoke')).toEqual([]);
    devices.confirm('desk-a');
    expect(testIds(render('en', devices))).toContain('device-revoke-confirm');
    await devices.revoke('desk-a');
    expect(api.callsTo('devices:revoke')).toEqual([{ deviceId: 'desk-a' }]);
    const html = render('en', devices);
    expect(html).toMatch(/data-device="desk-a" data-status="revoked"/);
    expect(html).toMatch(/data-device="desk-b" data-status="active"/);
    expect(text(html)).toContain('Revoked (lead01, 11:00)');
    expect(count(html, 'device-revoke')).toBe(1);
  });

  it('shows a refused revocation by device and reason, and changes nothing', async () => {
    const { devices } = setUp(() => fail('forbidden', 'only a lead or an administrator'));
    await vi.waitFor(() => expect(devices.store.getState().devices).toHaveLength(2));
    devices.confirm('desk-b');
    await devices.revoke('desk-b');
    const html = render('zh-CN', devices);
    expect(testIds(html)).toContain('lead-devices-revoke-problem');
    expect(text(html)).toContain('desk-b');
    expect(html).toMatch(/data-device="desk-b" data-status="active"/);
  });
});
