// Environment overrides, honoured only in development builds (`!app.isPackaged`): in an installed
// build IT decides through the managed policy (Art. 10), and an agent must never escape a locked
// setting or point the desk at another records service by setting a variable.
import { app } from 'electron';

/**
 * The variable's value in a development build, else undefined. The variables:
 *   AGENT_DESK_RECORDS_URL  records service base URL (skips the embedded one); policy still wins
 *   AGENT_DESK_POLICY       managed policy file instead of the OS location (main/core/policy.ts)
 *   AGENT_DESK_USER_DATA    data directory instead of Electron's userData (isolated test runs)
 *   LOG_LEVEL               pino level, default info (read in every build)
 */
export const devEnv = (name: string): string | undefined =>
  app.isPackaged ? undefined : process.env[name] || undefined;

export function recordsUrlOverride(): string | undefined {
  const value = devEnv('AGENT_DESK_RECORDS_URL');
  if (value === undefined) return undefined;
  let parsed: URL | null = null;
  try {
    parsed = new URL(value);
  } catch {
    parsed = null;
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new Error(`AGENT_DESK_RECORDS_URL is not an http(s) URL: ${value.slice(0, 200)}`);
  }
  return value;
}
