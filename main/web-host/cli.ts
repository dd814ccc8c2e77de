// `npm run web`: the web host from the command line — flags, or a `--config` JSON file with the
// same keys (flags win); parseWebHostArgs lists them. The four `--sip-*` come together or not at
// all, and the managed policy's account wins over them. The embedded demo records service starts
// only with --demo (`npm run web` passes it): a deployed host with a forgotten --records stops.
// Prints `listening: <url-with-token>` on a line of its own once it serves.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Conf from 'conf';
import { z } from 'zod';
import { SipAccount } from '../../common/phone.js';
import { bootstrap } from '../core/bootstrap.js';
import { createDeskLogger } from '../core/desk-log.js';
import { describeIssues } from '../core/dispatcher.js';
import { PolicyError } from '../core/policy.js';
import { NoRecordsServiceError } from '../core/secure-config.js';
import { osPolicyReaders } from '../core/policy-os-readers.js';
import { filePolicySource, osPolicySource } from '../core/policy-sources.js';
import { SETTINGS_JSON_SCHEMA } from '../core/settings.js';
import { startWebHost } from './server.js';

declare const __APP_VERSION__: string;

const SIP_KEYS = ['sipWs', 'sipDomain', 'sipUser', 'sipPassword'] as const;
const SIP_FLAGS = {
  sipWs: '--sip-ws',
  sipDomain: '--sip-domain',
  sipUser: '--sip-user',
  sipPassword: '--sip-password',
} as const;

export const WebHostConfig = z
  .object({
    port: z.coerce.number().int().min(0).max(65535).default(8788),
    host: z.string().min(1).default('127.0.0.1'),
    dataDir: z.string().min(1).default('./.data/web'),
    records: z.url({ protocol: /^https?$/ }).optional(),
    recordsSmsOutbox: z.string().min(1).optional(),
    policy: z.string().min(1).optional(),
    allowRemote: z.boolean().default(false),
    behindTlsProxy: z.boolean().default(false),
    demo: z.boolean().default(false),
    sipWs: SipAccount.shape.wsUrl.optional(),
    sipDomain: SipAccount.shape.domain.optional(),
    sipUser: SipAccount.shape.user.optional(),
    sipPassword: SipAccount.shape.password.optional(),
  })
  .strict()
  .superRefine((config, ctx) => {
    const given = SIP_KEYS.filter((key) => config[key] !== undefined);
    if (given.length > 0 && given.length < SIP_KEYS.length) {
      const missing = SIP_KEYS.filter((key) => config[key] === undefined).map(
        (key) => SIP_FLAGS[key],
      );
      ctx.addIssue({
        code: 'custom',
        path: ['sip'],
        message: `a SIP account needs all of --sip-ws, --sip-domain, --sip-user, --sip-password; missing ${missing.join(', ')}`,
      });
    }
  });
export type WebHostConfig = z.infer<typeof WebHostConfig>;

/** The account the flags describe, or undefined when none was given. */
export function sipAccountOf(config: WebHostConfig): SipAccount | undefined {
  if (!config.sipWs || !config.sipDomain || !config.sipUser || !config.sipPassword)
    return undefined;
  return {
    wsUrl: config.sipWs,
    domain: config.sipDomain,
    user: config.sipUser,
    password: config.sipPassword,
  };
}

/**
 * Where the embedded demo records service writes one-time passcodes, so OTP works without a real
 * SMS gateway (Art. 7; the e2e customer reads its passcode there): the flag, else
 * `<dataDir>/sms-outbox.jsonl`. The file holds passcodes: it is created 0600 (server/sms.ts).
 */
export function embeddedSmsOutboxPath(
  config: Pick<WebHostConfig, 'recordsSmsOutbox'>,
  dataDir: string,
): string {
  return path.resolve(config.recordsSmsOutbox ?? path.join(dataDir, 'sms-outbox.jsonl'));
}

/**
 * The command line (README.md "Web host"):
 *   --port <n>        0 = any free port (the listening: line tells which); default 8788
 *   --host <addr>     default 127.0.0.1; anything not loopback also needs --allow-remote
 *   --allow-remote    allow listening beyond loopback (thin clients on a LAN), and then only with
 *                     --behind-tls-proxy or the policy's allowInsecureTransport (Art. 15)
 *   --behind-tls-proxy  a TLS-terminating proxy serves the page as https:// in front of this host
 *   --data-dir <dir>  settings, journal and (embedded) records data; default ./.data/web
 *   --records <url>   records service
 *   --demo            without --records, start the embedded demo records service (PGlite, demo
 *                     seed; `npm run web` passes it); without both the host refuses to start
 *   --records-sms-outbox <file>  where the embedded service writes one-time passcodes (JSON lines);
 *                     default <data-dir>/sms-outbox.jsonl; ignored (with a warning) with --records
 *   --policy <file>   managed policy file; default the OS's place (main/core/policy-sources.ts)
 *   --sip-ws <url>        the softphone's SIP WebSocket (ws:// or wss://)
 *   --sip-domain <name>   its SIP domain (digest realm)
 *   --sip-user <user>     the agent's SIP user
 *   --sip-password <pw>   its password — prefer the config file's sipPassword: a command line
 *                         is visible to every user of the machine (ps). All four or none; the
 *                         managed policy's sipAccount, when set, wins over them. A value
 *                         that starts with "-" is written --sip-password=-…
 *   --config <file>   a JSON file with the same keys (port, host, dataDir, records,
 *                     recordsSmsOutbox, policy, allowRemote, behindTlsProxy, demo, sipWs,
 *                     sipDomain, sipUser, sipPassword); flags given on the command line win
 */
