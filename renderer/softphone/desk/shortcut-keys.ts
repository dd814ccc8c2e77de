// The agent's keyboard shortcuts on the desk: a key press heard on the document runs answer,
// hang-up, hold or mute on the engine, and the settings dialog records a new combination. A
// combination is checked here (reserved, duplicate) before main is asked to save it; main's policy
// may still refuse it. Repeats and IME composition never trigger a command.
import type { AgentDeskApi } from '../../../common/contract.js';
import type { Shortcuts } from '../../../common/phone.js';
import {
  formatShortcut,
  shortcutFromKeyPress,
  shortcutProblem,
  shortcutSetProblems,
  type KeyPress,
  type ShortcutAction,
} from '../../../common/shortcuts.js';
import type { Phone } from '../../phone/types.js';
import type { Store } from '../../state/store.js';
import type { DeskAction, DeskState } from '../desk-state.js';
import { compileShortcuts, isRinging, shortcutCommand } from '../view.js';

/** Where keydown is heard (the document); a key press with the bits the desk reads. */
export interface KeyEventLike extends KeyPress {
  key: string;
  repeat: boolean;
  isComposing?: boolean;
  preventDefault(): void;
}
export interface KeyTarget {
  addEventListener(type: 'keydown', listener: (event: KeyEventLike) => void): void;
  removeEventListener(type: 'keydown', listener: (event: KeyEventLike) => void): void;
}

export interface ShortcutKeysOptions {
  api: AgentDeskApi;
  store: Store<DeskState, DeskAction>;
  /** The running engine, if any. */
  phone(): Phone | null;
}

export interface ShortcutKeys {
  /** The shortcuts in force (from `phone:config`). */
  use(shortcuts: Shortcuts): void;
  onKeyDown(event: KeyEventLike): void;
  /** The next key press records a new combination for `action` (null: stop recording). */
  record(action: ShortcutAction | null): void;
  clear(action: ShortcutAction): Promise<void>;
  /** Back to the defaults main gave with the preferences. */
  reset(): Promise<void>;
}

export function createShortcutKeys(options: ShortcutKeysOptions): ShortcutKeys {
  const { api, store } = options;
  const dispatch = (action: DeskAction) => store.dispatch(action);
  let compiled = compileShortcuts(store.getState().shortcuts);

  const save = async (next: Shortcuts): Promise<void> => {
    const problems = shortcutSetProblems(next);
    const first = Object.entries(problems)[0] as
      [ShortcutAction, NonNullable<(typeof problems)[ShortcutAction]>] | undefined;
    if (first) {
      dispatch({ type: 'shortcut-problem', action: first[0], problem: first[1] });
      return;
    }
    const result = await api.invoke('phone:set-shortcuts', next);
    if (!result.ok) {
      dispatch({ type: 'save-failed', what: 'shortcuts', code: result.error.code });
      return;
    }
    compiled = compileShortcuts(result.value);
    dispatch({ type: 'shortcuts-saved', shortcuts: result.value });
  };

  const recordKey = (event: KeyEventLike, action: ShortcutAction) => {
    event.preventDefault();
    if (event.key === 'Escape') {
      dispatch({ type: 'recording', action: null });
      return;
    }
    const combo = shortcutFromKeyPress(event);
    if (!combo) return; // a bare modifier: wait for the key
    const text = formatShortcut(combo);
    const problem = shortcutProblem(text);
    if (problem) {
      dispatch({ type: 'shortcut-problem', action, problem });
      return;
    }
    void save({ ...store.getState().shortcuts, [action]: text });
  };

  const run = (phone: Phone, event: KeyEventLike) => {
    const command = shortcutCommand(compiled, event, phone.store.getState().call);
    if (!command) return;
    event.preventDefault();
    switch (command.type) {
      case 'answer':
        void phone.answer();
        break;
      case 'hangup':
        if (isRinging(phone.store.getState().call)) void phone.reject();
        else void phone.hangup();
        break;
      case 'hold':
        void phone.hold(command.on);
        break;
      case 'mute':
        phone.mute(command.on);
        break;
    }
  };

  return {
    use(shortcuts) {
      compiled = compileShortcuts(shortcuts);
    },
    onKeyDown(event) {
      if (event.isComposing) return;
      const recording = store.getState().recording;
      if (recording) {
        recordKey(event, recording);
        return;
      }
      const phone = options.phone();
      if (event.repeat || !phone) return;
      run(phone, event);
    },
    record: (action) => dispatch({ type: 'recording', action }),
    clear: (action) => save({ ...store.getState().shortcuts, [action]: '' }),
    async reset() {
      const defaults = store.getState().preferences?.defaultShortcuts;
      if (defaults) await save(defaults);
    },
  };
}
