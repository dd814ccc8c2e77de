import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon.js';
import type { CallerId as CallerIdData } from '../phone/types.js';
import { PhoneNumber } from '../components/PhoneNumber.js';

/**
 * Who is calling: the name (if any) and number, and whether the number was asserted by the bank's
 * proxy (P-Asserted-Identity, trusted) or is only what the caller's own phone claims (From). A call
 * the desk placed has no caller to vouch for: `showSource` false.
 */
export function CallerId({
  remote,
  size = 'large',
  showSource = true,
}: {
  remote: CallerIdData;
  size?: 'large' | 'normal';
  showSource?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <div
      className={`caller-id caller-id--${size}`}
      data-testid="caller-id"
      data-source={remote.source}
      data-number={remote.number}
    >
      {remote.displayName && <p className="caller-id__name">{remote.displayName}</p>}
      <p className="caller-id__number">
        {remote.number ? (
          <PhoneNumber value={remote.number} />
        ) : (
          t('softphone.incoming.unknownCaller')
        )}
      </p>
      {showSource && (
        <p className={`caller-id__source caller-id__source--${remote.source}`}>
          <Icon name={remote.source === 'pai' ? 'check' : 'info'} />
          {remote.source === 'pai'
            ? t('softphone.incoming.verified')
            : t('softphone.incoming.unverified')}
        </p>
      )}
    </div>
  );
}