export function parseWebHostArgs(argv: string[]): WebHostConfig {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      records: { type: 'string' },
      'records-sms-outbox': { type: 'string' },
      policy: { type: 'string' },
      config: { type: 'string' },
      'allow-remote': { type: 'boolean' },
      'behind-tls-proxy': { type: 'boolean' },
      demo: { type: 'boolean' },
      'sip-ws': { type: 'string' },
      'sip-domain': { type: 'string' },
      'sip-user': { type: 'string' },
      'sip-password': { type: 'string' },
    },
  });
  let fromFile: Record<string, unknown> = {};
  if (values.config) {
    try {
      fromFile = JSON.parse(readFileSync(values.config, 'utf8'));
    } catch (error) {
      throw new Error(`--config ${values.config}: ${(error as Error).message}`);
    }
  }
  const merged = {
    ...fromFile,
    ...(values.port !== undefined && { port: values.port }),
    ...(values.host !== undefined && { host: values.host }),
    ...(values['data-dir'] !== undefined && { dataDir: values['data-dir'] }),
    ...(values.records !== undefined && { records: values.records }),
    ...(values['records-sms-outbox'] !== undefined && {
      recordsSmsOutbox: values['records-sms-outbox'],
    }),
    ...(values.policy !== undefined && { policy: values.policy }),
    ...(values['allow-remote'] !== undefined && { allowRemote: values['allow-remote'] }),
    ...(values['behind-tls-proxy'] !== undefined && {
      behindTlsProxy: values['behind-tls-proxy'],
    }),
    ...(values.demo !== undefined && { demo: values.demo }),
    ...(values['sip-ws'] !== undefined && { sipWs: values['sip-ws'] }),
    ...(values['sip-domain'] !== undefined && { sipDomain: values['sip-domain'] }),
    ...(values['sip-user'] !== undefined && { sipUser: values['sip-user'] }),
    ...(values['sip-password'] !== undefined && { sipPassword: values['sip-password'] }),
  };
  const parsed = WebHostConfig.safeParse(merged);
  if (!parsed.success) throw new Error(describeIssues(parsed.error.issues));
  return parsed.data;
}

async function main(): Promise<void> {
  let config: WebHostConfig;
  try {
    config = parseWebHostArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`agent-desk web: ${(error as Error).message}\n`);
    process.exit(2);
  }
  const dataDir = path.resolve(config.dataDir);
  // stderr and <data-dir>/logs/desk.log, redacted (core/desk-log.ts).
  const logger = createDeskLogger({
    name: 'web-host',
    level: process.env.LOG_LEVEL ?? 'info',
    dataDir,
  });
  const here = path.dirname(fileURLToPath(import.meta.url));
  if (config.records && config.recordsSmsOutbox)
    logger.warn(
      '--records-sms-outbox only applies to the embedded records service; ignored with --records',
    );
  let booted;
  try {
    booted = await bootstrap({
      host: 'web',
      version: __APP_VERSION__,
      dataDir,
      policySource: config.policy
        ? filePolicySource(config.policy)
        : osPolicySource(process.platform, process.env, osPolicyReaders),
      settingsFile: path.join(dataDir, 'settings.json'),
      createSettingsStore: () =>
        new Conf({
          cwd: dataDir,
          configName: 'settings',
          schema: SETTINGS_JSON_SCHEMA as never,
          clearInvalidConfig: false,
        }) as never,
      recordsUrl: config.records,
      // Never implied: the demo runs only when asked for (--demo, or the policy's demoMode), so a
      // deployed host missing its --records stops instead of serving synthetic customers.
      packaged: true,
      demoSwitch: config.demo,
      sipAccount: sipAccountOf(config),
      startEmbeddedRecords: async (dir) => {
        const [{ startRecordsService }, { createFileOutbox }] = await Promise.all([
          import('../../server/start.js'),
          import('../../server/sms.js'),
        ]);
        const outbox = embeddedSmsOutboxPath(config, dir);
        logger.info(
          { outbox },
          'embedded records service: one-time passcodes go to the SMS outbox file',
        );
        return startRecordsService({
          port: 0,
          // The embedded service is the demo by definition: synthetic customers, dev pepper.
          demo: true,
          dataDir: path.join(dir, 'records'),
          seedFile: path.resolve(here, '../../server/seed/demo-seed.json'),
          sms: createFileOutbox(outbox),
        });
      },
      logger,
    });
  } catch (error) {
    const hint =
      error instanceof NoRecordsServiceError
        ? '; or give --records <url>, or --demo for the embedded demo records service'
        : '';
    process.stderr.write(`agent-desk web: ${(error as Error).message}${hint}\n`);
    process.exit(error instanceof PolicyError ? 3 : 1);
  }
  const host = await startWebHost({
    core: booted.core,
    staticDir: path.resolve(here, '../renderer'),
    host: config.host,
    port: config.port,
    allowRemote: config.allowRemote,
    behindTlsProxy: config.behindTlsProxy,
    allowInsecureTransport: booted.policy.values.allowInsecureTransport === true,
    logger,
  }).catch(async (error: Error) => {
    process.stderr.write(`agent-desk web: ${error.message}\n`);
    await booted.close();
    process.exit(2);
  });
  // Handlers before the announcement: a caller may stop the host as soon as it reads the line.
  const stop = async () => {
    await host.close();
    await booted.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.stdout.write(`listening: ${host.launchUrl}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1]))
  void main();
