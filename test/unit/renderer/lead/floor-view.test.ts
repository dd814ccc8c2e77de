// The floor and queues rooms rendered (react-dom/server) in both languages: the hooks the e2e and
// automation use, names not usernames, masked callers, the break warning, the not-ready action
// only where the service would accept it, and no control without a name.
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import type { Language } from '../../../../common/domain.js';
import { createI18n } from '../../../../renderer/i18n/index.js';
import { FloorRoom } from '../../../../renderer/lead/floor/FloorRoom.js';
import { QueuesRoom } from '../../../../renderer/lead/floor/QueuesRoom.js';
import {
  floorRoomReducer,
  initialFloorRoom,
  type FloorRoomAction,
} from '../../../../renderer/lead/floor/floor-store.js';
import { section, testIds, text, unnamedControls } from '../html.js';
import { floorAgent, floorOf, onCall, queueStats, T0 } from './floor-fixtures.js';

const render = (language: Language, element: ReactElement) =>
  renderToStaticMarkup(createElement(I18nextProvider, { i18n: createI18n(language) }, element));

const state = (...extra: FloorRoomAction[]) =>
  [
    { type: 'enabled', enabled: true } as const,
    {
      type: 'loaded',
      readAt: T0,
      floor: floorOf([
        floorAgent('agent01', {
          workload: { calls: 14, talkMs: 5_400_000, sinceBreakMs: 7_500_000 },
          warnings: ['no-break'],
        }),
        onCall('senior01'),
        floorAgent('agent02', { state: 'not-ready', reason: 'training' }),
        floorAgent('agent03', { name: '孙丽', state: 'offline', connectivity: null }),
      ]),
    } as const,
    { type: 'queues', stats: queueStats(), readAt: T0 } as const,
    ...extra,
  ].reduce(floorRoomReducer, initialFloorRoom);

const floorRoom = (s = state()) =>
  createElement(FloorRoom, {
    state: s,
    now: T0,
    onRefresh: () => {},
    onSetNotReady: async () => true,
    onDismissOrder: () => {},
  });

describe('floor room view', () => {
  it.each(['zh-CN', 'en'] as const)('shows every agent by name with the hooks (%s)', (language) => {
    const html = render(language, floorRoom());
    expect(testIds(html)).toContain('floor-counts');
    expect(html).toMatch(
      /data-testid="floor-counts" data-ready="1" data-on-call="1" data-not-ready="1" data-offline="1"/,
    );
    expect(html).toMatch(/data-testid="floor-agent" data-username="senior01" data-state="on-call"/);
    expect(html).toMatch(/data-testid="floor-agent" data-username="agent03" data-state="offline"/);
    const words = text(html);
    for (const name of ['张伟', '李强', '赵敏', '孙丽']) expect(words).toContain(name);
    expect(words).toContain('138****5678');
    expect(words).not.toMatch(/\blead\.[a-zA-Z]/);
    expect(unnamedControls(html)).toEqual([]);
    // Ready and not ready may be ordered; on a call and offline may not.
    const buttons = [...html.matchAll(/data-testid="set-not-ready" data-username="([^"]+)"/g)];
    expect(buttons.map((m) => m[1]).sort()).toEqual(['agent01', 'agent02']);
    expect(html).toContain('data-warning="no-break"');
    if (language === 'zh-CN') {
      expect(words).toContain('未就绪 · 培训');
      expect(words).toContain('等待审批');
      expect(words).toContain('资金交易');
      expect(words).toContain('已连续工作 2:05:00 未休息');
      expect(words).toContain('4 条日志未同步');
    } else {
      expect(words).toContain('Not ready · Training');
      expect(words).toContain('Awaiting approval');
      expect(words).toContain('2:05:00 without a break');
    }
  });

  it('says clearly why the service refused a not-ready order', () => {
    const refused = state(
      { type: 'ordering', username: 'senior01' },
      { type: 'order-failed', username: 'senior01', code: 'conflict' },
    );
    const zh = section(render('zh-CN', floorRoom(refused)), 'floor-order-result');
    expect(zh).toContain('role="alert"');
    expect(text(zh)).toContain('李强正在通话、振铃或已离线，现在不能设为未就绪。');
    const en = text(section(render('en', floorRoom(refused)), 'floor-order-result'));
    expect(en).toContain('李强 is on a call, ringing or offline');
  });
});

describe('queues room view', () => {
  it.each(['zh-CN', 'en'] as const)('shows the figures with the hooks (%s)', (language) => {
    const html = render(
      language,
      createElement(QueuesRoom, { state: state(), now: T0 + 3_000, onRefresh: () => {} }),
    );
    expect(html).toMatch(
      /data-testid="queue-stats" data-offered="12" data-answered="9" data-abandoned="2" data-missed="0" data-waiting="1" data-longest-wait-ms="14000" data-longest-wait-today-ms="48000"/,
    );
    // Today's longest wait (48 s) beside the one now.
    expect(text(html)).toContain('00:48');
    const words = text(html);
    // The longest wait ticks on from the read: 14 s + 3 s.
    expect(words).toContain('00:17');
    expect(words).toContain('78%');
    expect(words).toContain('09:00');
    expect(words).toContain(language === 'en' ? 'within 20 s' : '20 秒内');
    expect(unnamedControls(html)).toEqual([]);
    expect(words).not.toMatch(/\blead\.[a-zA-Z]/);
  });
});
