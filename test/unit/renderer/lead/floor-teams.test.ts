// The team pickers of the floor and queues rooms (Art. 10, 26): the lead's own team first, then the
// others, then all; a pick lasts the session and is what each room reads; a push about an agent
// of another team adds nobody; the row names the team only when every team is shown; the
// not-ready action only for the lead's own team.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import type { FloorAgent } from '../../../../common/floor-api.js';
import { ok } from '../../../../common/result.js';
import { createI18n } from '../../../../renderer/i18n/index.js';
import { FloorRoom } from '../../../../renderer/lead/floor/FloorRoom.js';
import { QueuesRoom } from '../../../../renderer/lead/floor/QueuesRoom.js';
import { createFloorController } from '../../../../renderer/lead/floor/floor-controller.js';
import {
  floorRoomReducer,
  initialFloorRoom,
  pickedTeam,
  teamOptions,
} from '../../../../renderer/lead/floor/floor-store.js';
import { createAppController } from '../../../../renderer/state/app-controller.js';
import { demoAgent, fakeAgentDesk, settle } from '../fake-agent-desk.js';
import { unnamedControls } from '../html.js';
import { floorAgent, floorOf, queueStats, T0 } from './floor-fixtures.js';

const ONE = '信用卡一组';
const TWO = '信用卡二组';

async function setup() {
  const agents: FloorAgent[] = [
    floorAgent('agent01'),
    floorAgent('agent02', { team: TWO }),
    floorAgent('agent03', { name: '孙丽', team: TWO, state: 'not-ready', reason: 'meeting' }),
  ];
  // The service's answer: the lead's own team unless another or all is asked for.
  const pick = (team: string | undefined) =>
    team === undefined ? ONE : team === 'all' ? null : team;
  const api = fakeAgentDesk({
    'auth:current': () => ok({ agent: { ...demoAgent, tier: 'lead' } }),
    'floor:get': ({ team }) => {
      const shown = pick(team);
      return ok(
        floorOf(
          agents.filter((a) => shown === null || a.team === shown),
          T0,
          shown,
        ),
      );
    },
    'floor:agent': ({ username }) => ok(agents.find((a) => a.username === username)!),
    'queues:today': ({ team }) => ok(queueStats({ team: pick(team) })),
  });
  const app = createAppController(api);
  app.start();
  const floor = createFloorController({ api, session: app.stores.session, now: () => T0 });
  floor.start();
  await settle();
  await settle();
  return { api, floor, agents, state: () => floor.store.getState() };
}

const names = (s: typeof initialFloorRoom.agents) => s.map((e) => e.agent.username).sort();

