// The desk's update and IT's diagnostics, page side: follows `update:changed` (asking once at
// start), stops the phone taking calls and then asks main to restart into a ready update — main
// judges the gate after that and refuses while a call is up (the phone then comes back) — and
// saves the diagnostics archive as a download (the web host's way).
import type { AgentDeskApi } from '../../common/contract.js';
import type { ErrorCode } from '../../common/result.js';
import type { UpdateStatus } from '../../common/update.js';
import { createStore, type Store } from '../state/store.js';

export interface UpdatesState {
  status: UpdateStatus | null;
  /** The last restart or export failed: why (i18n `error.<code>`). */
  problem: { action: 'restart' | 'diagnostics'; code: ErrorCode } | null;
  exporting: boolean;
}

export type UpdatesAction =
  | { type: 'status'; status: UpdateStatus }
  | { type: 'problem'; action: 'restart' | 'diagnostics'; code: ErrorCode }
  | { type: 'exporting'; exporting: boolean }
  | { type: 'dismiss' };

export const initialUpdates: UpdatesState = { status: null, problem: null, exporting: false };

export function updatesReducer(state: UpdatesState, action: UpdatesAction): UpdatesState {
  switch (action.type) {
    case 'status':
      return { ...state, status: action.status };
    case 'problem':
      return { ...state, problem: { action: action.action, code: action.code } };
    case 'exporting':
      return { ...state, exporting: action.exporting, problem: null };
    case 'dismiss':
      return { ...state, problem: null };
  }
}

/** Saves bytes as a download (the page: a blob link; tests: a record). */
export type SaveFile = (fileName: string, bytes: Uint8Array, type: string) => void;

export interface UpdatesController {
  readonly store: Store<UpdatesState, UpdatesAction>;
  start(): () => void;
  restart(): Promise<void>;
  exportDiagnostics(): Promise<void>;
  dismiss(): void;
}

/** The page's phone as the restart needs it (softphone/desk.ts). */
export interface PhoneForUpdate {
  /** INVITEs get 480, then unregistered; false with a call on the line (nothing stopped). */
  pauseForUpdate(): Promise<boolean>;
  resumeAfterUpdate(): Promise<void>;
}

export function createUpdatesController(options: {
  api: AgentDeskApi;
  save: SaveFile;
  phone?: PhoneForUpdate;
}): UpdatesController {
  const { api } = options;
  const store = createStore(updatesReducer, initialUpdates);
  return {
    store,
    start() {
      const off = api.on('update:changed', (status) => store.dispatch({ type: 'status', status }));
      void api.invoke('update:status', {}).then((result) => {
        if (result.ok && store.getState().status === null)
          store.dispatch({ type: 'status', status: result.value });
      });
      return off;
    },
    async restart() {
      // Stop taking calls first, so none rings into the shutdown and is cut instead of re-routed.
      const { phone } = options;
      if (phone && store.getState().status?.mayInstall && !(await phone.pauseForUpdate())) {
        store.dispatch({ type: 'problem', action: 'restart', code: 'conflict' });
        return;
      }
      const result = await api.invoke('update:restart', {});
      if (!result.ok) {
        await phone?.resumeAfterUpdate();
        store.dispatch({ type: 'problem', action: 'restart', code: result.error.code });
      }
    },
    async exportDiagnostics() {
      store.dispatch({ type: 'exporting', exporting: true });
      const result = await api.invoke('diagnostics:export', {});
      store.dispatch({ type: 'exporting', exporting: false });
      if (!result.ok) {
        store.dispatch({ type: 'problem', action: 'diagnostics', code: result.error.code });
        return;
      }
      const binary = atob(result.value.base64);
      const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
      options.save(result.value.fileName, bytes, 'application/zip');
    },
    dismiss: () => store.dispatch({ type: 'dismiss' }),
  };
}

/** The page's download: a blob link clicked once (the browser's, or Electron's save dialog). */
export const pageSaveFile: SaveFile = (fileName, bytes, type) => {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // After the click the download holds its own reference.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
};
