#!/usr/bin/env node
// Generates the simulated training customers' voice (Art. 9 training line): every prompt each
// scenario makes a customer say, in zh-CN and en, with espeak-ng (Mandarin and en-us), as mono
// 16 kHz 8-bit PCM WAV (phone-line quality, half the bytes) in
// assets/training/audio/<lang>/<customer>/<prompt>.wav. Deterministic: the same files and
// espeak-ng give the same bytes. `--check` compares instead of writing.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const training = path.join(root, 'assets/training');
const outDir = path.join(training, 'audio');
const RATE = 16_000;
/**
 * espeak-ng voice per language; female customers (even 17th ID digit) get the f2 variant. The
 * Mandarin voice is `cmn-latn-pinyin`: espeak-ng 1.51's `cmn` turns characters into tone-numbered
 * pinyin and then reads that as English ("ni three hao three").
 */
const VOICES = { 'zh-CN': 'cmn-latn-pinyin', en: 'en-us' };
const SPEED = { 'zh-CN': 155, en: 160 };
/** Peak level after normalising (−1 dBFS), so 8 bits carry the speech, not the headroom. */
const PEAK = 0.89;
/** Silence kept before and after the speech, and what counts as silence. */
const PAD_SAMPLES = RATE / 20;
const SILENCE = 300;

async function loadLib() {
  const libFile = path.join(root, '.tmp/training-audio-lib.mjs');
  await esbuild.build({
    stdin: {
      contents: [
        "export { audioFileOf, spokenTextOf, TRAINING_LANGS } from './common/training-prompts.ts';",
        "export { Scenario } from './common/training.ts';",
        "export { TrainingCustomer } from './common/training-api.ts';",
      ].join('\n'),
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: libFile,
    logLevel: 'error',
  });
  return import(pathToFileURL(libFile).href);
}

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

/**
 * What to record: each (customer whose details are spoken, prompt) once, voiced as the caller of
 * the first scenario (by file name) that says it — `as` speaks another customer's details.
 */
function jobsOf(lib) {
  const customers = new Map(
    readJson(path.join(training, 'customers.json')).customers.map((c) => {
      const customer = lib.TrainingCustomer.parse(c);
      return [customer.key, customer];
    }),
  );
  const jobs = new Map();
  const dir = path.join(training, 'scenarios');
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const scenario = lib.Scenario.parse(readJson(path.join(dir, file)));
    for (const reaction of scenario.reactions)
      for (const action of reaction.do) {
        if (action.do !== 'say') continue;
        const speaks = action.as ?? scenario.customer;
        const key = `${speaks}/${action.prompt}`;
        if (!customers.has(speaks) || !customers.has(scenario.customer))
          throw new Error(`${file}: no training customer ${speaks}`);
        if (!jobs.has(key))
          jobs.set(key, {
            customer: customers.get(speaks),
            voice: customers.get(scenario.customer),
            prompt: action.prompt,
          });
      }
  }
  return [...jobs.values()].sort((a, b) =>
    `${a.customer.key}/${a.prompt}`.localeCompare(`${b.customer.key}/${b.prompt}`),
  );
}

const isFemale = (customer) => Number(customer.nationalId[16]) % 2 === 0;

