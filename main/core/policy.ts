// Managed policy: a system-wide JSON file that IT deploys to lock settings on every workstation.
// Each key present fixes the matching setting; the agent sees it read-only and cannot change it.
// An unreadable or invalid policy stops the app with a clear message instead of silently running
// unlocked (Art. 10: nobody acts beyond what IT allowed); unknown keys only warn, so a policy
// written for a newer version does not brick an older one.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { Language } from '../../common/domain.js';
import { shortcutSetProblems } from '../../common/shortcuts.js';
import { DtmfMode, IceServer, PhoneConfig, SipAccount, Shortcuts } from '../../common/phone.js';
import { TrainingId } from '../../common/training.js';
import { VerifyConfig } from '../../common/verify.js';
import { describeIssues } from './dispatcher.js';

export const ManagedPolicy = z.object({
  language: Language.optional(),
  recordsUrl: z.url({ protocol: /^https?$/ }).optional(),
  // The softphone: the bank's PBX account and media servers, and how the phone behaves.
  // Each key present fixes that setting on the workstation (web-host flags cannot override it).
  sipAccount: SipAccount.optional(),
  iceServers: z.array(IceServer).max(10).optional(),
  trustedProxies: PhoneConfig.shape.trustedProxies.optional(),
  dtmfMode: DtmfMode.optional(),
  keepAliveSeconds: PhoneConfig.shape.keepAliveSeconds.optional(),
  wrapUpSeconds: PhoneConfig.shape.wrapUpSeconds.optional(),
  shortcuts: Shortcuts.refine(
    (set) => Object.keys(shortcutSetProblems(set)).length === 0,
    'a shortcut is malformed, reserved, lacks Ctrl/Alt/Meta, or is used twice',
  ).optional(),
  // The verification panel: the greeting's names (Art. 4) and the complaint hotline (Art. 16; the
  // response deadline is the records service's, so a policy naming one gets the unknown-key note).
  companyName: VerifyConfig.shape.companyName.optional(),
  departmentName: VerifyConfig.shape.departmentName.optional(),
  complaintHotline: VerifyConfig.shape.complaintHotline.optional(),
  // Art. 9: a course (its id in the training catalog) the agent must pass before the live line
  // starts; the training line works meanwhile (main/core/training.ts).
  requireTrainingCourse: TrainingId.optional(),
  // Issue 16 (IT). Updates: the bank's own feed (electron-updater generic provider) and channel;
  // no feed = the app never looks for updates (main/core/update-gate.ts).
  updateFeedUrl: z.url({ protocol: /^https?$/ }).optional(),
  updateChannel: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,31}$/, 'a channel is lower-case letters, digits and dashes')
    .optional(),
  // Art. 15: records URLs must be https: and SIP wss: unless the host is loopback; this key lets
  // IT allow plain http:/ws: on a closed network it vouches for.
  allowInsecureTransport: z.boolean().optional(),
  // A packaged app never starts the embedded demo records service unless this is true (and then
  // says so on screen); run from a checkout the embedded demo is the default.
  demoMode: z.boolean().optional(),
});
export type ManagedPolicy = z.infer<typeof ManagedPolicy>;
export const POLICY_KEYS = Object.keys(ManagedPolicy.shape) as (keyof ManagedPolicy)[];

export class PolicyError extends Error {
  override name = 'PolicyError';
}

export interface LoadedPolicy {
  path: string;
  found: boolean;
  values: ManagedPolicy;
  /** Keys this version does not know; reported, not applied. */
  unknownKeys: string[];
}

/**
 * Where IT puts the policy on each OS. `AGENT_DESK_POLICY` overrides (for tests and odd installs).
 * - Windows: %ProgramData%\AgentDesk\policy.json
 * - macOS:   /Library/Application Support/AgentDesk/policy.json
 * - Linux:   /etc/agent-desk/policy.json
 */
export function defaultPolicyPath(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string {
  if (env.AGENT_DESK_POLICY) return env.AGENT_DESK_POLICY;
  if (platform === 'win32')
    return path.win32.join(env.ProgramData ?? 'C:\\ProgramData', 'AgentDesk', 'policy.json');
  if (platform === 'darwin') return '/Library/Application Support/AgentDesk/policy.json';
  return '/etc/agent-desk/policy.json';
}

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
  const parsed = ManagedPolicy.safeParse(raw);
  if (!parsed.success) {
    throw new PolicyError(
      `managed policy ${file} is invalid: ${describeIssues(parsed.error.issues)}`,
    );
  }
  const unknownKeys = Object.keys(raw).filter((key) => !(POLICY_KEYS as string[]).includes(key));
  return { path: file, found: true, values: parsed.data, unknownKeys };
}
