// What the host says about itself (version, records service, notices) and which notices the agent
// has dismissed in this run. Dismissing is per run on purpose: a corrupt settings file or an
// unknown policy key is still true at the next start, so the agent and IT see it again.
import type { AppInfo, Notice } from '../../common/contract.js';
import type { ErrorCode } from '../../common/result.js';

export interface AppInfoState {
  info: AppInfo | null;
  dismissed: readonly string[];
  problem: ErrorCode | null;
}

export type AppInfoAction =
  | { type: 'info-loaded'; info: AppInfo }
  | { type: 'info-failed'; code: ErrorCode }
  | { type: 'notice-dismissed'; id: string };

export const initialAppInfo: AppInfoState = { info: null, dismissed: [], problem: null };

export function appInfoReducer(state: AppInfoState, action: AppInfoAction): AppInfoState {
  switch (action.type) {
    case 'info-loaded':
      return { ...state, info: action.info, problem: null };
    case 'info-failed':
      return { ...state, problem: action.code };
    case 'notice-dismissed':
      if (state.dismissed.includes(action.id)) return state;
      return { ...state, dismissed: [...state.dismissed, action.id] };
  }
}

export const visibleNotices = (state: AppInfoState): Notice[] =>
  (state.info?.notices ?? []).filter((notice) => !state.dismissed.includes(notice.id));

/** The records service's host for the footer (`records.bank.example:8443`), or the raw value. */
export function recordsHost(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}
