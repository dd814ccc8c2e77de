// A lead's console in a window of its own (a second monitor is normal for leads, Art. 26): the
// same app page with `?view=console`. These decisions (which URL, offered for which tier) are pure
// and unit-tested; the window itself is console-window-host.ts.
import type { Tier } from '../../common/domain.js';
import { mayApprove } from '../../common/policy/tiers.js';
import { APP_ENTRY_URL } from './app-protocol.js';

/** The page the console window loads: the app's entry with the console view asked for. */
export function consoleWindowUrl(entry: string = APP_ENTRY_URL): string {
  const url = new URL(entry);
  url.searchParams.set('view', 'console');
  return url.toString();
}

/** Offered only while a tier that approves (the console's tier) is signed in. */
export const offersConsoleWindow = (tier: Tier | null | undefined): boolean =>
  tier != null && mayApprove(tier);
