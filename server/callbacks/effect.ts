// A `callback.requested` journal entry puts the customer in the call-back queue (Art. 12 outage
// procedure): one open call-back per entry, written in the entry's transaction, so a replayed
// entry never queues the customer twice. Masked reference only (Art. 11).
import { CallbackRequestedData } from '../../common/journal-chain.js';
import type { EntryEffect } from '../journal-archive/effects.js';
import { insertCallback } from './repository.js';

export const callbackRequested: EntryEffect<CallbackRequestedData> = {
  data: CallbackRequestedData,
  async apply({ tx, entry, now }, data) {
    await insertCallback(tx, { entry, data, now });
  },
};
