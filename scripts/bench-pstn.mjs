#!/usr/bin/env node
// The plain-phone figure for `npm run bench`, or alone: `node scripts/bench-pstn.mjs`. A baresip
// desk phone (UDP, G.711) calls the app through Kamailio + rtpengine, as a bank's phone network
// reaches a WebRTC agent; how long until the agent sees who calls. Bench code only; the lab is
// test/support/ (rtpengine.ts, baresip.ts), see ../shared/docs/sip-lab.md.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  benchOf,
  buildForSipBench,
  lastInitialInvite,
  loadTs,
  openApp,
  sipAccount,
  startSipLab,
  until,
} from './bench-sip-lab.mjs';
import { summary } from './bench-sip.mjs';

/* global window */

const now = () => performance.timeOrigin + performance.now();

/** One call: the phone dials, the agent sees the caller ID and answers; the phone hangs up. */
async function phoneCall(phone, agent) {
  await agent.evaluate(
    (user) => Object.assign(window.__bench.painted, { expect: user, at: null }),
    phone.account.user,
  );
  const dialled = now();
  await phone.dial(agent.sipUser);
  await until(agent, () => window.__bench.painted.at !== null);
  const b = await benchOf(agent);
  await agent.getByTestId('answer').click();
  await phone.waitForState({ call: 'established' });
  await phone.hangup();
  await phone.waitForState({ call: 'idle' });
  await agent.getByTestId('hangup').waitFor({ state: 'detached', timeout: 15_000 });
  const invite = lastInitialInvite(b.wire, dialled);
  return {
    fromDial: b.painted.at - dialled,
    fromInvite: invite === undefined ? undefined : b.painted.at - invite,
  };
}

/**
 * Over N calls (BENCH_PSTN_CALLS, default 20), median and p95 of
 *   phone dials → caller ID painted       (baresip's dial command → [data-testid=caller-id] shows
 *                                          the number: the phone's INVITE, Kamailio, rtpengine's
 *                                          offer rewrite, the app)
 *   INVITE at the agent → caller ID painted (the app's own share)
 */
export async function benchPstn({
  recordsUrl,
  calls = Number(process.env.BENCH_PSTN_CALLS ?? 20),
} = {}) {
  const { baresipUnavailable, startDeskPhone } = await loadTs('test/support/baresip.ts');
  const missing = baresipUnavailable();
  if (missing) {
    console.log(`\nPlain SIP phone: skipped — ${missing}`);
    return;
  }
  const users = { agent: sipAccount('1001'), phone: sipAccount('13812345678') };
  const lab = await startSipLab(Object.values(users), { pbx: true });
  if (lab.skipped) {
    console.log(`\nPlain SIP phone: skipped — ${lab.skipped}`);
    return;
  }
  try {
    const opened = await openApp(lab.browser, lab.kamailio, users.agent, recordsUrl);
    if (opened.skipped) {
      console.log(`\nPlain SIP phone: skipped — ${opened.skipped}`);
      return;
    }
    lab.onClose(opened.close);
    const phone = await startDeskPhone({ kamailio: lab.kamailio, account: users.phone });
    lab.onClose(() => phone.stop());
    await phoneCall(phone, opened.page); // warm-up
    const results = [];
    for (let i = 0; i < calls; i++) results.push(await phoneCall(phone, opened.page));
    const row = (name, key) => {
      const s = summary(results.map((r) => r[key]));
      const f = (x) => (x === undefined ? '—' : x.toFixed(1)).padStart(8);
      console.log(`${name.padEnd(46)}${String(s?.n ?? 0).padStart(4)}${f(s?.p50)} ${f(s?.p95)}`);
    };
    console.log(
      `\nPlain SIP phone (baresip, UDP, G.711) → Kamailio + rtpengine → the app — ${calls} calls; ms`,
    );
    console.log(`${'step'.padEnd(46)}${'n'.padStart(4)}${'p50'.padStart(9)}${'p95'.padStart(9)}`);
    row('phone dials → caller ID painted', 'fromDial');
    row('INVITE at the agent → caller ID painted', 'fromInvite');
  } finally {
    await lab.close();
  }
}

// Alone: build what it needs; the web host runs its embedded records service.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildForSipBench();
  await benchPstn({ calls: Number(process.env.BENCH_PSTN_CALLS ?? 20) });
}
