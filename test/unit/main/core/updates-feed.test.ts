// Updates against a local feed: a loopback HTTP server publishes channel files and artefacts the
// way IT does; a stand-in updater with electron-updater's feed semantics (test/support/
// feed-updater.ts) drives the real core, booted with the policy's feed and channel. With a call
// up the update downloads but the restart is refused; the install is asked only after the call.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import { afterEach, describe, expect, it } from 'vitest';
import type { PhoneEvent } from '../../../../common/phone.js';
import type { Result } from '../../../../common/result.js';
import type { UpdateStatus } from '../../../../common/update.js';
import { bootstrap, type Bootstrapped } from '../../../../main/core/bootstrap.js';
import { SETTINGS_JSON_SCHEMA } from '../../../../main/core/settings.js';
import { updateFeedFrom } from '../../../../main/core/updates.js';
import {
  channelFilePrefix,
  createFeedUpdater,
  inRollout,
  stagingUserId,
  type FeedUpdater,
} from '../../../support/feed-updater.js';
import { recordingLogger, useTempDirs } from '../../../support/fakes.js';
import { manualTimers } from '../../../support/manual-timers.js';
import { startUpdateFeed, type UpdateFeedServer } from '../../../support/update-feed.js';

const tempDir = useTempDirs();
const ctx = { host: 'electron' as const, sender: 't' };
const CALL = '00000000-0000-4000-8000-0000000000c1';
const prefix = channelFilePrefix(process.platform);
const artefact = (version: string) => ({
  name: `agent-desk-${version}-x86_64.AppImage`,
  bytes: Buffer.from(`the ${version} build `.repeat(5000)),
});

const open: { feed?: UpdateFeedServer; booted?: Bootstrapped } = {};
afterEach(async () => {
  await open.booted?.close();
  await open.feed?.close();
  open.booted = undefined;
  open.feed = undefined;
});

async function boot(options: {
  host?: 'electron' | 'web';
  policy: Record<string, unknown>;
  updaters?: FeedUpdater[];
  onInstall?: () => void;
  /** The install's staging id, as electron-updater keeps it in userData. */
  updaterId?: string;
}) {
  const dataDir = tempDir();
  if (options.updaterId) writeFileSync(path.join(dataDir, '.updaterId'), options.updaterId);
  const policyPath = path.join(dataDir, 'policy.json');
  writeFileSync(policyPath, JSON.stringify(options.policy));
  const clock = manualTimers();
  const events: UpdateStatus[] = [];
  const booted = await bootstrap({
    host: options.host ?? 'electron',
    version: '1.0.0',
    dataDir,
    policyPath,
    settingsFile: path.join(dataDir, 'settings.json'),
    createSettingsStore: () =>
      new Conf({
        cwd: dataDir,
        configName: 'settings',
        schema: SETTINGS_JSON_SCHEMA as never,
      }) as never,
    // Nothing listens: the journal keeps what it writes (safely kept, not drained).
    recordsUrl: 'http://127.0.0.1:9',
    logger: recordingLogger(),
    coreOptions: {
      deskUpdates: {
        createUpdater: (feed) => {
          const updater = createFeedUpdater({
            feed,
            currentVersion: '1.0.0',
            userDataDir: dataDir,
            ...(options.onInstall ? { onInstall: options.onInstall } : {}),
          });
          options.updaters?.push(updater);
          return updater;
        },
        timers: clock.timers,
      },
    },
  });
  open.booted = booted;
  booted.core.events.subscribe((event, payload) => {
    if (event === 'update:changed') events.push(payload as UpdateStatus);
  });
  const call = async <T>(channel: string, payload: unknown = {}) =>
    (await booted.core.dispatcher.dispatch(channel, payload, ctx)) as Result<T>;
  const status = async () => {
    const result = await call<UpdateStatus>('update:status');
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  };
  return { booted, clock, events, call, status };
}

const started: PhoneEvent = {
  type: 'call-started',
  callId: CALL,
  direction: 'inbound',
  number: '13800000001',
  name: null,
  callerIdSource: 'pai',
};
const ended: PhoneEvent = {
  type: 'call-ended',
  record: {
    id: CALL,
    direction: 'inbound',
    number: '13800000001',
    name: null,
    startedAt: '2026-12-06T08:00:00.000Z',
    durationSeconds: 95,
    outcome: 'answered',
    quality: null,
  },
};

