// Connectivity as main reports it (Art. 12, 25): whether the records service, the SIP line
// and the network answer, and how much of the journal still waits to sync. A pure reducer and the
// views derived from it (style.md §6); renderer/connectivity/controller.ts does the talking.
import type { Connectivity } from '../../common/connectivity.js';
import type { ErrorCode } from '../../common/result.js';

export interface ConnectivityState {
  /** Main's last word; null until the first answer. */
  current: Connectivity | null;
  /** `connectivity:get` failed and nothing is known: the indicator says it cannot tell. */
  problem: ErrorCode | null;
}

export type ConnectivityAction =
  { type: 'loaded'; connectivity: Connectivity } | { type: 'failed'; code: ErrorCode };

export const initialConnectivity: ConnectivityState = { current: null, problem: null };

const FIELDS = [
  'state',
  'records',
  'sip',
  'os',
  'backlog',
  'deadLettered',
  'syncRefused',
  'lastSyncedAt',
  'since',
] as const satisfies readonly (keyof Connectivity)[];
const same = (a: Connectivity, b: Connectivity): boolean =>
  FIELDS.every((field) => a[field] === b[field]);

export function connectivityReducer(
  state: ConnectivityState,
  action: ConnectivityAction,
): ConnectivityState {
  switch (action.type) {
    case 'loaded':
      if (state.current && state.problem === null && same(state.current, action.connectivity))
        return state;
      return { current: action.connectivity, problem: null };
    case 'failed':
      // What main said last is still the best guess; the problem only matters while nothing is
      // known.
      return state.current !== null || state.problem === action.code
        ? state
        : { ...state, problem: action.code };
  }
}

/**
 * Art. 12: the records service failed to answer, so no identity check can run and the panel
 * switches to the outage procedure. Only its silence counts — never the OS's `offline` guess while
 * it answers. Unknown is not an outage: the desk starts optimistic and main says within a moment.
 */
export const recordsUnreachable = (connectivity: Connectivity | null): boolean =>
  connectivity !== null && connectivity.records === 'down';

export type Link = 'network' | 'records' | 'sip';

/**
 * What is down, most fundamental first. The OS's `offline` is named only beside a link that failed
 * (it may explain the failure); alone, with everything answering, it is not news for the agent.
 */
export function linksDown(connectivity: Connectivity | null): Link[] {
  if (!connectivity) return [];
  const down: Link[] = [];
  if (connectivity.records === 'down') down.push('records');
  if (connectivity.sip === 'down') down.push('sip');
  return connectivity.os === 'offline' && down.length > 0 ? ['network', ...down] : down;
}
