// Managed policy: the settings IT locks on every workstation, one schema for every OS source
// (Windows registry, macOS configuration profile, Linux JSON file; main/core/policy-sources.ts).
// Each key present fixes the matching setting; the agent sees it read-only. An unreadable or
// invalid policy stops the app with a clear message instead of running unlocked (Art. 10); unknown
// keys only warn, so a policy written for a newer version does not brick an older one.
// The published JSON Schema (policy/agent-desk-policy.schema.json) is generated from this one.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { Language } from '../../common/domain.js';
import { shortcutSetProblems } from '../../common/shortcuts.js';
import { DtmfMode, IceServer, PhoneConfig, SipAccount, Shortcuts } from '../../common/phone.js';
import { TrainingId } from '../../common/training.js';
import { VerifyConfig } from '../../common/verify.js';
import { describeIssues } from './dispatcher.js';

// http(s) only; the pattern also puts the rule into the published JSON Schema.
const HttpUrl = z.url({ protocol: /^https?$/ }).regex(/^https?:\/\//i, 'must be an http(s): URL');

export const ManagedPolicy = z.object({
  language: Language.optional().describe('Display language of the desk: "zh-CN" or "en".'),
  recordsUrl: HttpUrl.optional().describe(
    'Base URL of the records service, e.g. https://records.bank.example. Must be https: unless the host is loopback or allowInsecureTransport is true.',
  ),
  // The softphone: the bank's PBX account and media servers, and how the phone behaves.
  // Each key present fixes that setting on the workstation (web-host flags cannot override it).
  // Never its password: every user of the workstation (and every domain user, for a GPO) can read
  // a policy; the password goes in settings.json, sealed at start (core/sip-password.ts, Art. 15).
  sipAccount: SipAccount.omit({ password: true })
    .optional()
    .describe(
      'The SIP account of the softphone, without its password: {"wsUrl":"wss://…","domain":"…","user":"…","displayName":"…"}. The password is provisioned in the desk\'s settings.json, where it is sealed at start; a policy holding one is refused.',
    ),
  iceServers: z
    .array(IceServer)
    .max(10)
    .optional()
    .describe(
      'STUN/TURN servers for call media: [{"urls":"turns:turn.bank.example:443","username":"…","credential":"…"}].',
    ),
  trustedProxies: PhoneConfig.shape.trustedProxies
    .optional()
    .describe('Host names of the SIP proxies whose caller-ID headers the desk trusts.'),
  dtmfMode: DtmfMode.optional().describe(
    'How key presses are sent on a call: "rfc4733" or "info".',
  ),
  keepAliveSeconds: PhoneConfig.shape.keepAliveSeconds
    .optional()
    .describe('Seconds between keep-alives on the SIP connection (5–300).'),
  wrapUpSeconds: PhoneConfig.shape.wrapUpSeconds
    .optional()
    .describe('Seconds of after-call work before the agent is offered calls again (0–3600).'),
  shortcuts: Shortcuts.refine(
    (set) => Object.keys(shortcutSetProblems(set)).length === 0,
    'a shortcut is malformed, reserved, lacks Ctrl/Alt/Meta, or is used twice',
  )
    .optional()
    .describe(
      'Keyboard shortcuts: {"answer":"Ctrl+Alt+A","hangup":"…","hold":"…","mute":"…"} ("" for none).',
    ),
  // The verification panel: the greeting's names (Art. 4) and the complaint hotline (Art. 16; the
  // response deadline is the records service's, so a policy naming one gets the unknown-key note).
  companyName: VerifyConfig.shape.companyName
    .optional()
    .describe("The bank's name as the agent says it in the greeting."),
  departmentName: VerifyConfig.shape.departmentName
    .optional()
    .describe("The department's name as the agent says it in the greeting."),
  complaintHotline: VerifyConfig.shape.complaintHotline
    .optional()
    .describe('The complaint hotline read to callers, e.g. "+86 21 5555 0100".'),
  // Art. 9: a course (its id in the training catalog) the agent must pass before the live line
  // starts; the training line works meanwhile (main/core/training.ts).
  requireTrainingCourse: TrainingId.optional().describe(
    'Id of the training course an agent must pass before taking live calls, e.g. "basic-verification".',
  ),
  // Updates: the bank's own feed (electron-updater generic provider) and channel; no feed = the
  // app never looks for updates.
  updateFeedUrl: HttpUrl.optional().describe(
    "URL of the bank's update feed (electron-updater generic provider). Without it the desk never looks for updates.",
  ),
  updateChannel: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,31}$/, 'a channel is lower-case letters, digits and dashes')
    .optional()
    .describe('Update channel, e.g. "latest" or "pilot" (lower-case letters, digits, dashes).'),
  // Art. 15: records URLs must be https: and SIP wss: unless the host is loopback; this key lets
  // IT allow plain http:/ws: on a closed network it vouches for.
  allowInsecureTransport: z
    .boolean()
    .optional()
    .describe(
      'Allow http: records and ws: SIP URLs to hosts other than loopback (closed networks only).',
    ),
  // A packaged app never starts the embedded demo records service unless this is true (and then
  // says so on screen); run from a checkout the embedded demo is the default.
  demoMode: z
    .boolean()
    .optional()
    .describe(
      'Start the embedded demonstration records service when no records URL is set (training rooms only).',
    ),
});
export type ManagedPolicy = z.infer<typeof ManagedPolicy>;
export const POLICY_KEYS = Object.keys(ManagedPolicy.shape) as (keyof ManagedPolicy)[];

