// The training screens rendered (react-dom/server, plain Node): the offer and scenario list on the
// phone, the banner with the agent's lines and the customer's caption, the paused banner, and the
// score report naming each miss with its article — in both languages, every control named.
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { AGENT_LINES } from '../../../../common/training.js';
import type { TrainingResult } from '../../../../common/training-api.js';
import { createI18n } from '../../../../renderer/i18n/index.js';
import { TrainingBanner } from '../../../../renderer/training/TrainingBanner.js';
import { TrainingOffer } from '../../../../renderer/training/TrainingOffer.js';
import {
  initialTraining,
  trainingReducer,
  type TrainingState,
} from '../../../../renderer/training/state.js';
import { section, testIds, text, unnamedControls } from '../html.js';

const render = (element: ReactElement, language: 'zh-CN' | 'en' = 'zh-CN') =>
  renderToStaticMarkup(createElement(I18nextProvider, { i18n: createI18n(language) }, element));

const catalog = {
  scenarios: [
    {
      id: 'routine-enquiry',
      title: { 'zh-CN': '日常咨询', en: 'A routine enquiry' },
      summary: { 'zh-CN': '询问还款日', en: 'Asks the repayment date' },
      customer: 'tc-li',
      callerNumber: '17000000101',
      callerIdSource: 'pai' as const,
      reactions: [{ on: { answered: true as const }, do: [{ do: 'hangup' as const }] }],
      expect: {
        business: 'enquiry' as const,
        outcome: 'verified' as const,
        lines: [],
        approval: false,
        complaint: false,
        maxSecondsToVerify: 0,
      },
    },
  ],
  courses: [
    {
      id: 'basic',
      title: { 'zh-CN': '基础验证流程', en: 'Basic verification' },
      scenarios: ['routine-enquiry'],
      passMark: 80,
    },
  ],
};

const loaded: TrainingState = trainingReducer(initialTraining, { type: 'catalog', catalog });
const noop = () => undefined;
const banner = (state: TrainingState, language: 'zh-CN' | 'en' = 'zh-CN', lineBusy = false) =>
  render(
    createElement(TrainingBanner, {
      state,
      onSay: noop,
      onEnterStated: noop,
      onHangup: noop,
      onRestart: noop,
      onRestartPaused: noop,
      lineBusy,
      onDismissPause: noop,
      onCloseReport: noop,
      onDismissProblem: noop,
    }),
    language,
  );

describe('the training offer', () => {
  it('is the main action with no line, and lists the scenarios with the course standing', () => {
    const closed = render(
      createElement(TrainingOffer, {
        state: loaded,
        noLine: true,
        busy: false,
        onChoosing: noop,
        onStart: noop,
      }),
    );
    expect(testIds(closed)).toContain('training-start');
    expect(text(closed)).toContain('本机未配置电话线路');
    const open = render(
      createElement(TrainingOffer, {
        state: trainingReducer(loaded, { type: 'choosing', open: true }),
        noLine: false,
        busy: false,
        onChoosing: noop,
        onStart: noop,
      }),
      'en',
    );
    expect(section(open, 'training-scenario')).toContain('data-scenario="routine-enquiry"');
    expect(text(open)).toContain('Basic verification (pass mark 80)');
    expect(unnamedControls(open)).toEqual([]);
  });

  it('says the live line waits for the required course', () => {
    const state = trainingReducer(loaded, {
      type: 'status',
      status: { username: 'agent01', courses: [], requiredCourse: 'basic', clearedForLive: false },
    });
    const html = render(
      createElement(TrainingOffer, {
        state,
        noLine: true,
        busy: false,
        onChoosing: noop,
        onStart: noop,
      }),
    );
    expect(text(html)).toContain('需先通过培训课程“基础验证流程”');
  });

  it('says the standing is not known yet when the records service cannot be reached', () => {
    const state = trainingReducer(loaded, { type: 'status-unknown' });
    const offer = (language: 'zh-CN' | 'en') =>
      text(
        render(
          createElement(TrainingOffer, {
            state,
            noLine: true,
            busy: false,
            onChoosing: noop,
            onStart: noop,
          }),
          language,
        ),
      );
    expect(offer('en')).toContain('Your training standing is not known yet');
    expect(offer('en')).not.toContain('No phone line is configured');
    expect(offer('zh-CN')).toContain('培训考核情况暂未获知');
    // Known again: the unknown mark goes.
    const known = trainingReducer(state, {
      type: 'status',
      status: { username: 'agent01', courses: [], requiredCourse: null, clearedForLive: true },
    });
    expect(known.statusUnknown).toBe(false);
  });

  it('tells whether the scenario list is open, and whom a scenario is written for', () => {
    const props = { noLine: false, busy: false, onChoosing: noop, onStart: noop };
    const closed = render(createElement(TrainingOffer, { ...props, state: loaded }));
    expect(closed).toMatch(/data-testid="training-start"[^>]*aria-expanded="false"/);
    const forAgents = {
      ...loaded,
      choosing: true,
      catalog: {
        ...catalog,
        scenarios: catalog.scenarios.map((s) => ({ ...s, forTier: 'agent' as const })),
      },
    };
    const open = render(createElement(TrainingOffer, { ...props, state: forAgents }), 'en');
    expect(open).toMatch(/aria-expanded="true"/);
    const controls = /aria-controls="([^"]+)"/.exec(open)![1]!;
    expect(open).toContain(`id="${controls}"`);
    expect(text(open)).toContain('Written for agents');
    expect(text(render(createElement(TrainingOffer, { ...props, state: forAgents })))).toContain(
      '适用于普通坐席',
    );
  });
});

