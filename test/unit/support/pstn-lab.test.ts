// The telephone-network lab's pure parts: the proxy config rendered with and without the lab (and
// checked by Kamailio itself where it is installed), the gateway's scenario, the ng protocol's
// bencode and the µ-law test audio. The lab's behaviour is proven in test/e2e/pstn-lab.spec.ts.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { kamailioUnavailable, renderKamailioConfig } from '../../support/kamailio.js';
import { bdecode, bencode } from '../../support/rtpengine.js';
import { renderScenario, type SippCallOptions } from '../../support/sipp.js';
import { linearToUlaw } from '../../support/wav.js';

const MODULES = '/usr/lib/x86_64-linux-gnu/kamailio/modules';
const users = [{ user: '1001', password: 'secret-1' }];
const gateway = { user: 'gw', password: 'secret-gw' };

describe('the proxy config template', () => {
  const plain = renderKamailioConfig(5999, users, MODULES);
  const pbx = renderKamailioConfig(5999, users, MODULES, {
    udpPort: 5998,
    rtpengineNg: 5997,
    gateway,
  });

  it('turns the lab on only when asked, and fills every placeholder', () => {
    expect(plain).not.toMatch(/#!define WITH_PBX/);
    expect(pbx).toMatch(/^#!define WITH_PBX$/m);
    for (const config of [plain, pbx]) expect(config).not.toContain('@@');
    expect(pbx).toContain('listen=udp:127.0.0.1:5998');
    expect(pbx).toContain('"udp:127.0.0.1:5997"');
    expect(pbx).toContain('$sht(users=>gw) = "secret-gw";');
    expect(plain).not.toContain('users=>gw');
  });

  // Kamailio's own parser: both renderings must load (an empty route block, for one, does not).
  it.skipIf(kamailioUnavailable() !== null || !existsSync(MODULES))(
    'both renderings pass kamailio -c',
    () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'agent-desk-cfg-check-'));
      try {
        for (const [name, config] of Object.entries({ plain, pbx })) {
          const file = path.join(dir, `${name}.cfg`);
          writeFileSync(file, config);
          expect(() =>
            execFileSync('/usr/sbin/kamailio', ['-c', '-f', file], { stdio: 'pipe' }),
          ).not.toThrow();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

describe('the gateway scenario', () => {
  const base: SippCallOptions = {
    kamailio: { udpPort: 5998, domain: '127.0.0.1', gateway },
    to: '1001',
    from: '13812345678',
    fromName: 'Customer',
  };

  it('keys one INFO per digit, in order, and answers the far side’s BYE', () => {
    const xml = renderScenario({ ...base, digits: '4*#' }, '/tmp/x.wav');
    const signals = [...xml.matchAll(/Signal=(.)/g)].map((m) => m[1]);
    expect(signals).toEqual(['4', '*', '#']);
    expect([...xml.matchAll(/CSeq: (\d+) INFO/g)].map((m) => m[1])).toEqual(['3', '4', '5']);
    expect(xml).toContain('<recv request="BYE" />');
    expect(xml).toContain('From: "Customer" <sip:13812345678@[remote_ip]>');
    expect(xml).not.toMatch(/@@[A-Z_]+@@/);
    expect(xml).not.toMatch(/a=mid|X-Lab-Media/);
  });

  it('waits for the trigger, sends its own BYE, and offers the mids asked for', () => {
    const xml = renderScenario(
      { ...base, digits: '1', digitsOnTrigger: true, byeAfterMs: 700, mid: 'audio' },
      '/tmp/x.wav',
    );
    expect(xml).toContain('<recv request="OPTIONS" />');
    expect(xml).toMatch(
      /<pause milliseconds="700" \/>\s*<send retrans="500">[\s\S]*BYE \[next_url\]/,
    );
    expect(xml).toContain('a=mid:audio');
    expect(xml).toContain('X-Lab-Media: keep-mid');
    const none = renderScenario({ ...base, mid: null }, '/tmp/x.wav');
    expect(none).toContain('X-Lab-Media: keep-mid');
    expect(none).not.toContain('a=mid');
  });

  it('refuses what would break the scenario', () => {
    expect(() => renderScenario({ ...base, digits: '12x' }, '/tmp/x.wav')).toThrow(/DTMF/);
    expect(() => renderScenario({ ...base, from: 'alice' }, '/tmp/x.wav')).toThrow(/number/);
    expect(() => renderScenario({ ...base, fromName: 'a"b' }, '/tmp/x.wav')).toThrow(/name/);
  });
});

describe('rtpengine ng bencode', () => {
  it('round-trips a command with nested lists and dictionaries', () => {
    const command = { command: 'offer', flags: ['trust-address'], sdp: 'v=0\r\n', n: 42 };
    const wire = bencode(command);
    expect(wire).toBe('d7:command5:offer5:flagsl13:trust-addresse1:ni42e3:sdp5:v=0\r\ne');
    expect(bdecode(Buffer.from(wire))).toEqual(command);
  });
});

describe('µ-law test audio', () => {
  it('matches G.711 for silence and both extremes', () => {
    expect(linearToUlaw(0)).toBe(0xff);
    expect(linearToUlaw(32767)).toBe(0x80);
    expect(linearToUlaw(-32768)).toBe(0x00);
  });
});
