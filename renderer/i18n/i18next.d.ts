// Types every `t('…')` key in the renderer against the primary catalogue: a typo or a key missing
// from zh-CN.ts fails `tsc -p tsconfig.renderer.json`.
import 'i18next';
import type { Catalogue } from './zh-CN.js';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Catalogue };
  }
}
