// renderer/lead/floor/: a lead's not-ready order for one agent (Art. 10, 26): a reason from the
// desk's own list, confirmed; the answer (done, or why the service refused) stays on screen
// until the lead dismisses it.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NotReadyReason } from '../../../common/phone.js';
import { NOT_READY_REASON_LIST } from '../../softphone/view.js';
import type { FloorRoomState } from './floor-store.js';

export function SetNotReadyForm({
  name,
  busy,
  onConfirm,
  onCancel,
}: {
  name: string;
  busy: boolean;
  onConfirm: (reason: NotReadyReason) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [reason, setReason] = useState<NotReadyReason>('meeting');
  return (
    <form
      className="floor-order"
      aria-label={t('lead.floor.setNotReady.openFor', { name })}
      onSubmit={(e) => {
        e.preventDefault();
        void onConfirm(reason);
      }}
    >
      <strong>{t('lead.floor.setNotReady.openFor', { name })}</strong>
      <label htmlFor={`${id}-reason`}>{t('lead.floor.setNotReady.reason')}</label>
      <select
        id={`${id}-reason`}
        data-testid="set-not-ready-reason"
        value={reason}
        onChange={(e) => setReason(e.target.value as NotReadyReason)}
      >
        {NOT_READY_REASON_LIST.map((r) => (
          <option key={r} value={r}>
            {t(`softphone.agentState.reasons.${r}`)}
          </option>
        ))}
      </select>
      <button
        type="submit"
        className="button button--primary button--small"
        data-testid="set-not-ready-confirm"
        disabled={busy}
      >
        {busy ? t('lead.floor.setNotReady.sending') : t('lead.floor.setNotReady.confirm')}
      </button>
      <button type="button" className="button button--quiet button--small" onClick={onCancel}>
        {t('lead.floor.setNotReady.cancel')}
      </button>
    </form>
  );
}

const KNOWN = ['conflict', 'forbidden', 'not-found'] as const;

export function OrderResult({
  order,
  name,
  onDismiss,
}: {
  order: NonNullable<FloorRoomState['order']>;
  name: string;
  onDismiss: () => void;
}) {
  const { t } = useTranslation();
  const code = order.code;
  const known = code !== null && (KNOWN as readonly string[]).includes(code);
  const text =
    code === null
      ? t('lead.floor.setNotReady.done', { name })
      : known
        ? t(`lead.floor.setNotReady.error.${code as (typeof KNOWN)[number]}`, { name })
        : t('lead.floor.setNotReady.error.other', { code });
  return (
    <div
      className={`floor-order-result floor-order-result--${code === null ? 'ok' : 'error'}`}
      role={code === null ? 'status' : 'alert'}
      data-testid="floor-order-result"
      data-code={code ?? 'ok'}
    >
      <span>{text}</span>
      <button type="button" className="button button--quiet button--small" onClick={onDismiss}>
        {t('lead.floor.setNotReady.dismiss')}
      </button>
    </div>
  );
}
