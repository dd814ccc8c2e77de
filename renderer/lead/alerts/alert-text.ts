// An alert's reasons and facts in the lead's language: the records service sends closed codes
// (common/policy/alert-codes.ts, fraud reasons, journal refusals) and facts by key; each becomes a
// phrase, a code the console does not know yet is shown as sent rather than hidden.
import { useTranslation } from 'react-i18next';
import {
  foreignStepOf,
  FRAUD_REASONS,
  GUARDED_ACTIONS,
  JOURNAL_REJECT_REASONS,
  OTHER_ALERT_REASONS,
  parseBasicExceptionReason,
} from '../../../common/policy.js';
import type { Alert } from '../../../common/records-api.js';

const has = <T extends string>(list: readonly T[], code: string): code is T =>
  (list as readonly string[]).includes(code);

export interface AlertText {
  reason(code: string): string;
  /** The alert's facts as [label, value] pairs; empty ones and the reason again left out. */
  facts(alert: Pick<Alert, 'details' | 'reasons' | 'names'>): [string, string][];
}

export function useAlertText(): AlertText {
  const { t, i18n } = useTranslation();
  const action = (code: string): string => {
    if (has(GUARDED_ACTIONS, code)) return t(`lead.alerts.codes.action.${code}`);
    const step = foreignStepOf(code);
    if (step)
      return t('lead.alerts.codes.foreign', {
        action: t(`lead.alerts.codes.session.${step}`),
      });
    return code;
  };
  const reason = (code: string): string => {
    if (has(FRAUD_REASONS, code)) return t(`lead.alerts.codes.fraud.${code}`);
    if (has(JOURNAL_REJECT_REASONS, code)) return t(`lead.alerts.codes.journal.${code}`);
    if (has(OTHER_ALERT_REASONS, code)) return t(`lead.alerts.codes.other.${code}`);
    return action(code);
  };
  const value = (key: string, raw: unknown, names: Alert['names']): string => {
    const text = String(raw);
    switch (key) {
      case 'target':
        return names[text] ?? text;
      case 'tier':
        return i18n.exists(`tier.${text}`) ? t(`tier.${text as 'agent'}`) : text;
      case 'action':
        return action(text);
      case 'kind':
        return text === 'query' || text === 'transaction'
          ? t(`lead.alerts.codes.passwordKind.${text}`)
          : text;
      case 'businessType':
        return i18n.exists(`verify.business.types.${text}`)
          ? t(`verify.business.types.${text as 'enquiry'}`)
          : text;
      case 'reason': {
        const counts = parseBasicExceptionReason(text);
        return counts ? t('lead.alerts.codes.basicFailures', counts) : text;
      }
      default:
        return text;
    }
  };
  const facts = (alert: Pick<Alert, 'details' | 'reasons' | 'names'>): [string, string][] =>
    Object.entries(alert.details)
      .filter(([, v]) => v !== null && v !== undefined && v !== '')
      .filter(([key, v]) => !(key === 'action' && alert.reasons.includes(String(v))))
      .map(([key, raw]) => [
        i18n.exists(`lead.alerts.codes.detail.${key}`)
          ? t(`lead.alerts.codes.detail.${key as 'tier'}`)
          : key,
        value(key, raw, alert.names),
      ]);
  return { reason, facts };
}
