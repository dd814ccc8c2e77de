// Words for the review room's codes: a step (the panel's own name for it, else the timeline's),
// a session's outcome and a business type, each falling back to the code the service sent.
import { useTranslation } from 'react-i18next';

export function useReviewLabels() {
  const { t, i18n } = useTranslation();
  const say = (key: string) => (t as unknown as (k: string) => string)(key);
  const first = (keys: string[], fallback: string) => {
    const key = keys.find((k) => i18n.exists(k));
    return key ? say(key) : fallback;
  };
  return {
    step: (step: string) =>
      first([`verify.steps.names.${step}`, `lead.alerts.timelineText.step.${step}`], step),
    outcome: (status: string) => first([`lead.alerts.timelineText.outcome.${status}`], status),
    business: (type: string) => first([`verify.business.types.${type}`], type),
  };
}
