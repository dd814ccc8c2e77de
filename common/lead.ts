// The team-lead console's half of the contract (Art. 10, 26): the records service's push stream
// as main forwards it. Events carry a kind and an id, never personal data; a view re-fetches what
// it shows through its own channel, with the signed-in person's permissions. Each room of the
// console (floor, alerts, complaints…) adds its channels in a file of its own beside this one.
import { DeskEvent } from './floor-api.js';

export const leadEvents = {
  /**
   * One event of the records service's stream (`GET /api/v1/events`), forwarded by main while
   * someone is signed in. `resync` (and main's own reconnect) means: re-fetch everything shown.
   */
  'records:event': DeskEvent,
} as const;
