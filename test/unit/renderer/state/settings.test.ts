import { describe, expect, it } from 'vitest';
import type { SettingsView } from '../../../../common/contract.js';
import {
  initialSettings,
  settingsReducer,
  shownLanguage,
  type SettingsAction,
  type SettingsState,
} from '../../../../renderer/state/settings.js';

const view = (language: 'zh-CN' | 'en', locked: 'language'[] = []): SettingsView => ({
  values: { language },
  locked,
});
const run = (actions: SettingsAction[], from: SettingsState = initialSettings) =>
  actions.reduce(settingsReducer, from);

describe('settingsReducer', () => {
  it('starts in Simplified Chinese, not loaded', () => {
    expect(initialSettings).toMatchObject({
      loaded: false,
      language: 'zh-CN',
      languageLocked: false,
      pendingLanguage: null,
    });
  });

  it('takes language and lock from main', () => {
    expect(run([{ type: 'settings-loaded', view: view('en') }])).toMatchObject({
      loaded: true,
      language: 'en',
      languageLocked: false,
    });
    expect(run([{ type: 'settings-loaded', view: view('zh-CN', ['language']) }])).toMatchObject({
      languageLocked: true,
    });
  });

  it('falls back to the default language, with a problem, when settings cannot be read', () => {
    const failed = run([{ type: 'settings-load-failed', code: 'internal' }]);
    expect(failed).toMatchObject({
      loaded: true,
      language: 'zh-CN',
      problem: { action: 'load', code: 'internal' },
    });
    // A later push clears that problem.
    expect(run([{ type: 'settings-loaded', view: view('en') }], failed).problem).toBeNull();
  });

  it('shows the requested language while main saves it, then main’s answer', () => {
    const loaded = run([{ type: 'settings-loaded', view: view('zh-CN') }]);
    const pending = run([{ type: 'language-requested', language: 'en' }], loaded);
    expect(pending).toMatchObject({ language: 'zh-CN', pendingLanguage: 'en' });
    expect(shownLanguage(pending)).toBe('en');
    const saved = run([{ type: 'settings-loaded', view: view('en') }], pending);
    expect(saved).toMatchObject({ language: 'en', pendingLanguage: null });
  });

  it('ignores a request while locked, while another is pending, or for the current language', () => {
    const locked = run([{ type: 'settings-loaded', view: view('zh-CN', ['language']) }]);
    expect(settingsReducer(locked, { type: 'language-requested', language: 'en' })).toBe(locked);
    const loaded = run([{ type: 'settings-loaded', view: view('zh-CN') }]);
    expect(settingsReducer(loaded, { type: 'language-requested', language: 'zh-CN' })).toBe(loaded);
    const pending = run([{ type: 'language-requested', language: 'en' }], loaded);
    expect(settingsReducer(pending, { type: 'language-requested', language: 'zh-CN' })).toBe(
      pending,
    );
  });

  it('goes back to the confirmed language when main refuses, and locks on locked-by-policy', () => {
    const loaded = run([{ type: 'settings-loaded', view: view('zh-CN') }]);
    const refused = run(
      [
        { type: 'language-requested', language: 'en' },
        { type: 'language-rejected', code: 'locked-by-policy' },
      ],
      loaded,
    );
    expect(refused).toMatchObject({
      language: 'zh-CN',
      pendingLanguage: null,
      languageLocked: true,
      problem: { action: 'change-language', code: 'locked-by-policy' },
    });
    expect(shownLanguage(refused)).toBe('zh-CN');
    const other = run(
      [
        { type: 'language-requested', language: 'en' },
        { type: 'language-rejected', code: 'internal' },
      ],
      loaded,
    );
    expect(other.languageLocked).toBe(false);
    expect(run([{ type: 'problem-dismissed' }], other).problem).toBeNull();
  });
});