/** espeak-ng's 16-bit mono PCM samples and their rate. */
function speak(text, lang, voiceOf) {
  const voice = VOICES[lang] + (isFemale(voiceOf) ? '+f2' : '');
  const run = spawnSync('espeak-ng', ['-v', voice, '-s', String(SPEED[lang]), '--stdout', text], {
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) throw new Error(`espeak-ng: ${run.error.message} (apt-get install espeak-ng)`);
  if (run.status !== 0) throw new Error(`espeak-ng failed: ${run.stderr}`);
  return parseWav(run.stdout);
}

function parseWav(buffer) {
  let at = 12;
  let rate = 0;
  while (at + 8 <= buffer.length) {
    const id = buffer.toString('ascii', at, at + 4);
    const size = buffer.readUInt32LE(at + 4);
    if (id === 'fmt ') {
      if (buffer.readUInt16LE(at + 8) !== 1 || buffer.readUInt16LE(at + 10) !== 1)
        throw new Error('espeak-ng gave no mono PCM');
      rate = buffer.readUInt32LE(at + 12);
    }
    if (id === 'data') {
      // --stdout streams: the declared size is a placeholder; the data runs to the end.
      const end = Math.min(buffer.length, at + 8 + size) & ~1;
      const samples = new Int16Array((end - at - 8) / 2);
      for (let i = 0; i < samples.length; i++) samples[i] = buffer.readInt16LE(at + 8 + i * 2);
      return { rate, samples };
    }
    at += 8 + size + (size % 2);
  }
  throw new Error('espeak-ng gave no WAV data');
}

/** Linear resampling after a 3-tap low-pass (speech above 8 kHz is only espeak's hiss). */
function resample({ rate, samples }) {
  const smooth = new Float64Array(samples.length);
  for (let i = 0; i < samples.length; i++)
    smooth[i] =
      0.25 * (samples[i - 1] ?? samples[i]) +
      0.5 * samples[i] +
      0.25 * (samples[i + 1] ?? samples[i]);
  const length = Math.floor((samples.length * RATE) / rate);
  const out = new Int16Array(length);
  for (let i = 0; i < length; i++) {
    const x = (i * rate) / RATE;
    const j = Math.floor(x);
    const a = smooth[j] ?? 0;
    const b = smooth[j + 1] ?? a;
    out[i] = Math.max(-32768, Math.min(32767, Math.round(a + (b - a) * (x - j))));
  }
  return out;
}

function trim(samples) {
  let start = 0;
  let end = samples.length;
  while (start < end && Math.abs(samples[start]) < SILENCE) start++;
  while (end > start && Math.abs(samples[end - 1]) < SILENCE) end--;
  return samples.subarray(
    Math.max(0, start - PAD_SAMPLES),
    Math.min(samples.length, end + PAD_SAMPLES),
  );
}

/** Unsigned 8-bit PCM (WAV's own 8-bit format, which every decoder reads), peak-normalised. */
function wav(samples) {
  const peak = samples.reduce((max, s) => Math.max(max, Math.abs(s)), 1);
  const gain = (PEAK * 32768) / peak;
  const pad = samples.length % 2; // RIFF pads odd chunks
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + samples.length + pad, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(RATE, 24);
  header.writeUInt32LE(RATE, 28); // bytes per second
  header.writeUInt16LE(1, 32); // block align
  header.writeUInt16LE(8, 34); // bits per sample
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(samples.length, 40);
  const body = Buffer.alloc(samples.length + pad);
  samples.forEach((s, i) => {
    body[i] = Math.max(0, Math.min(255, 128 + Math.round((s * gain) / 256)));
  });
  if (pad) body[samples.length] = 128;
  return Buffer.concat([header, body]);
}

function filesUnder(dir) {
  try {
    return readdirSync(dir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.wav'))
      .sort();
  } catch {
    return [];
  }
}

async function main() {
  const check = process.argv.includes('--check');
  const lib = await loadLib();
  const made = new Map();
  for (const job of jobsOf(lib))
    for (const lang of lib.TRAINING_LANGS) {
      const text = lib.spokenTextOf(job.prompt, job.customer, lang);
      if (text === null) throw new Error(`no prompt ${job.prompt} in prompts.json`);
      const file = lib.audioFileOf(job.prompt, job.customer.key, lang);
      made.set(file, wav(trim(resample(speak(text, lang, job.voice)))));
    }
  const sha = (bytes) => createHash('sha256').update(bytes).digest('hex');
  if (check) {
    const differ = [...made].filter(([file, bytes]) => {
      try {
        return sha(readFileSync(path.join(outDir, file))) !== sha(bytes);
      } catch {
        return true;
      }
    });
    const stale = filesUnder(outDir).filter((f) => !made.has(f));
    for (const [file] of differ) console.error(`differs: ${file}`);
    for (const file of stale) console.error(`not generated: ${file}`);
    if (differ.length + stale.length > 0) process.exit(1);
    console.log(`training audio: ${made.size} files as committed`);
    return;
  }
  rmSync(outDir, { recursive: true, force: true });
  let bytes = 0;
  for (const [file, data] of made) {
    mkdirSync(path.dirname(path.join(outDir, file)), { recursive: true });
    writeFileSync(path.join(outDir, file), data);
    bytes += data.length;
  }
  console.log(`training audio: ${made.size} files, ${(bytes / 1024 / 1024).toFixed(1)} MiB`);
}

await main();
