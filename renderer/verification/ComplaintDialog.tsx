import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon.js';
import { errorKey } from '../i18n/index.js';
import type { ErrorCode } from '../../common/result.js';
import { COMPLAINT_CATEGORY_LIST, type ComplaintCategory } from './complaint.js';
import type { ComplaintDraft } from './controller.js';

export interface ComplaintDialogProps {
  busy: boolean;
  problem: ErrorCode | null;
  onSubmit: (draft: ComplaintDraft) => void;
  onClose: () => void;
}

/**
 * Art. 16: the customer's complaint or feedback, recorded against the call; the records service
 * gives the reply deadline once it is recorded.
 */
export function ComplaintDialog({ busy, problem, onSubmit, onClose }: ComplaintDialogProps) {
  const { t } = useTranslation();
  const id = useId();
  const [category, setCategory] = useState<ComplaintCategory>('service');
  const [text, setText] = useState('');
  const [wantsReply, setWantsReply] = useState(true);
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    first.current?.focus();
    return () => previous?.focus?.();
  }, []);
  return (
    <div className="modal-backdrop">
      <form
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        data-testid="complaint-dialog"
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault();
            onClose();
          }
        }}
        onSubmit={(event) => {
          event.preventDefault();
          if (text.trim()) onSubmit({ category, text, wantsReply });
        }}
      >
        <header className="modal__header">
          <h2 id={`${id}-title`} className="modal__title">
            <Icon name="info" />
            {t('verify.complaint.title')}
          </h2>
          <button
            type="button"
            className="icon-button"
            aria-label={t('verify.complaint.close')}
            title={t('verify.complaint.close')}
            onClick={onClose}
          >
            <Icon name="close" />
          </button>
        </header>
        <div className="modal__body complaint-form">
          <div className="field">
            <label htmlFor={`${id}-category`}>{t('verify.complaint.category')}</label>
            <select
              ref={first}
              id={`${id}-category`}
              data-testid="complaint-category"
              value={category}
              onChange={(event) => setCategory(event.target.value as ComplaintCategory)}
            >
              {COMPLAINT_CATEGORY_LIST.map((c) => (
                <option key={c} value={c}>
                  {t(`verify.complaint.categories.${c}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-text`}>{t('verify.complaint.text')}</label>
            <textarea
              id={`${id}-text`}
              data-testid="complaint-text"
              rows={4}
              maxLength={2000}
              placeholder={t('verify.complaint.textPlaceholder')}
              value={text}
              onChange={(event) => setText(event.target.value)}
            />
          </div>
          <label className="checkbox">
            <input
              type="checkbox"
              data-testid="complaint-wants-reply"
              checked={wantsReply}
              onChange={(event) => setWantsReply(event.target.checked)}
            />
            {t('verify.complaint.wantsReply')}
          </label>
          <p className="field-hint">{t('verify.complaint.deadline')}</p>
          {problem && (
            <p className="field-problem" role="alert">
              {t('verify.problem', {
                action: t('verify.wrapUp.actions.complaint'),
                reason: t(errorKey(problem)),
              })}
            </p>
          )}
        </div>
        <footer className="modal__footer">
          <button type="button" className="button button--quiet" onClick={onClose}>
            {t('verify.complaint.cancel')}
          </button>
          <button
            type="submit"
            className="button button--primary"
            data-testid="complaint-submit"
            disabled={busy || text.trim() === ''}
            aria-busy={busy}
          >
            {busy ? t('verify.complaint.submitting') : t('verify.complaint.submit')}
          </button>
        </footer>
      </form>
    </div>
  );
}
