import { describe, expect, it } from 'vitest';
import {
  DIAL_INPUT_MAX,
  deskReducer,
  initialDesk,
  type DeskState,
} from '../../../../renderer/softphone/desk-state.js';

const running: DeskState = deskReducer(initialDesk, {
  type: 'running',
  shortcuts: { answer: 'F8', hangup: '', hold: '', mute: '' },
  account: '1001',
});

describe('desk state', () => {
  it('typing clears a problem and a link’s pending dial; input is capped', () => {
    let state = deskReducer(running, { type: 'dial-from-link', target: '2001', autoDialUntil: 5 });
    state = deskReducer(state, { type: 'dial-problem', problem: 'busy' });
    state = deskReducer(state, { type: 'dial-input', input: '20011' });
    expect(state.dial).toEqual({ input: '20011', problem: null, fromLink: false, pending: null });
    expect(
      deskReducer(state, { type: 'dial-input', input: '9'.repeat(100) }).dial.input,
    ).toHaveLength(DIAL_INPUT_MAX);
  });

  it('keypad and transfer panels exclude each other and close when the call is over', () => {
    let state = deskReducer(running, { type: 'keypad-open', open: true });
    state = deskReducer(state, { type: 'transfer-open', open: true });
    expect(state).toMatchObject({ keypadOpen: false, transfer: { open: true } });
    state = deskReducer(state, { type: 'transfer-target', target: '3001' });
    state = deskReducer(state, { type: 'call-over' });
    expect(state).toMatchObject({ keypadOpen: false, transfer: { open: false, target: '' } });
    expect(deskReducer(state, { type: 'call-over' })).toBe(state);
  });

  it('stopping forgets everything of the session but a number a link brought in', () => {
    let state = deskReducer(running, {
      type: 'dial-from-link',
      target: '10086',
      autoDialUntil: null,
    });
    state = deskReducer(state, { type: 'settings-open', open: true });
    state = deskReducer(state, { type: 'stopped' });
    expect(state).toEqual({
      ...initialDesk,
      dial: { input: '10086', problem: null, fromLink: true, pending: null },
    });
    const typed = deskReducer(deskReducer(running, { type: 'dial-input', input: '2001' }), {
      type: 'stopped',
    });
    expect(typed.dial.input).toBe('');
  });

  it('loading keeps the number field (a link may be waiting), resets the rest', () => {
    const state = deskReducer(
      deskReducer(running, { type: 'dial-from-link', target: '2001', autoDialUntil: 9 }),
      { type: 'loading' },
    );
    expect(state).toMatchObject({
      phase: 'loading',
      account: null,
      dial: { input: '2001', pending: { target: '2001', until: 9 } },
    });
  });

  it('closing settings drops a recording in progress and any problem shown there', () => {
    let state = deskReducer(running, { type: 'settings-open', open: true });
    state = deskReducer(state, { type: 'recording', action: 'hold' });
    state = deskReducer(state, { type: 'save-failed', what: 'shortcuts', code: 'internal' });
    state = deskReducer(state, { type: 'settings-open', open: false });
    expect(state).toMatchObject({
      settingsOpen: false,
      recording: null,
      shortcutProblem: null,
      saveProblem: null,
    });
  });
});
