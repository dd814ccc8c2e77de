// A caller keys a password in whichever way their phone sends keys — RFC 4733 telephone-events
// over G.711 or Opus, or in-band tones — and the agent's side reads each key once, silently,
// with the product's own renderer/phone/received-digits.ts and the built worker files served
// same-origin under the app's CSP. No SIP: two peer connections in one page (loopback).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { expect, test, type Page } from '@playwright/test';
import { buildCsp } from '../../main/core/csp.js';
import { test as appTest } from './fixtures.js';
import { speechLike, holdMusic } from '../support/audio-signals.js';
import type { Codec } from './received-digits/lab.js';

const root = path.resolve(import.meta.dirname, '../..');
const RENDERER = path.join(root, 'dist/renderer');
const WORKER_FILES = ['telephone-events.worker.js', 'tone-detector.worklet.js'];

let server: http.Server;
let origin = '';
let bundleDir = '';

/** The lab page, the product's worker files from dist/renderer, one origin, the app's CSP. */
test.beforeAll(async () => {
  for (const file of WORKER_FILES)
    if (!existsSync(path.join(RENDERER, file)))
      throw new Error(`dist/renderer/${file} is missing: run \`node scripts/build.mjs renderer\``);
  bundleDir = mkdtempSync(path.join(tmpdir(), 'agent-desk-digits-'));
  await build({
    entryPoints: { lab: path.join(root, 'test/e2e/received-digits/lab.ts') },
    outdir: bundleDir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    logLevel: 'warning',
  });
  const files: Record<string, string> = {
    '/': path.join(root, 'test/e2e/received-digits/index.html'),
    '/lab.js': path.join(bundleDir, 'lab.js'),
    ...Object.fromEntries(WORKER_FILES.map((f) => [`/${f}`, path.join(RENDERER, f)])),
  };
  server = http.createServer((req, res) => {
    const file = files[new URL(req.url ?? '/', 'http://x').pathname];
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, {
      'content-type': file.endsWith('.html') ? 'text/html; charset=utf-8' : 'text/javascript',
      'content-security-policy': buildCsp(),
      'cache-control': 'no-store',
    });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(bundleDir, { recursive: true, force: true });
});

async function openLab(
  page: Page,
  codec: Codec,
  options: { encoded?: boolean; baseUrl?: string } = {},
) {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (m) => m.type() !== 'log' && problems.push(`${m.type()}: ${m.text()}`));
  await page.goto(origin);
  await page.waitForFunction(() => document.body.dataset.ready === 'true');
  const sdp = await page.evaluate(([c, o]) => window.lab.connect(c, o), [codec, options] as const);
  const inbound = () => page.evaluate(() => window.lab.inbound());
  // Audio flows to the agent (through the transforms when encoded).
  await expect.poll(async () => (await inbound()).totalSamplesReceived).toBeGreaterThan(8000);
  return { sdp, problems, inbound };
}

const digits = (page: Page) => page.evaluate(() => window.lab.digits());

test.afterEach(async ({ page }) => {
  await page.evaluate(() => window.lab?.close()).catch(() => undefined);
});

for (const codec of ['pcmu', 'opus'] as const) {
  test(`RFC 4733 keys over ${codec} reach secure entry once each, unheard, while voice flows`, async ({
    page,
  }) => {
    const lab = await openLab(page, codec);
    const rate = codec === 'pcmu' ? 8000 : 48000;
    expect(lab.sdp).toContain(`telephone-event/${rate}`);
    expect(await page.evaluate(() => window.lab.encoded())).toBe(true);

    await page.evaluate(() => window.lab.listen(true));
    const before = await lab.inbound();
    await page.evaluate(() => window.lab.insertDtmf('1234#'));
    await expect
      .poll(() => digits(page), { timeout: 15_000 })
      .toEqual(['1:rfc4733', '2:rfc4733', '3:rfc4733', '4:rfc4733', '#:rfc4733']);
    await page.evaluate(() => window.lab.wait(500));
    expect(await digits(page)).toHaveLength(5);
    const counts = (await page.evaluate(() => window.lab.counts()))!;
    // Each key is several packets (start, updates, three ends): every one dropped.
    expect(counts.events).toBeGreaterThanOrEqual(5 * 4);
    expect(counts.dropped).toBe(counts.events);
    const after = await lab.inbound();
    expect(after.totalSamplesReceived).toBeGreaterThan(before.totalSamplesReceived + rate / 2);
    expect(counts.audio).toBeGreaterThan(50);
    // The voice is silence: with the events dropped, nothing at all was played to the agent.
    expect(after.totalAudioEnergy - before.totalAudioEnergy).toBeLessThan(1e-6);
    expect(lab.problems).toEqual([]);
  });
}

