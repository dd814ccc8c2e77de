// The two catalogues stay in step: same keys, nothing empty, same placeholders, every tier and
// error code translated, and nothing left in English in the Chinese catalogue by copy-paste.
import { describe, expect, it } from 'vitest';
import { TIERS } from '../../../../common/domain.js';
import { ERROR_CODES } from '../../../../common/result.js';
import { en } from '../../../../renderer/i18n/en.js';
import { createI18n, errorKey, noticeText } from '../../../../renderer/i18n/index.js';
import { zhCN } from '../../../../renderer/i18n/zh-CN.js';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'object' && value !== null)
      for (const [k, v] of flatten(value, path)) out.set(k, v);
    else out.set(path, value);
  }
  return out;
}

const zh = flatten(zhCN);
const english = flatten(en);
const placeholders = (text: unknown) =>
  [...String(text).matchAll(/\{\{\s*([\w-]+)\s*\}\}/g)].map((m) => m[1]).sort();

/**
 * Values that are the same in both languages on purpose: the brand, and languages named in their
 * own tongue.
 */
const SAME_IN_BOTH = new Set(['app.name', 'language.names.zh-CN', 'language.names.en']);

describe('i18n catalogues', () => {
  it('have exactly the same keys', () => {
    expect([...english.keys()].sort()).toEqual([...zh.keys()].sort());
  });

  it.each([
    ['zh-CN', zh],
    ['en', english],
  ])('%s has a non-empty string for every key', (_language, catalogue) => {
    for (const [key, value] of catalogue) {
      expect(typeof value, key).toBe('string');
      expect(String(value).trim(), key).not.toBe('');
    }
  });

  it('use the same placeholders for each key', () => {
    for (const [key, value] of zh)
      expect(placeholders(english.get(key)), key).toEqual(placeholders(value));
  });

  it('translate every tier (Art. 10) and every contract error code', () => {
    for (const tier of TIERS) {
      expect(zh.has(`tier.${tier}`), tier).toBe(true);
      expect(english.has(`tier.${tier}`), tier).toBe(true);
    }
    for (const code of ERROR_CODES) expect(zh.has(`error.${code}`), code).toBe(true);
    expect(zh.has('error.default')).toBe(true);
  });

  it('has the tier names agents expect', () => {
    expect(zhCN.tier).toEqual({ agent: '坐席', senior: '高级坐席', lead: '组长', admin: '管理员' });
  });

  it('has Chinese, not English left over, in every zh-CN value except the brand', () => {
    for (const [key, value] of zh) {
      if (SAME_IN_BOTH.has(key)) continue;
      expect(String(value), key).toMatch(/[\u4e00-\u9fff]/);
      expect(value, key).not.toBe(english.get(key));
    }
  });
});

describe('i18n runtime', () => {
  it('starts in Simplified Chinese and switches to English', async () => {
    const i18n = createI18n();
    expect(i18n.language).toBe('zh-CN');
    expect(i18n.t('signIn.submit')).toBe('登录');
    await i18n.changeLanguage('en');
    expect(i18n.t('signIn.submit')).toBe('Sign in');
  });

  it('maps error codes to friendly text, and unknown codes to the default', () => {
    const t = createI18n('zh-CN').t;
    expect(t(errorKey('invalid-credentials'))).toBe(zhCN.error['invalid-credentials']);
    expect(t(errorKey('unavailable'))).toContain('记录服务暂时无法连接');
    expect(errorKey('something-from-a-newer-host')).toBe('error.default');
  });

  it('translates notices with their parameters, and still shows an unknown one', () => {
    const t = createI18n('en').t;
    expect(
      noticeText(t, {
        id: 'a',
        level: 'warning',
        key: 'settings-corrupt',
        params: { backup: '/data/settings.json.corrupt-1' },
      }),
    ).toContain('/data/settings.json.corrupt-1');
    expect(
      noticeText(t, {
        id: 'b',
        level: 'warning',
        key: 'policy-unknown-keys',
        params: { keys: 'theme, colour' },
      }),
    ).toContain('theme, colour');
    expect(
      noticeText(t, { id: 'c', level: 'info', key: 'brand-new-notice', params: {} }),
    ).toContain('brand-new-notice');
    const zh = createI18n('zh-CN').t;
    expect(
      noticeText(zh, {
        id: 'd',
        level: 'warning',
        key: 'journal-recovered',
        params: { kind: 'chain-broken' },
      }),
    ).toMatch(/日志.*chain-broken/);
  });

  it('says the phone account needs its password, or was refused for plain ws:, in both languages', () => {
    for (const language of ['zh-CN', 'en'] as const) {
      const t = createI18n(language).t;
      const unreadable = noticeText(t, {
        id: 'sip-password-unreadable',
        level: 'warning',
        key: 'sip-password-unreadable',
        params: { file: '/data/sip-password.sealed' },
      });
      expect(unreadable).toContain('/data/sip-password.sealed');
      expect(unreadable).toMatch(language === 'en' ? /needs its password/ : /需要密码/);
      const needed = noticeText(t, {
        id: 'sip-password-needed',
        level: 'warning',
        key: 'sip-password-needed',
        params: {},
      });
      expect(needed).toMatch(language === 'en' ? /needs its password/ : /需要密码/);
      for (const key of ['sip-password-not-sealed', 'keychain-unavailable']) {
        const text = noticeText(t, { id: key, level: 'warning', key, params: {} });
        expect(text).not.toMatch(/System notice|系统通知/);
        expect(text).toMatch(language === 'en' ? /keychain|sealed/ : /钥匙串|封存/);
      }
      const insecure = noticeText(t, {
        id: 'insecure-sip',
        level: 'error',
        key: 'insecure-sip',
        params: { url: 'ws://10.0.0.9/ws', key: 'allowInsecureTransport' },
      });
      expect(insecure).toContain('ws://10.0.0.9/ws');
      expect(insecure).toContain('allowInsecureTransport');
    }
  });

  it('does not HTML-escape values (React escapes what it renders)', () => {
    const t = createI18n('en').t;
    expect(
      noticeText(t, {
        id: 'a',
        level: 'warning',
        key: 'policy-unknown-keys',
        params: { keys: 'a&b' },
      }),
    ).toContain('a&b');
  });
});
