// The Debian packages the tests need, checked and (as root with apt-get) installed.
// `node scripts/system-deps.mjs` installs what is missing or prints the exact command.
// Imported by scripts/test.mjs, which skips (with the reason) what cannot run without them.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export const PACKAGES = {
  chromium: {
    present: () => existsSync('/usr/bin/chromium'),
    for: 'end-to-end tests in Chromium (Playwright)',
  },
  'fonts-noto-cjk': {
    present: () => existsSync('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'),
    for: 'Chinese text in screenshots',
  },
  postgresql: {
    present: () => postgresBinDir() !== null,
    for: 'the records-service suite on PostgreSQL',
  },
  kamailio: {
    present: () => existsSync('/usr/sbin/kamailio'),
    for: 'the SIP proxy of the phone tests (test/sip/kamailio.cfg)',
  },
  'kamailio-websocket-modules': {
    present: () => kamailioModuleDir() !== null,
    for: 'WebSocket (ws://) transport in Kamailio for sip.js',
  },
  'rtpengine-daemon': {
    present: () => existsSync('/usr/bin/rtpengine'),
    for: 'the telephone-network lab: RTP ↔ WebRTC media bridge behind Kamailio',
  },
  'baresip-core': {
    present: () => existsSync('/usr/bin/baresip'),
    for: 'the telephone-network lab: a plain SIP desk phone (UDP, G.711, RFC 4733 keypad)',
  },
  'sip-tester': {
    present: () => existsSync('/usr/bin/sipp'),
    for: 'the telephone-network lab: SIPp as a PSTN gateway (INFO keypad)',
  },
};

/** Debian's multiarch module folder of Kamailio that holds the WebSocket module, or null. */
export function kamailioModuleDir() {
  const dirs = [
    '/usr/lib/x86_64-linux-gnu/kamailio/modules',
    '/usr/lib/aarch64-linux-gnu/kamailio/modules',
    '/usr/lib64/kamailio/modules',
    '/usr/lib/kamailio/modules',
  ];
  return dirs.find((dir) => existsSync(`${dir}/websocket.so`)) ?? null;
}

/** Debian puts each major version under /usr/lib/postgresql/<n>/bin; take the newest. */
export function postgresBinDir() {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base)
    .filter((v) => existsSync(`${base}/${v}/bin/initdb`))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? `${base}/${versions[0]}/bin` : null;
}

export const missingPackages = () =>
  Object.keys(PACKAGES).filter((name) => !PACKAGES[name].present());

export function ensureSystemDeps({ log = console.log } = {}) {
  const missing = missingPackages();
  if (missing.length === 0) return [];
  const command = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt) {
    log(`system packages missing: ${missing.join(', ')}. Install them with:\n  sudo ${command}`);
    return missingPackages();
  }
  log(`installing system packages: ${missing.join(', ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], {
    stdio: 'inherit',
    env,
  });
  return missingPackages();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const still = ensureSystemDeps();
  process.exit(still.length ? 1 : 0);
}
