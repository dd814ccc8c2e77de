// The lead's Alerts room in main (Art. 6, 10, 11, 18): each channel is one call to the records
// service with the signed-in lead's token. The service is the authority and keeps who did what
// and when (alerts, alert_actions, alert_emergency_steps, password_lock_lifts); below lead it
// refuses and records the attempt, so main adds no tier check of its own.
import type { AgentProfile } from '../../common/domain.js';
import { AppError } from '../../common/result.js';
import type { Handlers } from './dispatcher.js';
import type { Logger } from './logger.js';
import type { RecordsAlerts } from './records-alerts.js';

export type AlertHandlers = Pick<
  Handlers,
  | 'alerts:list'
  | 'alerts:get'
  | 'alerts:acknowledge'
  | 'alerts:assign'
  | 'alerts:resolve'
  | 'alerts:emergency-step'
  | 'alerts:assignees'
  | 'alerts:timeline'
  | 'customers:lock-search'
  | 'customers:unlock-password'
>;

export interface AlertsOptions {
  /** Read when a channel is used (a test's fake client may not have it). */
  records: () => RecordsAlerts;
  logger: Logger;
  session: () => { token: string; agent: AgentProfile } | null;
}

export function alertHandlers(options: AlertsOptions): AlertHandlers {
  const { logger } = options;
  const token = () => {
    const current = options.session();
    if (!current) throw new AppError('unauthorized', 'sign in first');
    return current.token;
  };
  const api = () => options.records();
  return {
    'alerts:list': async ({ status }) => api().list(token(), status),
    'alerts:get': async ({ id }) => api().get(token(), id),
    'alerts:acknowledge': async ({ id }) => api().acknowledge(token(), id),
    'alerts:assign': async ({ id, to }) => api().assign(token(), id, to),
    'alerts:resolve': async ({ id, outcome, note }) => {
      const alert = await api().resolve(token(), id, outcome, note);
      logger.info({ alert: id, outcome }, 'alert resolved');
      return alert;
    },
    'alerts:emergency-step': async ({ id, step, policeCaseNumber, note }) =>
      api().emergencyStep(token(), id, step, { policeCaseNumber, note }),
    'alerts:assignees': async () => api().assignees(token()),
    'alerts:timeline': async ({ callId }) => api().timeline(token(), callId),
    // The typed number goes to the service in a body and nowhere else (never logged, Art. 11).
    'customers:lock-search': async (by) => api().searchLocks(token(), by),
    'customers:unlock-password': async ({ customerId, kind, reason }) => {
      const lift = await api().liftLock(token(), customerId, kind, reason);
      logger.info({ customerId, kind }, 'password lock lifted');
      return lift;
    },
  };
}