describe('updates from a local feed, through the real core', () => {
  it('downloads during a call but installs only after it ends', async () => {
    const feed = (open.feed = await startUpdateFeed());
    feed.publish({
      channelFile: `latest${prefix}.yml`,
      version: '1.0.5',
      artefact: artefact('1.0.5'),
    });
    feed.publish({
      channelFile: `beta${prefix}.yml`,
      version: '1.1.0',
      artefact: artefact('1.1.0'),
    });
    const updaters: FeedUpdater[] = [];
    const desk = await boot({
      policy: { updateFeedUrl: feed.url, updateChannel: 'beta' },
      updaters,
    });
    expect(await desk.status()).toMatchObject({ state: 'idle', channel: 'beta', reason: null });

    // A call rings and is answered; meanwhile the first look at the feed comes due.
    expect((await desk.call('phone:event', started)).ok).toBe(true);
    expect((await desk.call('phone:call-active', { active: true })).ok).toBe(true);
    await desk.clock.advance(30_000);
    await expect.poll(async () => (await desk.status()).state).toBe('ready');
    expect(await desk.status()).toMatchObject({
      version: '1.1.0',
      mayInstall: false,
      blockers: ['call-up'],
    });
    // The policy's channel file, then its artefact; never `latest`.
    expect(feed.requests).toEqual([`beta${prefix}.yml`, 'agent-desk-1.1.0-x86_64.AppImage']);

    const refused = await desk.call('update:restart');
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const updater = updaters[0]!;
    expect(updater.installs).toEqual([]);
    expect(updater.installOnQuit).toBe(false);

    // The call ends: the gate opens, the status bar hears it, and the restart goes through.
    await desk.call('phone:call-active', { active: false });
    expect((await desk.status()).mayInstall).toBe(false); // still up until call-ended
    await desk.call('phone:event', ended);
    expect(desk.events.at(-1)).toMatchObject({ state: 'ready', mayInstall: true, blockers: [] });
    expect(updater.installOnQuit).toBe(true);
    expect((await desk.call('update:restart')).ok).toBe(true);
    expect(updater.installs.map((i) => i.version)).toEqual(['1.1.0']);
  });

  it('the restart shuts the core down (journal closed) before it asks for the install', async () => {
    const feed = (open.feed = await startUpdateFeed());
    feed.publish({
      channelFile: `latest${prefix}.yml`,
      version: '1.1.0',
      artefact: artefact('1.1.0'),
    });
    const updaters: FeedUpdater[] = [];
    const probes: Promise<Result<unknown>>[] = [];
    let desk: Awaited<ReturnType<typeof boot>> | null = null;
    desk = await boot({
      policy: { updateFeedUrl: feed.url },
      updaters,
      // At the install, an append must find the journal already closed.
      onInstall: () => probes.push(desk!.call('phone:event', started)),
    });
    await desk.clock.advance(30_000);
    await expect.poll(async () => (await desk.status()).state).toBe('ready');

    expect((await desk.call('update:restart')).ok).toBe(true);
    expect(updaters[0]!.installs.map((i) => i.version)).toEqual(['1.1.0']);
    expect(probes).toHaveLength(1);
    expect(await probes[0]).toMatchObject({ ok: false });
    // A second ask while it installs is refused; the host's own quit finds the shutdown done.
    expect(await desk.call('update:restart')).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    await desk.booted.close();
    expect(updaters[0]!.installs).toHaveLength(1);
  });

  it('the page’s process dies mid-call: its phone went with it, and the gate opens', async () => {
    const feed = (open.feed = await startUpdateFeed());
    feed.publish({
      channelFile: `latest${prefix}.yml`,
      version: '1.1.0',
      artefact: artefact('1.1.0'),
    });
    const desk = await boot({ policy: { updateFeedUrl: feed.url } });
    await desk.call('phone:event', started);
    await desk.call('phone:call-active', { active: true });
    await desk.clock.advance(30_000);
    await expect.poll(async () => (await desk.status()).state).toBe('ready');
    expect(await desk.status()).toMatchObject({ mayInstall: false, blockers: ['call-up'] });

    // No call-ended ever comes from a crashed renderer; the shell says the process is gone.
    desk.booted.core.rendererGone();
    expect(await desk.status()).toMatchObject({ mayInstall: true, blockers: [] });
    expect(desk.events.at(-1)).toMatchObject({ state: 'ready', mayInstall: true });
  });

  it('a download whose sha512 does not match is never offered', async () => {
    const feed = (open.feed = await startUpdateFeed());
    feed.publish({
      channelFile: `latest${prefix}.yml`,
      version: '1.1.0',
      artefact: artefact('1.1.0'),
      wrongSha512: true,
    });
    const desk = await boot({ policy: { updateFeedUrl: feed.url } });
    await desk.clock.advance(30_000);
    await expect.poll(async () => (await desk.status()).state).toBe('error');
    expect((await desk.call('update:restart')).ok).toBe(false);
  });

  it('the same or an older version is no update', async () => {
    const feed = (open.feed = await startUpdateFeed());
    feed.publish({
      channelFile: `latest${prefix}.yml`,
      version: '0.9.0',
      artefact: artefact('0.9.0'),
    });
    const desk = await boot({ policy: { updateFeedUrl: feed.url } });
    await desk.clock.advance(30_000);
    await expect.poll(() => feed.requests.length).toBe(1);
    await expect.poll(async () => (await desk.status()).state).toBe('idle');
    expect(feed.requests).toEqual([`latest${prefix}.yml`]);
  });

  it('staged rollout: this install takes part once the channel’s percentage covers its id', async () => {
    const feed = (open.feed = await startUpdateFeed());
    // An install whose id puts it at 50.000…%: out at 50, in at 51.
    const desk = await boot({
      policy: { updateFeedUrl: feed.url },
      updaterId: '00000000-0000-5000-8000-000080000000',
    });
    feed.publish({
      channelFile: `latest${prefix}.yml`,
      version: '1.1.0',
      artefact: artefact('1.1.0'),
      stagingPercentage: 50,
    });
    await desk.clock.advance(30_000);
    await expect.poll(() => feed.requests.length).toBe(1);
    await expect.poll(async () => (await desk.status()).state).toBe('idle');

    // IT widens the rollout; the next look (every 4 h) takes it.
    feed.publish({
      channelFile: `latest${prefix}.yml`,
      version: '1.1.0',
      artefact: artefact('1.1.0'),
      stagingPercentage: 51,
    });
    await desk.clock.advance(4 * 60 * 60_000);
    await expect.poll(async () => (await desk.status()).state).toBe('ready');
    expect(feed.requests.slice(1)).toEqual([
      `latest${prefix}.yml`,
      'agent-desk-1.1.0-x86_64.AppImage',
    ]);
  });

  it('no feed in the policy: the desk never looks; the web host has no self-update', async () => {
    const none = await boot({ policy: {} });
    expect(await none.status()).toMatchObject({
      state: 'off',
      reason: 'no-feed',
      mayInstall: false,
    });
    await open.booted!.close();
    open.booted = undefined;

    const feed = (open.feed = await startUpdateFeed());
    const web = await boot({ host: 'web', policy: { updateFeedUrl: feed.url } });
    await web.clock.advance(30_000);
    expect(await web.status()).toMatchObject({ state: 'off', reason: 'web-host' });
    expect(feed.requests).toEqual([]);
  });
});

