// The published policy files: the JSON Schema and ADMX/ADML templates are exactly what
// `npm run policy:templates` makes from main/core/policy.ts; the schema accepts the examples per
// OS, refuses bad policies, and agrees with the zod schema the app validates with.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManagedPolicy } from '../../main/core/policy.js';
import {
  filePolicySource,
  managedPreferencesPolicySource,
  registryPolicySource,
  type RegistryValue,
} from '../../main/core/policy-sources.js';
import { root } from './build-lock.js';

const require = createRequire(import.meta.url);
const Ajv2020 = require('ajv/dist/2020.js') as new (o: object) => {
  compile(schema: unknown): ((data: unknown) => boolean) & { errors?: unknown[] | null };
};
const addFormats = require('ajv-formats') as (ajv: unknown) => void;
const plist = require('plist') as { parse(xml: string): unknown };

const script = path.join(root, 'scripts/policy-templates.mjs');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const schema = JSON.parse(read('policy/agent-desk-policy.schema.json')) as {
  properties: Record<string, { description?: string }>;
};
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

/** The .reg example as the registry would hold it after import (strings and DWORDs only). */
function parseRegFile(text: string): Record<string, RegistryValue> {
  const values: Record<string, RegistryValue> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^"([^"]+)"=(?:"((?:[^"\\]|\\.)*)"|dword:([0-9a-f]{8}))$/.exec(line);
    if (!m) continue;
    values[m[1]!] =
      m[3] !== undefined
        ? { type: 'REG_DWORD', value: parseInt(m[3], 16) }
        : { type: 'REG_SZ', value: m[2]!.replace(/\\(.)/g, '$1') };
  }
  return values;
}

/** The mobileconfig's Agent Desk payload, as macOS presents it under the app's domain. */
function profilePayload(): Record<string, unknown> {
  const profile = plist.parse(read('policy/examples/com.agentdesk.desktop.mobileconfig')) as {
    PayloadContent: Record<string, unknown>[];
  };
  const payload = profile.PayloadContent.find((p) => p.PayloadType === 'com.agentdesk.desktop');
  return Object.fromEntries(
    Object.entries(payload ?? {}).filter(([key]) => !key.startsWith('Payload')),
  );
}

describe('policy templates and schema', () => {
  it('the committed files are what `npm run policy:templates` generates (--check)', () => {
    const run = spawnSync(process.execPath, [script, '--check'], { cwd: root, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('--check fails, naming the file, when a generated file drifts', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'agent-desk-policy-'));
    try {
      execFileSync(process.execPath, [script, '--out', out], { cwd: root });
      const adml = path.join(out, 'policy/windows/zh-CN/AgentDesk.adml');
      writeFileSync(adml, readFileSync(adml, 'utf8').replace('显示语言', '语言'));
      const run = spawnSync(process.execPath, [script, '--check', '--out', out], {
        cwd: root,
        encoding: 'utf8',
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('policy/windows/zh-CN/AgentDesk.adml');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('describes every key, and the ADMX has a policy and both ADMLs a title for each', () => {
    const admx = read('policy/windows/AgentDesk.admx');
    for (const key of Object.keys(ManagedPolicy.shape)) {
      expect(schema.properties[key]?.description, key).toMatch(/\w{3,}/);
      expect(admx).toContain(`<policy name="${key}"`);
      for (const lang of ['en-US', 'zh-CN'])
        expect(read(`policy/windows/${lang}/AgentDesk.adml`)).toContain(`<string id="${key}">`);
    }
    expect(admx).toContain('key="Software\\Policies\\AgentDesk\\AgentDesk"');
  });

  it('every string and presentation the ADMX names is defined in both ADMLs', () => {
    const admx = read('policy/windows/AgentDesk.admx');
    const refs = (kind: string) =>
      [...admx.matchAll(new RegExp(`\\$\\(${kind}\\.([^)]+)\\)`, 'g'))].map((m) => m[1]);
    for (const lang of ['en-US', 'zh-CN']) {
      const adml = read(`policy/windows/${lang}/AgentDesk.adml`);
      for (const id of refs('string'))
        expect(adml, `${lang}: string ${id}`).toContain(`<string id="${id}">`);
      for (const id of refs('presentation'))
        expect(adml, `${lang}: presentation ${id}`).toContain(`<presentation id="${id}">`);
    }
    expect(refs('string').length).toBeGreaterThan(30);
  });

  it('accepts the Linux, Windows and macOS examples, as the app reads them', async () => {
    const linux = JSON.parse(read('policy/examples/linux-policy.json')) as unknown;
    expect(validate(linux), JSON.stringify(validate.errors)).toBe(true);
    const fromFile = await filePolicySource(
      path.join(root, 'policy/examples/linux-policy.json'),
    ).load();
    expect(fromFile).toMatchObject({ found: true, unknownKeys: [] });

    const registry = parseRegFile(read('policy/examples/windows-policy.reg'));
    expect(Object.keys(registry).length).toBeGreaterThan(10);
    const fromRegistry = await registryPolicySource({ readValues: async () => registry }).load();
    expect(fromRegistry.unknownKeys).toEqual([]);
    expect(validate(fromRegistry.values), JSON.stringify(validate.errors)).toBe(true);

    const payload = profilePayload();
    const fromProfile = await managedPreferencesPolicySource({ read: async () => payload }).load();
    expect(fromProfile.unknownKeys).toEqual([]);
    expect(fromProfile.values).toMatchObject({ keepAliveSeconds: 30, demoMode: false });
    expect(validate(fromProfile.values), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each([
    ['a wrong type', { demoMode: 'yes' }],
    ['an unknown language', { language: 'fr' }],
    ['a records URL that is not http(s)', { recordsUrl: 'ftp://records.bank.example' }],
    ['a keep-alive out of range', { keepAliveSeconds: 1 }],
    ['a fractional wrap-up', { wrapUpSeconds: 1.5 }],
    [
      'a SIP account whose URL is not ws(s)',
      { sipAccount: { wsUrl: 'x', domain: 'd', user: 'u' } },
    ],
    ['a bad update channel', { updateChannel: 'Pilot!' }],
    ['an array', []],
  ])('refuses %s, as the app does', (_name, bad) => {
    expect(validate(bad)).toBe(false);
    expect(ManagedPolicy.safeParse(bad).success).toBe(false);
  });

  it('agrees with the app’s zod schema on good policies and on unknown keys', () => {
    for (const good of [
      {},
      { language: 'en', complaintHotline: null },
      { updateFeedUrl: 'http://10.0.0.5/feed', allowInsecureTransport: true },
      { futureKey: 1 },
    ]) {
      expect(validate(good), JSON.stringify(good)).toBe(true);
      expect(ManagedPolicy.safeParse(good).success, JSON.stringify(good)).toBe(true);
    }
  });
});
