// The desk's journal (Art. 11, 12, 25), its one entry point: segmented files written durably, a
// per-device hash chain (common/journal-chain.ts), personal fields encrypted at rest, one writer,
// torn-tail recovery on open (segments.ts describes the files), and its sync to the records
// service's archive (sync.ts, uploader.ts). Tests and support tools read a journal with
// readJournalSync(dataDir).
export type { JournalEntry } from '../../../common/journal-chain.js';
export {
  DurableJsonFile,
  fsyncDir,
  UnreadableFileError,
  writeFileDurably,
} from './durable-file.js';
export {
  decryptValue,
  encryptValue,
  isPersonalField,
  PERSONAL_FIELDS,
  PERSONAL_SUFFIXES,
} from './fields.js';
export {
  JOURNAL_KEY_BYTES,
  keyFileProvider,
  sealedKeyFileProvider,
  staticKeyProvider,
  type KeyProvider,
  type KeySealer,
} from './keys.js';
export { acquireLock, JournalLockedError } from './lock.js';
export { importLegacyJournal, openJournal, type OpenJournalOptions } from './open.js';
export { readJournalSync } from './read-sync.js';
export { DEFAULT_SEGMENT_SIZE, SEGMENT_FORMAT, segmentName, type SegmentFile } from './segments.js';
export { openJournalStore } from './store.js';
export {
  BACKOFF_BASE_MS,
  BACKOFF_CAP_MS,
  createJournalSync,
  DEFAULT_RETENTION_MS,
  type JournalSync,
  type JournalSyncOptions,
  type SyncError,
  type SyncEvent,
  type SyncJournal,
  type SyncState,
  type SyncStatus,
  type Timers,
} from './sync.js';
export type {
  AppendMeta,
  DeadLetter,
  Journal,
  JournalNotice,
  JournalNoticeKind,
  JournalOptions,
} from './types.js';
export {
  createJournalUploader,
  type JournalBatch,
  type JournalUploaderOptions,
  type SendBatch,
} from './uploader.js';
