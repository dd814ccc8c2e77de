// One archived timeline item as a phrase in the lead's language: the records service sends codes
// (`opened`, a step and outcome, a journal entry type, an alert kind…) and usernames; each becomes
// words and a name. A code the console has no label for yet is shown as sent, never hidden.
import { useTranslation } from 'react-i18next';
import type { CallTimeline, TimelineItem } from '../../../common/archive-api.js';

/** i18next's lookup, loosened for keys built from codes (each guarded by `has` first). */
export interface Catalogue {
  say(key: string, values?: Record<string, string>): string;
  /** A label (a string, not a branch of the catalogue) is there for `key`. */
  has(key: string): boolean;
}

const T = 'lead.alerts.timelineText';

/** The phrase for an item's `what`, by its source. */
export function timelineWhat(item: TimelineItem, c: Catalogue): string {
  const label = (key: string, fallback: string) => (c.has(key) ? c.say(key) : fallback);
  const detail = (key: string) => {
    const v = item.details[key];
    return typeof v === 'string' ? v : null;
  };
  switch (item.source) {
    case 'session': {
      if (item.what !== 'opened') return item.what;
      const business = detail('businessType');
      return business
        ? c.say(`${T}.opened`, { business: label(`verify.business.types.${business}`, business) })
        : c.say(`${T}.openedNone`);
    }
    case 'event': {
      const step = detail('step');
      const outcome = detail('outcome');
      if (!step || !outcome) return item.what;
      const changed = step === 'business' || step === 'method';
      return c.say(`${T}.${changed ? 'changedTo' : 'event'}`, {
        step: c.has(`verify.steps.names.${step}`)
          ? c.say(`verify.steps.names.${step}`)
          : label(`${T}.step.${step}`, step),
        outcome: c.has(`${T}.outcome.${outcome}`)
          ? c.say(`${T}.outcome.${outcome}`)
          : label(`verify.business.types.${outcome}`, outcome),
      });
    }
    case 'approval':
    case 'callback':
    case 'complaint':
      return label(`${T}.${item.source}.${item.what}`, item.what);
    case 'alert':
      return c.say(`${T}.alert`, {
        kind: c.has(`lead.alerts.kind.${item.what}`)
          ? c.say(`lead.alerts.kind.${item.what}`)
          : c.say('lead.alerts.kind.other', { kind: item.what }),
      });
    case 'journal':
      // A type's dots are the catalogue's nesting (`verify.basic-checked`).
      return label(`${T}.journal.${item.what}`, item.what);
  }
}

/** Who acted, by name; the username when the records service knows no name for it. */
export const timelineWho = (item: TimelineItem, names: CallTimeline['names']): string | null =>
  item.agent === null ? null : (names[item.agent] ?? item.agent);

export function useTimelineText(): (
  item: TimelineItem,
  names: CallTimeline['names'],
) => {
  what: string;
  who: string | null;
} {
  const { t, i18n } = useTranslation();
  const c: Catalogue = {
    say: (key, values) => (t as unknown as Catalogue['say'])(key, values),
    has: (key) =>
      i18n.exists(key) &&
      typeof (t as unknown as (k: string, o: object) => unknown)(key, { returnObjects: true }) ===
        'string',
  };
  return (item, names) => ({ what: timelineWhat(item, c), who: timelineWho(item, names) });
}
