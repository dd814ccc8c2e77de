// The records service's alert workflow and password-lock routes for the lead's Alerts room: one
// line per endpoint over records-http.ts (Art. 6, 10, 18). Kept beside records-client.ts, which
// exposes it as `records.alerts`.
import type { z } from 'zod';
import { CallTimeline } from '../../common/archive-api.js';
import type {
  AlertOutcome,
  AlertStatus,
  EmergencyStep,
  PasswordKind,
} from '../../common/policy.js';
import {
  Alert,
  AlertAssignees,
  AlertsResponse,
  PasswordLockLift,
  PasswordLockSearchResponse,
} from '../../common/records-api.js';
import type { RecordsHttp } from './records-http.js';

export interface RecordsAlerts {
  list(token: string, status?: AlertStatus): Promise<{ alerts: Alert[] }>;
  get(token: string, id: string): Promise<Alert>;
  acknowledge(token: string, id: string): Promise<Alert>;
  assign(token: string, id: string, to: string): Promise<Alert>;
  resolve(token: string, id: string, outcome: AlertOutcome, note?: string): Promise<Alert>;
  emergencyStep(
    token: string,
    id: string,
    step: EmergencyStep,
    body: { policeCaseNumber?: string | undefined; note?: string | undefined },
  ): Promise<Alert>;
  assignees(token: string): Promise<AlertAssignees>;
  timeline(token: string, callId: string): Promise<CallTimeline>;
  searchLocks(
    token: string,
    by: { mobile?: string | undefined; nationalId?: string | undefined },
  ): Promise<PasswordLockSearchResponse>;
  liftLock(
    token: string,
    customerId: string,
    kind: PasswordKind,
    reason: string,
  ): Promise<z.infer<typeof PasswordLockLift>>;
}

const defined = <T extends object>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

export function createRecordsAlerts(call: RecordsHttp['request']): RecordsAlerts {
  const alert = (id: string) => `/api/v1/alerts/${encodeURIComponent(id)}`;
  return {
    list: (token, status) =>
      call('GET', `/api/v1/alerts?limit=200${status ? `&status=${status}` : ''}`, AlertsResponse, {
        token,
      }),
    get: (token, id) => call('GET', alert(id), Alert, { token }),
    acknowledge: (token, id) => call('POST', `${alert(id)}/acknowledge`, Alert, { token }),
    assign: (token, id, to) => call('POST', `${alert(id)}/assign`, Alert, { token, body: { to } }),
    resolve: (token, id, outcome, note) =>
      call('POST', `${alert(id)}/resolve`, Alert, { token, body: defined({ outcome, note }) }),
    emergencyStep: (token, id, step, body) =>
      call('POST', `${alert(id)}/emergency-steps/${step}`, Alert, { token, body: defined(body) }),
    assignees: (token) => call('GET', '/api/v1/alerts/assignees', AlertAssignees, { token }),
    timeline: (token, callId) =>
      call('GET', `/api/v1/archive/calls/${encodeURIComponent(callId)}/timeline`, CallTimeline, {
        token,
      }),
    searchLocks: (token, by) =>
      call('POST', '/api/v1/password-locks/search', PasswordLockSearchResponse, {
        token,
        body: defined(by),
      }),
    liftLock: (token, customerId, kind, reason) =>
      call(
        'POST',
        `/api/v1/customers/${encodeURIComponent(customerId)}/password-lock/lift`,
        PasswordLockLift,
        { token, body: { kind, reason } },
      ),
  };
}
