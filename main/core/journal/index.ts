// The durable, segmented, hash-chained, encrypted journal (issue 6). See store.ts for the format.
export { DurableJsonFile, fsyncDir, UnreadableFileError, writeFileDurably } from './durable-file.js';
export { decryptValue, encryptValue, isPersonalField, PERSONAL_FIELDS, PERSONAL_SUFFIXES } from './fields.js';
export { JOURNAL_KEY_BYTES, keyFileProvider, sealedKeyFileProvider, staticKeyProvider, type KeyProvider, type KeySealer } from './keys.js';
export { acquireLock, JournalLockedError } from './lock.js';
export { readJournalSync } from './read-sync.js';
export {
  DEFAULT_SEGMENT_SIZE,
  importLegacyJournal,
  openJournalStore,
  SEGMENT_FORMAT,
  segmentName,
  type AppendMeta,
  type DeadLetter,
  type Journal,
  type JournalNotice,
  type JournalNoticeKind,
  type JournalOptions,
  type SegmentFile,
} from './store.js';
export { createJournalUploader, type JournalBatch, type JournalUploaderOptions, type SendBatch } from './uploader.js';