test('when secure entry is not listening, keys are neither read nor hidden: the agent hears them', async ({
  page,
}) => {
  const lab = await openLab(page, 'pcmu');
  const before = await lab.inbound();
  await page.evaluate(() => window.lab.insertDtmf('55'));
  await expect.poll(() => page.evaluate(() => window.lab.telephoneEvents())).toBe(true);
  await page.evaluate(() => window.lab.wait(800));
  const counts = (await page.evaluate(() => window.lab.counts()))!;
  expect(counts.events).toBeGreaterThan(0);
  expect(counts.dropped).toBe(0);
  expect(await digits(page)).toEqual([]);
  // WebRTC plays telephone-events it is given as tones: audible energy where the voice is silent.
  expect((await lab.inbound()).totalAudioEnergy - before.totalAudioEnergy).toBeGreaterThan(1e-3);
});

test('in-band keypad tones (a gateway that sends keys as audio) are detected while listening', async ({
  page,
}) => {
  const lab = await openLab(page, 'pcmu');
  await page.evaluate(() => window.lab.playTones('90'));
  expect(await digits(page)).toEqual([]); // not listening: the detector is not even running
  await page.evaluate(() => window.lab.listen(true));
  await page.evaluate(() => window.lab.wait(300)); // the worklet loads
  await page.evaluate(() => window.lab.playTones('1234#'));
  await expect
    .poll(() => digits(page))
    .toEqual(['1:tones', '2:tones', '3:tones', '4:tones', '#:tones']);
  expect(lab.problems).toEqual([]);
});

test('in-band tones over Opus are detected too', async ({ page }) => {
  await openLab(page, 'opus');
  await page.evaluate(() => window.lab.listen(true));
  await page.evaluate(() => window.lab.wait(300));
  await page.evaluate(() => window.lab.playTones('*0#D', 0.08, 0.08));
  await expect.poll(() => digits(page)).toEqual(['*:tones', '0:tones', '#:tones', 'D:tones']);
});

test('a talking caller and hold music give no digits while listening', async ({ page }) => {
  const lab = await openLab(page, 'pcmu');
  await page.evaluate(() => window.lab.listen(true));
  await page.evaluate(() => window.lab.wait(300));
  const before = await lab.inbound();
  const voice = Array.from(speechLike(6, 16000, 21));
  await page.evaluate(([s]) => window.lab.playSamples(s, 16000), [voice] as const);
  const music = Array.from(holdMusic(4, 16000, 2));
  await page.evaluate(([s]) => window.lab.playSamples(s, 16000), [music] as const);
  const after = await lab.inbound();
  // The audio was really there: loud enough to hear, and it reached the agent.
  expect(after.totalAudioEnergy - before.totalAudioEnergy).toBeGreaterThan(0.01);
  expect(await digits(page)).toEqual([]);
  // …and the detector was listening all along.
  await page.evaluate(() => window.lab.playTones('5'));
  await expect.poll(() => digits(page)).toEqual(['5:tones']);
});