describe('the feed from the policy', () => {
  it('https:, or http: on loopback; http: elsewhere only where IT allows insecure transport', () => {
    expect(updateFeedFrom({})).toBeNull();
    expect(updateFeedFrom({ updateFeedUrl: 'https://updates.bank.example/desk/' })).toEqual({
      url: 'https://updates.bank.example/desk/',
      channel: 'latest',
    });
    expect(
      updateFeedFrom({ updateFeedUrl: 'http://127.0.0.1:8080/', updateChannel: 'beta' }),
    ).toEqual({
      url: 'http://127.0.0.1:8080/',
      channel: 'beta',
    });
    expect(updateFeedFrom({ updateFeedUrl: 'http://updates.bank.example/' })).toBe('insecure');
    // The one loopback rule (common/transport.ts): all of 127/8 and ::1, never *.localhost.
    expect(updateFeedFrom({ updateFeedUrl: 'http://127.0.0.2:8080/' })).toMatchObject({
      url: 'http://127.0.0.2:8080/',
    });
    expect(updateFeedFrom({ updateFeedUrl: 'http://updates.localhost/' })).toBe('insecure');
    expect(
      updateFeedFrom({
        updateFeedUrl: 'http://updates.bank.example/',
        allowInsecureTransport: true,
      }),
    ).toMatchObject({ url: 'http://updates.bank.example/' });
  });

  it('an insecure feed: the desk says why and never looks', async () => {
    const desk = await boot({ policy: { updateFeedUrl: 'http://updates.bank.example/' } });
    expect(await desk.status()).toMatchObject({ state: 'off', reason: 'insecure-feed' });
  });
});

describe('the stand-in’s staged rollout is electron-updater’s', () => {
  it('a stable id per install, compared with the percentage as AppUpdater.isStagingMatch does', async () => {
    const dir = tempDir();
    const id = await stagingUserId(dir);
    expect(await stagingUserId(dir)).toBe(id);
    // The id's last four bytes as a share of 2^32 - 1: below the percentage takes part.
    const share = Buffer.from(id.replace(/-/g, ''), 'hex').readUInt32BE(12) / 0xffffffff;
    expect(inRollout(id, undefined)).toBe(true);
    expect(inRollout(id, 100)).toBe(true);
    expect(inRollout(id, 0)).toBe(false);
    expect(inRollout(id, Math.ceil(share * 100 + 0.001))).toBe(true);
    expect(inRollout(id, Math.floor(share * 100))).toBe(false);
  });
});
