// Updates and diagnostics, renderer ↔ main: where the desk's self-update stands (a new version
// downloaded, and whether it may be installed now) and IT's diagnostics archive. An update is
// installed only between calls (main/core/update-gate.ts): the agent's restart is refused while
// the gate is shut, so a call is never cut by it. Plain data + zod schemas.
import { z } from 'zod';

/**
 * Why an update may not be installed now (main/core/update-gate.ts decides):
 * - `call-up`: a call rings or is under way (live or training line);
 * - `journal-writing`: a journal entry is not yet durably on disk;
 * - `sync-in-flight`: a batch is on its way to the archive and its answer not yet recorded;
 * - `training-running`: a training assessment has not been scored yet (Art. 9).
 */
export const UPDATE_BLOCKERS = [
  'call-up',
  'journal-writing',
  'sync-in-flight',
  'training-running',
] as const;
export const UpdateBlocker = z.enum(UPDATE_BLOCKERS);
export type UpdateBlocker = z.infer<typeof UpdateBlocker>;

/**
 * - `off`: this desk never looks for updates (`reason` says why: the web host is updated on its
 *   server, no feed in the managed policy, an unpackaged build run from a checkout, or an `http:`
 *   feed off loopback without `allowInsecureTransport`);
 * - `idle` / `checking` / `downloading`: the feed is followed, nothing ready yet;
 * - `ready`: a version is downloaded and verified; it installs on a restart the gate allows;
 * - `error`: the last check or download failed (the next check tries again).
 */
export const UpdateStatus = z
  .object({
    state: z.enum(['off', 'idle', 'checking', 'downloading', 'ready', 'error']),
    reason: z.enum(['web-host', 'no-feed', 'not-packaged', 'insecure-feed']).nullable(),
    currentVersion: z.string(),
    /** The version downloaded or being downloaded; null when none. */
    version: z.string().nullable(),
    channel: z.string().nullable(),
    /** 0–100 while downloading. */
    percent: z.number().min(0).max(100).nullable(),
    /** The gate: a ready update may be installed now (restart enabled). */
    mayInstall: z.boolean(),
    blockers: z.array(UpdateBlocker),
  })
  .strict();
export type UpdateStatus = z.infer<typeof UpdateStatus>;

/** The diagnostics archive (a zip): for the page to save as a download (web host). */
export const DiagnosticsArchive = z
  .object({
    fileName: z.string().regex(/^[\w.-]+\.zip$/),
    /** The zip, base64. A few MiB at most: the logs in it are capped. */
    base64: z.string(),
  })
  .strict();
export type DiagnosticsArchive = z.infer<typeof DiagnosticsArchive>;

const Empty = z.object({}).strict();

export const updateContract = {
  'update:status': { request: Empty, response: UpdateStatus },
  /** Installs the ready update and restarts; refused (`update-blocked`) while the gate is shut. */
  'update:restart': { request: Empty, response: UpdateStatus },
  /** Builds the diagnostics archive for IT (versions, settings, logs, journal state; no secret). */
  'diagnostics:export': { request: Empty, response: DiagnosticsArchive },
} as const;

export const updateEvents = {
  /** The update's state or the gate changed. */
  'update:changed': UpdateStatus,
} as const;
