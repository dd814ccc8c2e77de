#!/usr/bin/env node
// `npm run policy:templates`: writes the policy's JSON Schema and the Windows ADMX/ADML templates
// from main/core/policy.ts (scripts/policy-templates-lib.ts). `--check` writes nothing and exits 1
// naming every file that differs from what the schema gives; `--out <dir>` writes or checks there.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { check: { type: 'boolean' }, out: { type: 'string' } } });
const out = path.resolve(values.out ?? root);

mkdirSync(path.join(root, '.tmp'), { recursive: true });
const libFile = path.join(root, '.tmp', `policy-templates-lib-${process.pid}.mjs`);
await esbuild.build({
  entryPoints: [path.join(root, 'scripts/policy-templates-lib.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  outfile: libFile,
  logLevel: 'error',
});
let files;
try {
  files = (await import(pathToFileURL(libFile).href)).policyTemplates();
} finally {
  rmSync(libFile, { force: true });
}

const drifted = [];
for (const [file, content] of Object.entries(files)) {
  const target = path.join(out, file);
  if (values.check) {
    if (!existsSync(target) || readFileSync(target, 'utf8') !== content) drifted.push(file);
  } else {
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
    console.log(`wrote ${file}`);
  }
}
if (drifted.length) {
  console.error(
    `out of date with main/core/policy.ts (run npm run policy:templates):\n${drifted.map((f) => `  ${f}`).join('\n')}`,
  );
  process.exit(1);
}
if (values.check) console.log('policy templates are up to date');