describe('the training banner', () => {
  it('offers every agent line and captions the customer while talking', () => {
    let state = trainingReducer(loaded, {
      type: 'starting',
      scenarioId: 'routine-enquiry',
      courseId: 'basic',
    });
    state = trainingReducer(state, { type: 'ringing', callId: 'c1' });
    expect(section(banner(state), 'training-banner')).toContain('请在电话上接听');
    state = trainingReducer(state, { type: 'answered' });
    state = trainingReducer(state, { type: 'caption', caption: '我叫李明，手机号 170****0101' });
    const html = banner(state, 'en');
    const lines = [...html.matchAll(/data-line="([^"]+)"/g)].map((m) => m[1]);
    expect(lines).toEqual([...AGENT_LINES]);
    expect(text(section(html, 'training-caption'))).toBe('我叫李明，手机号 170****0101');
    expect(unnamedControls(html)).toEqual([]);
  });

  it('says training is paused when a live call took the line', () => {
    let state = trainingReducer(loaded, {
      type: 'starting',
      scenarioId: 'routine-enquiry',
      courseId: null,
    });
    state = trainingReducer(state, { type: 'answered' });
    state = trainingReducer(state, { type: 'ended', by: 'live-call' });
    const html = banner(state);
    expect(section(html, 'training-banner')).toContain('data-phase="paused"');
    expect(text(html)).toContain('培训已暂停：准备好后，被打断的场景将从头开始');
    // One click starts it again once the live call has ended; not while it is up.
    const restart = /<button[^>]*data-testid="training-restart"[^>]*>/.exec(html)![0];
    expect(restart).not.toContain('disabled');
    const during = banner(state, 'en', true);
    expect(/<button[^>]*data-testid="training-restart"[^>]*>/.exec(during)![0]).toContain(
      'disabled',
    );
    expect(text(during)).toContain(
      'Training paused: the interrupted scenario starts again when you are ready.',
    );
    expect(text(during)).toContain('Once the live call has ended');
    expect(unnamedControls(during)).toEqual([]);
  });
});

describe('the score report', () => {
  const result: TrainingResult = {
    id: '00000000-0000-4000-8000-0000000000ff',
    username: 'agent01',
    name: '张伟',
    scenarioId: 'routine-enquiry',
    courseId: 'basic',
    at: '2026-12-06T10:00:00.000Z',
    score: 45,
    passed: false,
    misses: [
      { rule: 'read-back-missing', article: 8 },
      { rule: 'business-wrong', article: 4 },
      { rule: 'line-missing', article: 8, line: 'read-back' },
    ],
    secondsToVerify: null,
  };

  it('names each miss in words with its article, in both languages', () => {
    const state = trainingReducer(loaded, { type: 'scored', result });
    const zh = section(banner(state), 'training-score');
    expect(zh).toContain('data-score="45"');
    expect(zh).toContain('data-passed="false"');
    expect(text(zh)).toContain('确认“已核验”前未复述业务内容（第 8 条）');
    expect(text(zh)).toContain('业务类型选择错误（第 4 条）');
    const en = text(section(banner(state, 'en'), 'training-score'));
    expect(en).toContain('No read-back before &quot;verified&quot; (Art. 8)');
    expect(en).toContain(
      'A required line was not said: Read the business back and ask to confirm (Art. 8)',
    );
  });
});