test('once telephone-events arrive, in-band tones of the same call are not counted again', async ({
  page,
}) => {
  await openLab(page, 'pcmu');
  await page.evaluate(() => window.lab.listen(true));
  await page.evaluate(() => window.lab.wait(300));
  await page.evaluate(() => window.lab.insertDtmf('7'));
  await expect.poll(() => digits(page)).toEqual(['7:rfc4733']);
  await page.evaluate(() => window.lab.playTones('89'));
  await page.evaluate(() => window.lab.wait(500));
  expect(await digits(page)).toEqual(['7:rfc4733']);
});

test('without encodedInsertableStreams nothing is attached, media flows, and tones still count', async ({
  page,
}) => {
  const lab = await openLab(page, 'pcmu', { encoded: false });
  expect(await page.evaluate(() => window.lab.encoded())).toBe(false);
  expect(await page.evaluate(() => window.lab.counts())).toBeNull();
  await page.evaluate(() => window.lab.listen(true));
  await page.evaluate(() => window.lab.wait(300));
  // The events are played out as tones by WebRTC, and the tone detector hears those.
  await page.evaluate(() => window.lab.insertDtmf('36'));
  await expect.poll(() => digits(page)).toEqual(['3:tones', '6:tones']);
  expect(lab.problems).toEqual([]);
});

test('on a Chromium without RTCRtpScriptTransform, the encoded streams go to the same worker', async ({
  page,
}) => {
  await page.addInitScript(() => {
    delete (window as { RTCRtpScriptTransform?: unknown }).RTCRtpScriptTransform;
  });
  const lab = await openLab(page, 'pcmu');
  await page.evaluate(() => window.lab.listen(true));
  await page.evaluate(() => window.lab.insertDtmf('0*'));
  await expect.poll(() => digits(page)).toEqual(['0:rfc4733', '*:rfc4733']);
  const counts = (await page.evaluate(() => window.lab.counts()))!;
  expect(counts.dropped).toBe(counts.events);
  expect(counts.audio).toBeGreaterThan(50);
  expect(lab.problems).toEqual([]);
});

test('if the worker file cannot be loaded, media still flows both ways, passed on in the page', async ({
  page,
}) => {
  // The worker and worklet are not served under /nowhere/: their transforms could never pass a
  // frame; openLab itself waits for the agent to receive audio.
  const lab = await openLab(page, 'pcmu', { baseUrl: '/nowhere/' });
  expect(lab.problems).toContain(
    'warning: telephone-events worker did not load: media passed on in the page',
  );
  const phoneReceives = () =>
    page.evaluate(() => window.lab.phoneInbound().then((s) => s.totalSamplesReceived));
  const before = await phoneReceives();
  await expect.poll(phoneReceives).toBeGreaterThan(before + 8000);
});

appTest(
  "the app's web host serves both worker files to the app's page, under its CSP",
  async ({ page, web }) => {
    await page.goto(web.url);
    await page.waitForLoadState('load');
    const loaded = await page.evaluate(async () => {
      const context = new AudioContext();
      await context.audioWorklet.addModule('tone-detector.worklet.js');
      new AudioWorkletNode(context, 'dtmf-tone-detector', { numberOfOutputs: 0 });
      await context.close();
      const worker = new Worker('telephone-events.worker.js');
      const reply = await new Promise<unknown>((resolve, reject) => {
        worker.onmessage = (event) => event.data.type === 'counts' && resolve(event.data);
        worker.onerror = () => reject(new Error('worker failed to load'));
        worker.postMessage({ type: 'counts' });
      });
      worker.terminate();
      // The CSP is in force: a blob: worker (the usual way to inline one) is refused.
      const blob = URL.createObjectURL(new Blob([''], { type: 'text/javascript' }));
      const blobRefused = await new Promise<boolean>((resolve) => {
        try {
          const inline = new Worker(blob);
          inline.onerror = () => resolve(true);
          setTimeout(() => resolve(false), 2_000);
        } catch {
          resolve(true);
        }
      });
      return { reply, blobRefused };
    });
    expect(loaded).toEqual({
      reply: { type: 'counts', counts: { audio: 0, events: 0, dropped: 0 } },
      blobRefused: true,
    });
  },
);
