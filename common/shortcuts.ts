// Keyboard shortcuts for the softphone (answer, hang up, hold, mute) as plain data and pure
// functions, zod-free: the renderer matches key presses with them and main checks what the agent
// saves with the same rules, so a combination main accepts is one the page can press.
// A shortcut is written `Ctrl+Shift+A` (modifiers in a fixed order, then one key); '' means none.

export const SHORTCUT_ACTIONS = ['answer', 'hangup', 'hold', 'mute'] as const;
export type ShortcutAction = (typeof SHORTCUT_ACTIONS)[number];

export interface ParsedShortcut {
  ctrl: boolean;
  alt: boolean;
  shift: boolean;
  meta: boolean;
  /** `A`–`Z`, `0`–`9` or `F1`–`F12`. */
  key: string;
}

/** What a keydown carries that matters here (a KeyboardEvent satisfies it). */
export interface KeyPress {
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
  code: string;
}

const MODIFIER_NAMES: Record<string, 'ctrl' | 'alt' | 'shift' | 'meta'> = {
  ctrl: 'ctrl',
  control: 'ctrl',
  alt: 'alt',
  option: 'alt',
  shift: 'shift',
  meta: 'meta',
  cmd: 'meta',
  command: 'meta',
  super: 'meta',
  win: 'meta',
};

const isFunctionKey = (key: string) => /^F([1-9]|1[0-2])$/.test(key);
const isKey = (key: string) => /^[A-Z0-9]$/.test(key) || isFunctionKey(key);

/**
 * Combinations the page or the OS already uses for editing, finding, printing or closing: taking
 * them would stop the agent copying a customer's reference number or close the window mid-call.
 */
const RESERVED = new Set([
  'Ctrl+A',
  'Ctrl+C',
  'Ctrl+V',
  'Ctrl+X',
  'Ctrl+Z',
  'Ctrl+Y',
  'Ctrl+F',
  'Ctrl+P',
  'Ctrl+R',
  'Ctrl+W',
  'Ctrl+Q',
  'Ctrl+N',
  'Ctrl+T',
  'Ctrl+Shift+Z',
  'Ctrl+Shift+I',
  'Ctrl+Shift+R',
  'Alt+F4',
  'F5',
  'F11',
  'F12',
]);
// The same on macOS, with ⌘.
for (const combo of [...RESERVED])
  if (combo.startsWith('Ctrl+')) RESERVED.add(`Meta+${combo.slice(5)}`);

/** `Ctrl+Shift+A` → parts; null when it is not one key with known modifiers. Case-insensitive. */
export function parseShortcut(text: string): ParsedShortcut | null {
  const parts = text.split('+').map((part) => part.trim());
  if (parts.length === 0 || parts.some((part) => part === '')) return null;
  const parsed: ParsedShortcut = { ctrl: false, alt: false, shift: false, meta: false, key: '' };
  const key = parts.pop()!.toUpperCase();
  for (const part of parts) {
    const modifier = MODIFIER_NAMES[part.toLowerCase()];
    if (!modifier || parsed[modifier]) return null;
    parsed[modifier] = true;
  }
  if (!isKey(key)) return null;
  parsed.key = key;
  return parsed;
}

/** The canonical spelling: `Ctrl+Alt+Shift+Meta+Key`. */
export function formatShortcut(shortcut: ParsedShortcut): string {
  return [
    shortcut.ctrl && 'Ctrl',
    shortcut.alt && 'Alt',
    shortcut.shift && 'Shift',
    shortcut.meta && 'Meta',
    shortcut.key,
  ]
    .filter(Boolean)
    .join('+');
}

/** The key of a KeyboardEvent.code (`KeyA` → `A`, `Digit1` → `1`, `F2` → `F2`), else null. */
export function keyOfCode(code: string): string | null {
  const letter = /^Key([A-Z])$/.exec(code);
  if (letter) return letter[1]!;
  const digit = /^(?:Digit|Numpad)([0-9])$/.exec(code);
  if (digit) return digit[1]!;
  return isFunctionKey(code) ? code : null;
}

/**
 * The shortcut a key press spells (for recording a new one); null for a bare modifier or another
 * key.
 */
export function shortcutFromKeyPress(press: KeyPress): ParsedShortcut | null {
  const key = keyOfCode(press.code);
  if (!key) return null;
  return {
    ctrl: press.ctrlKey,
    alt: press.altKey,
    shift: press.shiftKey,
    meta: press.metaKey,
    key,
  };
}

/**
 * Matched by the key's physical position (KeyboardEvent.code), never the character it types, so a
 * shortcut works the same with a Chinese IME on (whose keydown says `Process`) and on any layout.
 */
export function matchesShortcut(shortcut: ParsedShortcut, press: KeyPress): boolean {
  return (
    keyOfCode(press.code) === shortcut.key &&
    press.ctrlKey === shortcut.ctrl &&
    press.altKey === shortcut.alt &&
    press.shiftKey === shortcut.shift &&
    press.metaKey === shortcut.meta
  );
}

export type ShortcutProblem = 'invalid' | 'needs-modifier' | 'reserved' | 'duplicate';

/**
 * Why a combination cannot be a softphone shortcut, or null when it can. A letter or digit needs
 * Ctrl, Alt or Meta (Shift alone still types: the agent would answer a call while typing a name);
 * F1–F12 may stand alone.
 */
export function shortcutProblem(text: string): Exclude<ShortcutProblem, 'duplicate'> | null {
  if (text === '') return null;
  const parsed = parseShortcut(text);
  if (!parsed) return 'invalid';
  if (!isFunctionKey(parsed.key) && !parsed.ctrl && !parsed.alt && !parsed.meta)
    return 'needs-modifier';
  if (RESERVED.has(formatShortcut(parsed))) return 'reserved';
  return null;
}

/** Every problem in a full set, by action: invalid ones, and the same combination used twice. */
export function shortcutSetProblems(
  shortcuts: Record<ShortcutAction, string>,
): Partial<Record<ShortcutAction, ShortcutProblem>> {
  const problems: Partial<Record<ShortcutAction, ShortcutProblem>> = {};
  const seen = new Map<string, ShortcutAction>();
  for (const action of SHORTCUT_ACTIONS) {
    const text = shortcuts[action];
    const problem = shortcutProblem(text);
    if (problem) {
      problems[action] = problem;
      continue;
    }
    if (text === '') continue;
    const canonical = formatShortcut(parseShortcut(text)!);
    const first = seen.get(canonical);
    if (first) {
      problems[action] = 'duplicate';
      problems[first] ??= 'duplicate';
    } else {
      seen.set(canonical, action);
    }
  }
  return problems;
}

/** The canonical spelling of every shortcut in a set (after shortcutSetProblems found none). */
export function normalizeShortcuts<T extends Record<ShortcutAction, string>>(shortcuts: T): T {
  const out = { ...shortcuts };
  for (const action of SHORTCUT_ACTIONS) {
    const parsed = out[action] === '' ? null : parseShortcut(out[action]);
    if (parsed) (out as Record<ShortcutAction, string>)[action] = formatShortcut(parsed);
  }
  return out;
}
