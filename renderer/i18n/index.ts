// One i18next instance per app, created here (not the global singleton) so tests and the fatal
// screen can build their own. Resources are bundled, so initialisation is synchronous.
import i18next, { type i18n as I18n, type TFunction } from 'i18next';
import type { Notice } from '../../common/contract.js';
import type { Language, Tier } from '../../common/domain.js';
import { DEFAULT_LANGUAGE, LANGUAGES } from '../../common/values.js';
import { isErrorCode } from '../../common/result.js';
import { en } from './en.js';
import { zhCN } from './zh-CN.js';

export function createI18n(language: Language = DEFAULT_LANGUAGE): I18n {
  const instance = i18next.createInstance();
  void instance.init({
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    lng: language,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...LANGUAGES],
    initAsync: false,
    // React escapes text it renders; escaping here too would show `&amp;` to the agent.
    interpolation: { escapeValue: false },
    returnNull: false,
    react: { useSuspense: false },
  });
  return instance;
}

/**
 * The catalogue key for a contract error code; codes this build does not know get `error.default`.
 */
export const errorKey = (code: string) =>
  isErrorCode(code) ? (`error.${code}` as const) : ('error.default' as const);

export const tierKey = (tier: Tier) => `tier.${tier}` as const;

/**
 * A notice from main in the agent's language; an unknown key still shows, as "system notice (key)".
 */
export function noticeText(t: TFunction, notice: Notice): string {
  const param = (name: string): string => notice.params[name] ?? '';
  switch (notice.key) {
    case 'settings-corrupt':
      return t('notice.settings-corrupt', { backup: param('backup') });
    case 'policy-unknown-keys':
      return t('notice.policy-unknown-keys', { keys: param('keys') });
    case 'call-history-corrupt':
      return t('notice.call-history-corrupt', { backup: param('backup') });
    case 'journal-recovered':
      return t('notice.journal-recovered', { kind: param('kind') });
    case 'sip-password-unreadable':
      return t('notice.sip-password-unreadable', { file: param('file') });
    case 'sip-password-needed':
      return t('notice.sip-password-needed');
    case 'sip-password-not-sealed':
      return t('notice.sip-password-not-sealed');
    case 'keychain-unavailable':
      return t('notice.keychain-unavailable');
    case 'insecure-sip':
      return t('notice.insecure-sip', { url: param('url'), key: param('key') });
    default:
      return t('notice.unknown', { key: notice.key });
  }
}
