import { describe, expect, it } from 'vitest';
import { DEFAULT_SHORTCUTS } from '../../../common/phone.js';
import {
  formatShortcut,
  keyOfCode,
  matchesShortcut,
  normalizeShortcuts,
  parseShortcut,
  shortcutFromKeyPress,
  shortcutProblem,
  shortcutSetProblems,
} from '../../../common/shortcuts.js';

const press = (
  code: string,
  mods: Partial<{ ctrlKey: boolean; altKey: boolean; shiftKey: boolean; metaKey: boolean }> = {},
) => ({
  ctrlKey: false,
  altKey: false,
  shiftKey: false,
  metaKey: false,
  code,
  ...mods,
});

describe('shortcuts', () => {
  it('parses and spells combinations canonically, whatever the case and order', () => {
    expect(parseShortcut('shift+ctrl+a')).toEqual({
      ctrl: true,
      alt: false,
      shift: true,
      meta: false,
      key: 'A',
    });
    expect(formatShortcut(parseShortcut('Cmd+Option+9')!)).toBe('Alt+Meta+9');
    expect(formatShortcut(parseShortcut('f12')!)).toBe('F12');
    for (const bad of ['', 'Ctrl+', 'Ctrl+Ctrl+A', 'Hyper+A', 'Ctrl+AB', 'Ctrl+F13', 'Ctrl+Space'])
      expect(parseShortcut(bad)).toBeNull();
  });

  it('matches by physical key (KeyboardEvent.code), so an IME or layout does not matter', () => {
    const answer = parseShortcut('Ctrl+Shift+A')!;
    expect(matchesShortcut(answer, press('KeyA', { ctrlKey: true, shiftKey: true }))).toBe(true);
    expect(matchesShortcut(answer, press('KeyA', { ctrlKey: true }))).toBe(false);
    expect(
      matchesShortcut(answer, press('KeyA', { ctrlKey: true, shiftKey: true, altKey: true })),
    ).toBe(false);
    expect(keyOfCode('Numpad5')).toBe('5');
    expect(keyOfCode('ShiftLeft')).toBeNull();
    expect(shortcutFromKeyPress(press('ControlLeft', { ctrlKey: true }))).toBeNull();
    expect(formatShortcut(shortcutFromKeyPress(press('Digit1', { altKey: true }))!)).toBe('Alt+1');
  });

  it('says why a combination cannot be a shortcut', () => {
    expect(shortcutProblem('')).toBeNull();
    expect(shortcutProblem('F8')).toBeNull();
    expect(shortcutProblem('A')).toBe('needs-modifier');
    expect(shortcutProblem('Shift+A')).toBe('needs-modifier');
    expect(shortcutProblem('Ctrl+C')).toBe('reserved');
    expect(shortcutProblem('Meta+V')).toBe('reserved');
    expect(shortcutProblem('F5')).toBe('reserved');
    expect(shortcutProblem('Ctrl+?')).toBe('invalid');
  });

  it('finds duplicates across a set (both sides) and accepts the defaults', () => {
    expect(shortcutSetProblems(DEFAULT_SHORTCUTS)).toEqual({});
    expect(
      shortcutSetProblems({ answer: 'ctrl+shift+a', hangup: 'Shift+Ctrl+A', hold: '', mute: '' }),
    ).toEqual({ answer: 'duplicate', hangup: 'duplicate' });
    expect(shortcutSetProblems({ answer: '', hangup: '', hold: '', mute: '' })).toEqual({});
    expect(
      normalizeShortcuts({ answer: 'shift+ctrl+a', hangup: '', hold: 'f9', mute: 'alt+m' }),
    ).toEqual({ answer: 'Ctrl+Shift+A', hangup: '', hold: 'F9', mute: 'Alt+M' });
  });
});
