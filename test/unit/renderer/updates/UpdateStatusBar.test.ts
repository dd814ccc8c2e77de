// The status bar's update notice, rendered in both languages: "update ready — restart when idle",
// the restart enabled only while main's gate is open (and why not otherwise); and the controller
// following main's pushes, asking for the restart and saving the diagnostics zip as a download.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it, vi } from 'vitest';
import type { Language } from '../../../../common/domain.js';
import { fail, ok } from '../../../../common/result.js';
import type { UpdateStatus } from '../../../../common/update.js';
import { createI18n } from '../../../../renderer/i18n/index.js';
import {
  createUpdatesController,
  initialUpdates,
  type UpdatesState,
} from '../../../../renderer/updates/controller.js';
import { UpdateStatusBar } from '../../../../renderer/updates/UpdateStatusBar.js';
import { fakeAgentDesk } from '../fake-agent-desk.js';

const ready: UpdateStatus = {
  state: 'ready',
  reason: null,
  currentVersion: '1.0.0',
  version: '1.1.0',
  channel: 'latest',
  percent: null,
  mayInstall: false,
  blockers: ['call-up'],
};

const render = (state: UpdatesState, language: Language = 'zh-CN') =>
  renderToStaticMarkup(
    createElement(
      I18nextProvider,
      { i18n: createI18n(language) },
      createElement(UpdateStatusBar, {
        state,
        onRestart: () => {},
        onExportDiagnostics: () => {},
        onDismiss: () => {},
      }),
    ),
  );
const restartButton = (html: string) =>
  /<button[^>]*data-testid="update-restart"[^>]*>/.exec(html)![0];

describe('the update notice in the status bar', () => {
  it('says nothing about updates until one is ready; diagnostics are always offered', () => {
    const html = render({
      ...initialUpdates,
      status: { ...ready, state: 'downloading', percent: 40 },
    });
    expect(html).not.toContain('update-ready');
    expect(html).toContain('导出诊断信息');
  });

  it('ready during a call: the notice, a disabled restart and why (zh-CN, en)', () => {
    const zh = render({ ...initialUpdates, status: ready });
    expect(zh).toContain('新版本 1.1.0 已就绪——空闲时重启');
    expect(restartButton(zh)).toContain('disabled');
    expect(zh).toContain('通话结束后可重启');
    const en = render({ ...initialUpdates, status: ready }, 'en');
    expect(en).toContain('Update 1.1.0 ready - restart when idle');
    expect(en).toContain('You can restart when the call ends');
  });

  it('ready and idle: the restart is enabled', () => {
    const html = render(
      { ...initialUpdates, status: { ...ready, mayInstall: true, blockers: [] } },
      'en',
    );
    expect(restartButton(html)).not.toContain('disabled');
    expect(html).not.toContain('update-blocked');
  });
});

describe('the updates controller', () => {
  it('follows main, asks for the restart, and shows main refusing it', async () => {
    const api = fakeAgentDesk({
      'update:status': () => ok({ ...ready, state: 'idle', version: null }),
      'update:restart': () => fail('conflict', 'not now: call-up'),
    });
    const controller = createUpdatesController({ api, save: () => {} });
    controller.start();
    await vi.waitFor(() => expect(controller.store.getState().status?.state).toBe('idle'));
    api.emit('update:changed', ready);
    expect(controller.store.getState().status).toEqual(ready);
    await controller.restart();
    expect(api.callsTo('update:restart')).toHaveLength(1);
    expect(controller.store.getState().problem).toEqual({ action: 'restart', code: 'conflict' });
  });

  it('stops the phone taking calls before asking; main refusing brings the phone back', async () => {
    const order: string[] = [];
    const api = fakeAgentDesk({
      'update:status': () => ok({ ...ready, mayInstall: true, blockers: [] }),
      // A call began while the phone stopped: main's gate, judged now, refuses.
      'update:restart': () => {
        order.push('main asked');
        return fail('conflict', 'not now: call-up');
      },
    });
    const phone = {
      pauseForUpdate: vi.fn(async () => {
        order.push('phone stopped');
        return true;
      }),
      resumeAfterUpdate: vi.fn(async () => {
        order.push('phone back');
      }),
    };
    const controller = createUpdatesController({ api, save: () => {}, phone });
    controller.start();
    await vi.waitFor(() => expect(controller.store.getState().status?.mayInstall).toBe(true));
    await controller.restart();
    expect(order).toEqual(['phone stopped', 'main asked', 'phone back']);
    expect(controller.store.getState().problem).toEqual({ action: 'restart', code: 'conflict' });
  });

  it('a call on the line when the agent clicks: the phone keeps it and main is not asked', async () => {
    const api = fakeAgentDesk({
      'update:status': () => ok({ ...ready, mayInstall: true, blockers: [] }),
      'update:restart': () => ok({ ...ready, mayInstall: true, blockers: [] }),
    });
    const phone = { pauseForUpdate: vi.fn(async () => false), resumeAfterUpdate: vi.fn() };
    const controller = createUpdatesController({ api, save: () => {}, phone });
    controller.start();
    await vi.waitFor(() => expect(controller.store.getState().status?.mayInstall).toBe(true));
    await controller.restart();
    expect(api.callsTo('update:restart')).toHaveLength(0);
    expect(controller.store.getState().problem).toEqual({ action: 'restart', code: 'conflict' });
  });

  it('saves the diagnostics zip main built, byte for byte', async () => {
    const zip = Buffer.from('PK\u0003\u0004 a zip');
    const api = fakeAgentDesk({
      'diagnostics:export': () =>
        ok({
          fileName: 'agent-desk-diagnostics-20261206T080000Z.zip',
          base64: zip.toString('base64'),
        }),
    });
    const save = vi.fn();
    await createUpdatesController({ api, save }).exportDiagnostics();
    expect(save).toHaveBeenCalledWith(
      'agent-desk-diagnostics-20261206T080000Z.zip',
      new Uint8Array(zip),
      'application/zip',
    );
  });
});
