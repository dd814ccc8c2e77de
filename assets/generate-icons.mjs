#!/usr/bin/env node
// Writes the app's PNG icons with nothing but node:zlib, so they can be regenerated anywhere
// without an image tool: `node assets/generate-icons.mjs`. What each icon means is said below.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes) => {
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
};

/** RGBA PNG from a coverage function paint(x, y) → [r,g,b,a] (0–255), 4×4 supersampled. */
function png(size, paint) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  const ss = 4;
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const [pr, pg, pb, pa] = paint(
            (x + (sx + 0.5) / ss) / size,
            (y + (sy + 0.5) / ss) / size,
          );
          r += pr * pa;
          g += pg * pa;
          b += pb * pa;
          a += pa;
        }
      }
      const o = y * (size * 4 + 1) + 1 + x * 4;
      raw[o] = a ? Math.round(r / a) : 0;
      raw[o + 1] = a ? Math.round(g / a) : 0;
      raw[o + 2] = a ? Math.round(b / a) : 0;
      raw[o + 3] = Math.round(a / (ss * ss));
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const NONE = [0, 0, 0, 0];
const dist = (x, y) => Math.hypot(x - 0.5, y - 0.5);
const grey = [138, 143, 152, 255];
const green = [31, 157, 85, 255];
const blue = [29, 78, 216, 255];
const white = [255, 255, 255, 255];

const signedOut = (x, y) => (dist(x, y) <= 0.42 && dist(x, y) >= 0.27 ? grey : NONE);
const signedIn = (x, y) => (dist(x, y) <= 0.42 ? green : NONE);
const appIcon = (x, y) => {
  // Rounded square, then a white ring with a dot: a "desk at a glance" mark, nothing more.
  const r = 0.18,
    m = 0.04;
  const cx = Math.min(Math.max(x, m + r), 1 - m - r),
    cy = Math.min(Math.max(y, m + r), 1 - m - r);
  if (Math.hypot(x - cx, y - cy) > r) return NONE;
  const d = dist(x, y);
  if ((d <= 0.3 && d >= 0.22) || d <= 0.1) return white;
  return blue;
};

const out = (name, data) => writeFileSync(path.join(here, name), data);
// Tray, 16 px and @2x: a grey ring while nobody is signed in on this desk, a green disc while an
// agent is. Agent states (Art. 26: ready / not ready / break / wrap-up, and on a call) will add
// tray-<state>.png here.
out('tray-signed-out.png', png(16, signedOut));
out('tray-signed-out@2x.png', png(32, signedOut));
out('tray-signed-in.png', png(16, signedIn));
out('tray-signed-in@2x.png', png(32, signedIn));
// The app icon for electron-builder (directories.buildResources).
out('icon.png', png(512, appIcon));
