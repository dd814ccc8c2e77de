// The reports room (Art. 22–24) rendered and driven on hand-made figures: each card writes the
// figure the way the CSV and the PDF do (common/report-format.ts), marks what is below target in
// words, shows "no data" for nothing measured; the table sorts; the controller reads the frozen
// report of a closed month and exports through the host.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import type { Language } from '../../../../common/domain.js';
import type { MonthReport } from '../../../../common/reports-api.js';
import { fail, ok } from '../../../../common/result.js';
import { createI18n } from '../../../../renderer/i18n/index.js';
import { sortAgents } from '../../../../renderer/lead/reports/AgentTable.js';
import {
  createReportsController,
  PUSH_REFRESH_MS,
} from '../../../../renderer/lead/reports/controller.js';
import { monthLabel } from '../../../../common/report-format.js';
import { ReportsRoom } from '../../../../renderer/lead/reports/ReportsRoom.js';
import {
  initialReports,
  monthChoices,
  type ReportsState,
} from '../../../../renderer/lead/reports/store.js';
import { createAppController } from '../../../../renderer/state/app-controller.js';
import { demoAgent, fakeAgentDesk } from '../fake-agent-desk.js';
import { section, testIds, text, unnamedControls } from '../html.js';
import { indicatorSet, monthFigures } from './report-fixtures.js';

const noop = { choose() {}, refresh() {}, exportCsv() {}, exportPdf() {} };
const render = (language: Language, state: ReportsState) =>
  renderToStaticMarkup(
    createElement(
      I18nextProvider,
      { i18n: createI18n(language) },
      createElement(ReportsRoom, { state, actions: noop }),
    ),
  );
const attr = (html: string, testId: string, name: string) =>
  new RegExp(`data-testid="${testId}"[^>]*\\s${name}="([^"]*)"`).exec(html)?.[1];

const loaded = (figures = monthFigures(), report: MonthReport | null = null): ReportsState => ({
  ...initialReports,
  enabled: true,
  month: figures.month,
  indicators: figures,
  report,
});

const frozen = (): MonthReport => ({
  month: '2026-10',
  closedAt: '2026-11-01T00:05:00.000Z',
  closedBy: 'records@host-1',
  indicators: monthFigures({ closedAt: '2026-11-01T00:05:00.000Z' }),
  complaints: { total: 3, categories: [{ category: 'service-attitude', total: 3 }] },
  belowTarget: [
    { username: 'agent02', name: '李娜', team: 'A组', indicators: ['accuracy', 'satisfaction'] },
  ],
  commendations: {
    best: [{ username: 'agent01', name: '张伟', team: 'A组' }],
    riskCatches: [
      { username: 'agent02', name: '李娜', team: 'A组', fraudConfirmed: 1, fraudSuspected: 3 },
    ],
  },
});

