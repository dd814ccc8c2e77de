// Turns zod issues into one clear line per problem, naming the path (style.md §3: bad input gets a
// clear error). Messages never echo the rejected value: it may be a password or an ID number.
import type { z } from 'zod';

/** `['customers', 3, 'nationalId']` → `customers[3].nationalId`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) =>
      typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key),
    '',
  );
}

export function formatIssues(error: z.ZodError): string[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((key) => `${formatPath([...issue.path, key])}: unknown key`);
    return [`${formatPath(issue.path) || '(root)'}: ${issue.message}`];
  });
}
