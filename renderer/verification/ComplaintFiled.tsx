// Art. 16: what the agent tells the customer once a complaint is recorded — the company's response
// deadline as the records service gave it, and the complaint hotline IT set. Plain props; the date
// is the service's, never computed here.
import { useTranslation } from 'react-i18next';
import { Script } from './Steps.js';

/** The deadline as said aloud: the date and the time, no seconds. */
export function deadlineText(dueAt: string, language: string): string {
  return new Date(dueAt).toLocaleString(language, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
}

export function ComplaintFiled({
  dueAt,
  hotline,
}: {
  dueAt: string | null;
  hotline: string | null;
}) {
  const { t, i18n } = useTranslation();
  const date = dueAt ? deadlineText(dueAt, i18n.language) : null;
  const told = date
    ? t('verify.complaint.script', { date })
    : t('verify.complaint.scriptNoDeadline');
  return (
    <div className="field-note" role="status" data-testid="complaint-filed">
      <p>{date ? t('verify.complaint.filed', { date }) : t('verify.complaint.filedNoDeadline')}</p>
      <Script testId="complaint-script">
        {hotline ? t('verify.complaint.scriptHotline', { script: told, hotline }) : told}
      </Script>
    </div>
  );
}