describe('reports room', () => {
  it.each(['zh-CN', 'en'] as const)('writes each figure as the exports do (%s)', (language) => {
    const html = render(language, loaded());
    // 197/200 = 98.5 % < 99 %: marked below, in words.
    expect(attr(html, 'kpi-accuracy', 'data-value')).toBe('98.5');
    expect(attr(html, 'kpi-accuracy', 'data-below')).toBe('true');
    expect(text(section(html, 'kpi-accuracy'))).toContain(
      language === 'en' ? 'Below target' : '低于目标',
    );
    // 46/50 = 92 % ≥ 90 %: not marked.
    expect(attr(html, 'kpi-satisfaction', 'data-value')).toBe('92.0');
    expect(attr(html, 'kpi-satisfaction', 'data-below')).toBe('false');
    expect(attr(html, 'kpi-efficiency', 'data-value')).toBe('5.2');
    // Workload (Art. 26): 1 h on calls, 0.25 h on breaks, written as the CSV writes hours.
    expect(text(section(html, 'kpi-workload'))).toMatch(
      language === 'en' ? /1\.0 h on calls, 0\.3 h/ : /通话 1\.0 小时，休息 0\.3 小时/,
    );
    // 3 suspected + 1 confirmed + 2 over-permission + 0 exceptions + 1 lock.
    expect(attr(html, 'kpi-risk', 'data-value')).toBe('7');
    for (const id of ['report-month', 'export-csv', 'export-pdf', 'report-agents', 'report-trend'])
      expect(testIds(html)).toContain(id);
    expect(unnamedControls(html)).toEqual([]);
    expect(text(html)).not.toMatch(/\blead\.[a-zA-Z]/);
    expect(text(html)).toContain(language === 'en' ? 'October 2026' : '2026年10月');
    // Each chart is an image with a label (Recharts draws its SVG once mounted: see the e2e).
    expect(section(html, 'report-trend')).toMatch(/recharts-wrapper/);
    expect(section(html, 'report-trend')).toMatch(/role="img" aria-label="[^"]+"/);
  });

  it('says "no data" for a month with nothing measured, never 0 %', () => {
    const empty = indicatorSet({});
    const html = render(
      'en',
      loaded(monthFigures({ centre: empty, agents: [], days: [], byTeam: [] })),
    );
    expect(attr(html, 'kpi-accuracy', 'data-value')).toBe('');
    expect(attr(html, 'kpi-satisfaction', 'data-value')).toBe('');
    expect(attr(html, 'kpi-efficiency', 'data-value')).toBe('');
    expect(text(section(html, 'kpi-accuracy'))).toContain('No data');
    expect(text(section(html, 'kpi-accuracy'))).not.toMatch(/0\.0%/);
    expect(text(html)).toContain('No calls this month yet');
  });

  it('shows what the close froze once the month is closed', () => {
    const report = frozen();
    const html = render('zh-CN', loaded(report.indicators, report));
    expect(text(section(html, 'report-below'))).toContain(
      '李娜 · A组：核验准确率和客户满意度未达标',
    );
    expect(text(section(html, 'report-commendations'))).toContain('张伟');
    expect(text(section(html, 'report-complaints'))).toContain('共 3 件');
    expect(text(html)).toMatch(/结账，数字已冻结/);
  });

  it('sorts the agents by any column, figures over nothing last', () => {
    const { agents } = monthFigures();
    const names = (column: Parameters<typeof sortAgents>[1], asc: boolean) =>
      sortAgents(agents, column, asc).map((a) => a.username);
    expect(names('accuracy', true)).toEqual(['agent02', 'agent01', 'agent03']);
    expect(names('accuracy', false)).toEqual(['agent01', 'agent02', 'agent03']);
    expect(names('fraud', false)[0]).toBe('agent02');
    expect(names('handle', true)).toEqual(['agent01', 'agent02', 'agent03']);
  });

  it('offers this month and the eleven before it, plus older closed months', () => {
    const months = monthChoices('2026-02', [{ month: '2024-12' }]);
    expect(months.slice(0, 3)).toEqual(['2026-02', '2026-01', '2025-12']);
    expect(months).toHaveLength(13);
    expect(months.at(-1)).toBe('2024-12');
    expect(monthLabel('2026-10', 'zh-CN')).toBe('2026年10月');
    expect(monthLabel('2026-10', 'en')).toBe('October 2026');
  });
});

