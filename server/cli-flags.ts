// Helpers shared by the records service's flag parsers (cli-args.ts, cli-sms.ts): the usage
// error the CLI prints with exit code 2, and the integer flag check.

export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

/** What node:util parseArgs gives back, by flag name. */
export type FlagValues = Record<string, string | boolean | string[] | undefined>;

export function integerFlag(
  raw: string | undefined,
  flag: string,
  min: number,
  max: number,
  fallback: number,
): number {
  if (raw === undefined) return fallback;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < min || Number(raw) > max)
    throw new CliUsageError(`${flag} must be an integer from ${min} to ${max} (got "${raw}")`);
  return Number(raw);
}
