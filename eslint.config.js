// Lint, and the layer boundaries of architecture.md enforced as errors (style.md §1): a wrong
// import fails `npm run lint` (and so `npm test`), not a review. test/unit/boundaries.test.ts
// proves every rule bites.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';

const nodeBuiltins = [
  ...builtinModules.filter((m) => !m.startsWith('_')),
  ...builtinModules.map((m) => `node:${m}`),
];

const noElectron = {
  name: 'electron',
  message:
    'electron may only be imported by the Electron shell (main/shell/) and preload/index.ts.',
};
const noNode = (where) =>
  nodeBuiltins.map((name) => ({ name, message: `${where} runs without Node: no Node built-ins.` }));
const relativeInto = (folders, message) => ({
  regex: `^\\.{1,2}/(?:.*/)?(?:${folders.join('|')})(?:/|$)`,
  message,
});
/** Dynamic import('electron') is the same breach as a static one. */
const noDynamicElectron = {
  selector: "ImportExpression[source.value='electron']",
  message: noElectron.message,
};

const layer = (files, { paths = [], patterns = [], syntax = [] }) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { paths, patterns }],
    ...(syntax.length ? { 'no-restricted-syntax': ['error', ...syntax] } : {}),
  },
});

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'test/fixtures/**',
      '.data/**',
      '.tmp/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  { files: ['renderer/**', 'preload/**'], languageOptions: { globals: { ...globals.browser } } },
  // The rules of hooks, and React's own lint of effects and purity, on every component and hook.
  { files: ['renderer/**/*.{ts,tsx}'], ...reactHooks.configs.flat['recommended-latest'] },

  // common/: runs everywhere (main, preload, renderer, server). Nothing below it.
  layer(['common/**'], {
    paths: [noElectron, ...noNode('common/')],
    patterns: [
      relativeInto(
        ['main', 'renderer', 'server', 'preload'],
        'common/ is the bottom layer: it imports nothing from the other layers.',
      ),
    ],
    syntax: [noDynamicElectron],
  }),
  // renderer/: the browser. Talks to main only through window.agentDesk (renderer/platform/).
  layer(['renderer/**'], {
    paths: [noElectron, ...noNode('renderer/')],
    patterns: [
      relativeInto(
        ['main', 'server', 'preload'],
        'renderer/ reaches main only through window.agentDesk (renderer/platform/), never by import.',
      ),
    ],
    syntax: [noDynamicElectron],
  }),
  // The web bridge runs in the page, like the renderer.
  layer(['preload/web-bridge.ts'], {
    paths: [noElectron, ...noNode('preload/web-bridge.ts')],
    patterns: [
      relativeInto(['main', 'server', 'renderer'], 'the web bridge is built from common/ only.'),
    ],
    syntax: [noDynamicElectron],
  }),
  // main/core/ and the web host: plain Node, testable without Electron.
  layer(['main/core/**', 'main/web-host/**'], {
    paths: [noElectron],
    patterns: [
      relativeInto(
        ['renderer', 'preload'],
        'main/core is plain Node; it does not import the renderer or preload.',
      ),
    ],
    syntax: [noDynamicElectron],
  }),
  // server/: the records service never depends on the desktop.
  layer(['server/**'], {
    paths: [noElectron],
    patterns: [
      relativeInto(
        ['main', 'renderer', 'preload'],
        'server/ (records service) never imports the desktop app.',
      ),
    ],
    syntax: [noDynamicElectron],
  }),
  // Formatting is Prettier's (`prettier --check` runs in `npm run lint`); the style rules that
  // would fight it are off. Comments wrap by hand, so their width is checked here.
  prettier,
  {
    rules: {
      'max-len': [
        'error',
        {
          code: 100,
          ignoreStrings: true,
          ignoreTemplateLiterals: true,
          ignoreRegExpLiterals: true,
          ignoreUrls: true,
        },
      ],
    },
  },
);
