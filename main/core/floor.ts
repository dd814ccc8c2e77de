// The console's floor and queues rooms in main (Art. 10, 26): reads the live floor, one agent and
// today's queue figures from the records service with the lead's token, and passes a lead's
// not-ready order on, journaled with who and why. The service refuses other tiers (403).
import type { ParsedRequestOf, ResponseOf } from '../../common/contract.js';
import type { AgentProfile } from '../../common/domain.js';
import { AppError } from '../../common/result.js';
import type { Journal } from './journal/index.js';
import type { RecordsClient } from './records-client.js';

type FloorChannel = 'floor:get' | 'floor:agent' | 'floor:set-not-ready' | 'queues:today';

export interface FloorServiceOptions {
  records: Pick<RecordsClient, 'readFloor' | 'readFloorAgent' | 'orderNotReady' | 'queuesToday'>;
  journal: Pick<Journal, 'append'>;
  session: () => { token: string; agent: AgentProfile } | null;
}

export function floorHandlers(options: FloorServiceOptions): {
  [C in FloorChannel]: (request: ParsedRequestOf<C>) => Promise<ResponseOf<C>>;
} {
  const { records, journal } = options;
  const signedIn = () => {
    const current = options.session();
    if (!current) throw new AppError('unauthorized', 'sign in first');
    return current;
  };
  return {
    'floor:get': async ({ team }) => records.readFloor(signedIn().token, team),
    'floor:agent': async ({ username }) => records.readFloorAgent(signedIn().token, username),
    'floor:set-not-ready': async ({ username, reason }) => {
      const { token, agent } = signedIn();
      const presence = await records.orderNotReady(token, username, reason);
      // Art. 10: who ordered whom not ready, and why, in the lead's own journal too.
      await journal.append(
        'floor.not-ready-ordered',
        { lead: agent.username, agent: username, reason, orderId: presence.orderId },
        { agent: agent.username },
      );
      return presence;
    },
    'queues:today': async ({ team }) => records.queuesToday(signedIn().token, team),
  };
}
