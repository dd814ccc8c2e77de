// renderer/app/: the window before and around the signed-in shell. The screen between loading the
// script and main's first answers (who is signed in, the settings); it shows no data of its own.
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