export class PolicyError extends Error {
  override name = 'PolicyError';
}

/** Why a SIP password in the policy is refused (a policy is readable by every user). */
export const POLICY_SIP_PASSWORD_REFUSED =
  'a SIP password must not be in the managed policy (every user of the workstation can read it): ' +
  'remove "password" from sipAccount and provision it in the desk\'s settings.json, where it is ' +
  'sealed at start';

export interface LoadedPolicy {
  path: string;
  found: boolean;
  values: ManagedPolicy;
  /** Keys this version does not know; reported, not applied. */
  unknownKeys: string[];
}

/**
 * Checks a policy read from any source. `where` names one key's place in that source (a registry
 * value, a profile key, the file) so an error tells IT exactly what to fix.
 */
export function validatePolicy(
  source: string,
  raw: Record<string, unknown>,
  where: (key: string, inner: string[]) => string = (key, inner) => [key, ...inner].join('.'),
): LoadedPolicy {
  const account = raw.sipAccount;
  if (typeof account === 'object' && account !== null && 'password' in account)
    throw new PolicyError(
      `managed policy ${source} is invalid: ${where('sipAccount', ['password'])}: ${POLICY_SIP_PASSWORD_REFUSED}`,
    );
  const parsed = ManagedPolicy.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((issue) => {
      const [key, ...inner] = issue.path.map(String);
      return key === undefined ? describeIssues([issue]) : `${where(key, inner)}: ${issue.message}`;
    });
    throw new PolicyError(`managed policy ${source} is invalid: ${issues.join('; ')}`);
  }
  const unknownKeys = Object.keys(raw).filter((key) => !(POLICY_KEYS as string[]).includes(key));
  return { path: source, found: true, values: parsed.data, unknownKeys };
}

/** The policy as a JSON file: Linux's /etc/agent-desk/policy.json, or AGENT_DESK_POLICY. */
export async function loadPolicy(file: string): Promise<LoadedPolicy> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { path: file, found: false, values: {}, unknownKeys: [] };
    throw new PolicyError(`managed policy ${file} cannot be read: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new PolicyError(`managed policy ${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new PolicyError(`managed policy ${file} must be a JSON object`);
  }
  return validatePolicy(file, raw as Record<string, unknown>);
}

/** How a key is written where only flat values exist (registry, profile): see policy-sources.ts. */
export type PolicyValueKind = 'string' | 'boolean' | 'integer' | 'json';

/** The published JSON Schema (draft 2020-12) of the policy, generated from ManagedPolicy. */
export function policyJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ManagedPolicy, { io: 'input', unrepresentable: 'throw' }) as Record<
    string,
    unknown
  >;
}

let kindsCache: Record<keyof ManagedPolicy, PolicyValueKind> | undefined;

export function policyValueKinds(): Record<keyof ManagedPolicy, PolicyValueKind> {
  if (kindsCache) return kindsCache;
  const properties = policyJsonSchema().properties as Record<string, { type?: string }>;
  const kinds = {} as Record<keyof ManagedPolicy, PolicyValueKind>;
  for (const key of POLICY_KEYS) {
    const type = properties[key]?.type;
    kinds[key] =
      type === 'boolean'
        ? 'boolean'
        : type === 'integer'
          ? 'integer'
          : type === 'object' || type === 'array'
            ? 'json'
            : 'string';
  }
  kindsCache = kinds;
  return kinds;
}
