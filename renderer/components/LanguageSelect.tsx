// renderer/components/: reusable pieces with no domain — no store, no host call, no rule of the
// regulation of their own. The language picker: it shows IT's lock (Art. 10) as it is told and
// never changes the language itself; the caller saves the choice through main.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../common/domain.js';
import { isLanguage, LANGUAGES } from '../../common/values.js';
import { Icon } from './Icon.js';

export interface LanguageSelectProps {
  value: Language;
  /** IT's policy fixes the language (Art. 10): shown, not changeable. */
  locked: boolean;
  /** A change is being saved by main. */
  busy: boolean;
  onChange: (language: Language) => void;
}

export function LanguageSelect({ value, locked, busy, onChange }: LanguageSelectProps) {
  const { t } = useTranslation();
  const id = useId();
  const hintId = `${id}-locked`;
  return (
    // The tooltip sits on the wrapper: a disabled <select> gets no pointer events, so its own
    // title would never show.
    <div
      className={locked ? 'language-select is-locked' : 'language-select'}
      title={locked ? t('language.lockedTooltip') : undefined}
    >
      <label htmlFor={id} className="language-select__label">
        {t('language.label')}
      </label>
      <select
        id={id}
        data-testid="language-select"
        value={value}
        disabled={locked || busy}
        aria-describedby={locked ? hintId : undefined}
        onChange={(event) => {
          if (isLanguage(event.target.value)) onChange(event.target.value);
        }}
      >
        {LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {t(`language.names.${language}`)}
          </option>
        ))}
      </select>
      {locked && (
        <span id={hintId} className="language-select__locked">
          <Icon name="lock" />
          {t('language.lockedHint')}
          <span className="visually-hidden">{t('language.lockedTooltip')}</span>
        </span>
      )}
    </div>
  );
}