describe('reports controller', () => {
  function setup(
    host: 'web' | 'electron',
    closed: boolean,
    clock?: Pick<Parameters<typeof createReportsController>[0], 'timers' | 'now'>,
  ) {
    const saved: { filename: string; text: string; type: string }[] = [];
    let printed = 0;
    const figures = monthFigures(closed ? { closedAt: '2026-11-01T00:05:00.000Z' } : {});
    const api = fakeAgentDesk({
      'auth:current': () => ok({ agent: { ...demoAgent, tier: 'lead' } }),
      'reports:indicators': (r) =>
        r.month === '2099-01' ? fail('not-found', 'no such month') : ok(figures),
      'reports:months': () =>
        ok({ months: closed ? [{ month: '2026-10', closedAt: figures.closedAt! }] : [] }),
      'reports:report': () => ok(frozen()),
      'reports:csv': () => ok({ filename: 'agent-desk-report-2026-10.csv', csv: '\uFEFF月份\r\n' }),
      'reports:pdf': () => ok({ saved: true }),
    });
    const session = createAppController(api).stores.session;
    session.dispatch({ type: 'agent-loaded', agent: { ...demoAgent, tier: 'lead' } });
    const controller = createReportsController({
      api,
      session,
      ...clock,
      host: () => ({
        host,
        save: (filename, text, type) => saved.push({ filename, text, type }),
        print: () => (printed += 1),
      }),
    });
    return { api, controller, saved, printed: () => printed };
  }
  const settle = () => new Promise((r) => setTimeout(r, 0));

  it('reads the month, and the frozen report once it is closed', async () => {
    const open = setup('web', false);
    open.controller.start();
    await settle();
    expect(open.controller.store.getState().indicators?.month).toBe('2026-10');
    expect(open.api.callsTo('reports:report')).toEqual([]);
    const closed = setup('web', true);
    closed.controller.start();
    await settle();
    await settle();
    expect(closed.api.callsTo('reports:report')).toEqual([{ month: '2026-10' }]);
    expect(closed.controller.store.getState().report?.belowTarget).toHaveLength(1);
    await closed.controller.choose({ month: '2099-01' });
    expect(closed.controller.store.getState().problem).toBe('not-found');
  });

  it('re-reads on pushes at most every 10 s: the first at once, the rest as one', async () => {
    let clock = 1_000_000;
    const queued: { fn: () => void; at: number }[] = [];
    const web = setup('web', false, {
      now: () => clock,
      timers: {
        setTimeout: ((fn: () => void, ms: number) => queued.push({ fn, at: clock + ms })) as never,
        clearTimeout: (() => {}) as never,
      },
    });
    web.controller.start();
    await settle();
    const reads = () => web.api.callsTo('reports:indicators').length;
    const first = reads();
    const event = (kind: string) =>
      web.api.emit('records:event', { kind, id: 'x', username: null } as never);
    event('survey.recorded');
    await settle();
    expect(reads()).toBe(first + 1);
    for (let i = 0; i < 5; i += 1) event('survey.recorded');
    event('review.done');
    await settle();
    expect(reads()).toBe(first + 1);
    expect(queued).toHaveLength(1);
    expect(queued[0]!.at).toBe(1_000_000 + PUSH_REFRESH_MS);
    clock = queued[0]!.at;
    queued[0]!.fn();
    await settle();
    expect(reads()).toBe(first + 2);
  });

  it('exports the CSV as the service wrote it and prints the PDF by host', async () => {
    const web = setup('web', false);
    web.controller.start();
    await settle();
    await web.controller.exportCsv('zh-CN');
    expect(web.api.callsTo('reports:csv')).toEqual([{ month: '2026-10', lang: 'zh-CN' }]);
    expect(web.saved).toEqual([
      {
        filename: 'agent-desk-report-2026-10.csv',
        text: '\uFEFF月份\r\n',
        type: 'text/csv;charset=utf-8',
      },
    ]);
    await web.controller.exportPdf();
    expect(web.printed()).toBe(1);
    expect(web.api.callsTo('reports:pdf')).toEqual([]);
    const electron = setup('electron', false);
    electron.controller.start();
    await settle();
    await electron.controller.exportPdf();
    expect(electron.api.callsTo('reports:pdf')).toEqual([{ month: '2026-10' }]);
    expect(electron.printed()).toBe(0);
    expect(electron.controller.store.getState().exporting).toBeNull();
  });
});
