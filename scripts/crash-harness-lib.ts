// What the crash harness (scripts/crash-harness.mjs) bundles: the journal as the app runs it, and
// the chain check from the shared format.
export { openJournalStore, readJournalSync } from '../main/core/journal/index.js';
export { verifyChain } from '../common/journal-chain.js';