describe('team pickers', () => {
  it("reads the lead's own team first, offers it first, then the others, then all", async () => {
    const t = await setup();
    expect(t.api.callsTo('floor:get')).toEqual([{}]);
    expect(t.state()).toMatchObject({ ownTeam: ONE, floorTeam: ONE, teams: [ONE, TWO] });
    expect(names(t.state().agents)).toEqual(['agent01']);
    expect(teamOptions(t.state(), 'floor')).toEqual([ONE, TWO, 'all']);
    expect(pickedTeam(t.state(), 'floor')).toBe(ONE);
    expect(pickedTeam(t.state(), 'queues')).toBe(ONE);
  });

  it('reads the picked team in that room only, and keeps the pick for the session', async () => {
    const t = await setup();
    await t.floor.chooseTeam('floor', 'all');
    expect(t.api.callsTo('floor:get').at(-1)).toEqual({ team: 'all' });
    expect(t.state().floorTeam).toBeNull();
    expect(names(t.state().agents)).toEqual(['agent01', 'agent02', 'agent03']);
    expect(t.state().counts).toMatchObject({ ready: 2, notReady: 1 });
    // The queues room still shows the lead's own team; its own pick reads that team's queue.
    expect(pickedTeam(t.state(), 'queues')).toBe(ONE);
    await t.floor.chooseTeam('queues', TWO);
    expect(t.api.callsTo('queues:today').at(-1)).toEqual({ team: TWO });
    expect(t.state().queues?.stats.team).toBe(TWO);
    // A resync re-reads each room with its pick.
    t.api.emit('records:event', { kind: 'resync', id: null, username: null });
    await settle();
    expect(t.api.callsTo('floor:get').at(-1)).toEqual({ team: 'all' });
    expect(t.api.callsTo('queues:today').at(-1)).toEqual({ team: TWO });
    expect(t.state().ownTeam).toBe(ONE);
  });

  it('picking a team for the floor does not drop the queue figures being read', async () => {
    const t = await setup();
    let answer: (() => void) | undefined;
    t.api.handlers['queues:today'] = ({ team }) =>
      new Promise((resolve) => {
        answer = () => resolve(ok(queueStats({ team: team ?? ONE, offered: 9 })));
      });
    t.api.emit('records:event', { kind: 'queue.changed', id: null, username: null });
    await settle();
    await t.floor.chooseTeam('floor', 'all');
    answer!();
    await settle();
    expect(t.state().queues?.stats.offered).toBe(9);
  });

  it("a push about another team's agent does not add them; one of the shown team is re-read", async () => {
    const t = await setup();
    t.api.emit('records:event', { kind: 'floor.changed', id: null, username: 'agent02' });
    await settle();
    expect(names(t.state().agents)).toEqual(['agent01']);
    expect(t.state().counts.ready).toBe(1);
    await t.floor.chooseTeam('floor', TWO);
    t.api.emit('records:event', { kind: 'floor.changed', id: null, username: 'agent01' });
    t.api.emit('records:event', { kind: 'floor.changed', id: null, username: 'agent02' });
    await settle();
    expect(names(t.state().agents)).toEqual(['agent02', 'agent03']);
  });

  it('an agent who moved to another team leaves the list', () => {
    const s = [
      { type: 'enabled', enabled: true } as const,
      { type: 'loaded', readAt: T0, floor: floorOf([floorAgent('agent01')]) } as const,
      { type: 'agent', readAt: T0, agent: floorAgent('agent01', { team: TWO }) } as const,
    ].reduce(floorRoomReducer, initialFloorRoom);
    expect(s.agents).toEqual([]);
    expect(s.counts.ready).toBe(0);
  });

  it.each(['zh-CN', 'en'] as const)(
    'renders labelled pickers; the row names the team only for all; no order for another team (%s)',
    async (language) => {
      const t = await setup();
      const render = (el: Parameters<typeof renderToStaticMarkup>[0]) =>
        renderToStaticMarkup(createElement(I18nextProvider, { i18n: createI18n(language) }, el));
      const props = {
        now: T0,
        onRefresh: () => {},
        onSetNotReady: async () => true,
        onDismissOrder: () => {},
        onChooseTeam: () => {},
      };
      const own = render(createElement(FloorRoom, { ...props, state: t.state() }));
      expect(own).toMatch(/data-testid="floor-team"/);
      expect(own).not.toContain('floor-agent-team');
      expect(unnamedControls(own)).toEqual([]);
      const all = language === 'zh-CN' ? '全部团队' : 'All teams';
      const mine = language === 'zh-CN' ? `${ONE}（本组）` : `${ONE} (my team)`;
      expect(own.indexOf(mine)).toBeGreaterThan(0);
      expect(own.indexOf(mine)).toBeLessThan(own.indexOf(`>${TWO}<`));
      expect(own.indexOf(`>${TWO}<`)).toBeLessThan(own.indexOf(all));

      await t.floor.chooseTeam('floor', 'all');
      const every = render(createElement(FloorRoom, { ...props, state: t.state() }));
      expect(
        [...every.matchAll(/data-testid="floor-agent-team">([^<]+)</g)].map((m) => m[1]),
      ).toEqual([ONE, TWO, TWO]);
      // Ready agents of another team: no not-ready action (the service would refuse it, 403).
      const buttons = [...every.matchAll(/data-testid="set-not-ready" data-username="([^"]+)"/g)];
      expect(buttons.map((m) => m[1])).toEqual(['agent01']);

      const queues = render(createElement(QueuesRoom, { ...props, state: t.state() }));
      expect(queues).toMatch(/data-testid="queue-team"/);
      expect(unnamedControls(queues)).toEqual([]);
    },
  );
});
