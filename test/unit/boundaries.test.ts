// Proves each layer rule of architecture.md bites: a deliberately wrong import in each layer is
// an error for lint, and for the layer's tsconfig where the compiler can see it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax')
    .map((m) => m.message);
}

describe('layer boundaries (lint)', () => {
  const bites: [string, string, string, RegExp][] = [
    [
      'electron in common/',
      'common/probe.ts',
      "import { app } from 'electron';\nexport const a = app;",
      /electron may only/,
    ],
    [
      'electron in main/core/',
      'main/core/probe.ts',
      "import { app } from 'electron';\nexport const a = app;",
      /electron may only/,
    ],
    [
      'dynamic electron in main/core/',
      'main/core/probe.ts',
      "export const a = () => import('electron');",
      /electron may only/,
    ],
    [
      'electron in renderer/',
      'renderer/probe.ts',
      "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;",
      /electron may only/,
    ],
    [
      'electron in server/',
      'server/probe.ts',
      "import { app } from 'electron';\nexport const a = app;",
      /electron may only/,
    ],
    [
      'electron in the web host',
      'main/web-host/probe.ts',
      "import { app } from 'electron';\nexport const a = app;",
      /electron may only/,
    ],
    [
      'node:fs in renderer/',
      'renderer/probe.ts',
      "import fs from 'node:fs';\nexport const a = fs;",
      /no Node built-ins/,
    ],
    [
      'fs in renderer/',
      'renderer/probe.ts',
      "import fs from 'fs';\nexport const a = fs;",
      /no Node built-ins/,
    ],
    [
      'path in common/',
      'common/probe.ts',
      "import path from 'path';\nexport const a = path;",
      /no Node built-ins/,
    ],
    [
      'node:crypto in common/',
      'common/probe.ts',
      "import { randomUUID } from 'node:crypto';\nexport const a = randomUUID;",
      /no Node built-ins/,
    ],
    [
      'renderer/ importing main/',
      'renderer/probe.ts',
      "import { x } from '../main/core/app-core.js';\nexport const a = x;",
      /never by import/,
    ],
    [
      'renderer/ importing server/',
      'renderer/components/probe.ts',
      "import { x } from '../../server/app.js';\nexport const a = x;",
      /never by import/,
    ],
    [
      'server/ importing main/',
      'server/probe.ts',
      "import { x } from '../main/core/app-core.js';\nexport const a = x;",
      /never imports the desktop/,
    ],
    [
      'server/ importing renderer/',
      'server/probe.ts',
      "import { x } from '../renderer/App.js';\nexport const a = x;",
      /never imports the desktop/,
    ],
    [
      'common/ importing main/',
      'common/probe.ts',
      "import { x } from '../main/core/app-core.js';\nexport const a = x;",
      /bottom layer/,
    ],
  ];
  it.each(bites)('refuses %s', async (_name, file, code, message) => {
    const messages = await restrictedImports(file, code);
    expect(messages.join('\n')).toMatch(message);
  });

  const allowed: [string, string, string][] = [
    [
      'electron in the shell',
      'main/shell/index.ts',
      "import { app } from 'electron';\nexport const a = app;",
    ],
    [
      'electron in preload',
      'preload/index.ts',
      "import { contextBridge } from 'electron';\nexport const a = contextBridge;",
    ],
    [
      'node:fs in main/core',
      'main/core/probe.ts',
      "import fs from 'node:fs';\nexport const a = fs;",
    ],
    [
      'common/ from renderer/',
      'renderer/probe.ts',
      "import { TIERS } from '../common/domain.js';\nexport const a = TIERS;",
    ],
    [
      'server/ from the shell',
      'main/shell/probe.ts',
      "import { x } from '../../server/start.js';\nexport const a = x;",
    ],
  ];
  it.each(allowed)('allows %s', async (_name, file, code) => {
    expect(await restrictedImports(file, code)).toEqual([]);
  });
});

describe('layer boundaries (tsconfig)', () => {
  const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
  function typecheck(config: string, fixture: string): string {
    // Inside the repo (gitignored .tmp/) so `types: ["node"]` resolves from node_modules as it does
    // for the real config.
    mkdirSync(path.join(root, '.tmp'), { recursive: true });
    const dir = mkdtempSync(path.join(root, '.tmp', 'boundary-'));
    const probeConfig = path.join(dir, 'tsconfig.json');
    writeFileSync(
      probeConfig,
      JSON.stringify({
        extends: path.join(root, config),
        include: [],
        files: [path.join(root, 'test/fixtures/boundaries', fixture)],
      }),
    );
    try {
      execFileSync(process.execPath, [tsc, '-p', probeConfig], { encoding: 'utf8', stdio: 'pipe' });
      return '';
    } catch (error) {
      return String((error as { stdout?: string }).stdout ?? error);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  it('common/ cannot see Node built-ins', () => {
    expect(typecheck('tsconfig.common.json', 'common-imports-node.ts')).toMatch(/node:fs/);
  });
  it('main/core cannot import from electron', () => {
    expect(typecheck('tsconfig.core.json', 'core-imports-electron.ts')).toMatch(
      /has no exported member 'app'|Cannot find module/,
    );
  });
  it('the renderer has no Node globals', () => {
    expect(typecheck('tsconfig.renderer.json', 'renderer-uses-node-global.ts')).toMatch(
      /Cannot find name 'process'/,
    );
  });
});
