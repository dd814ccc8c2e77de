// renderer/components/: reusable pieces with no domain — no store, no host call, no rule of the
// regulation of their own. The product's name and mark, on the sign-in card and the top bar.
import { useTranslation } from 'react-i18next';
import { Icon } from './Icon.js';

/** Product name, as on the sign-in card (`large`) and the top bar. */
export function BrandMark({ large = false }: { large?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className={large ? 'brand brand--large' : 'brand'}>
      <span className="brand__logo">
        <Icon name="headset" />
      </span>
      <span className="brand__name">{t('app.name')}</span>
      <span className="brand__subtitle">{t('app.subtitle')}</span>
    </div>
  );
}
