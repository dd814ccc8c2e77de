import { useTranslation } from 'react-i18next';

/** The moment between loading the script and main's first answers; normally too short to notice. */
export function LoadingScreen() {
  const { t } = useTranslation();
  return (
    <main className="loading" aria-busy="true">
      <span className="loading__spinner" role="progressbar" aria-label={t('app.loading')} />
    </main>
  );
}
