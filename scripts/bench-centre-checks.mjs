// The centre bench's live work (a worker thread of bench-centre.mjs, so the desks' sync engines
// in the main thread never delay a check's clock): `clients` agents each run basic checks —
// customer look-up by caller number, a new verification session, the basic check (mobile + ID
// number), as on a call — each on its own instance, one round every `everyMs` (a round that takes
// longer is followed at once; 0: back to back). The phase (`baseline`, then `drain`) comes from
// the main thread; `stop` ends the loops and the samples go back per phase.
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { api } from './bench-services.mjs';

const { libFile, clients, customers, everyMs } = workerData;
const lib = await import(pathToFileURL(libFile).href);
const phases = {};
let phase = null;
let running = true;
const enter = (name) => {
  phase = name;
  phases[name] = { round: [], check: [], startedAt: performance.now(), seconds: 0 };
};
const leave = () => {
  if (phase) phases[phase].seconds = (performance.now() - phases[phase].startedAt) / 1000;
};
const errors = [];
let stopped;
const allStopped = new Promise((resolve) => (stopped = resolve));

parentPort.on('message', (message) => {
  leave();
  if (message === 'stop') {
    running = false;
    phase = null;
    void allStopped.then(() =>
      parentPort.postMessage({
        type: 'result',
        phases,
        errors: errors.slice(0, 5),
        failed: errors.length,
      }),
    );
  } else enter(message);
});

/** One round as an agent does it on a call; records the round and the check call alone (ms). */
async function round(client, i) {
  const c = lib.syntheticCustomer((i * 7919 + 104_729) % customers);
  const at = phase;
  const s = performance.now();
  const { customers: found } = await api(
    client.url,
    'GET',
    `/api/v1/customers?mobile=${c.mobile}`,
    undefined,
    client.token,
  );
  if (found.length !== 1) throw new Error(`look-up found ${found.length} customers`);
  const session = await api(
    client.url,
    'POST',
    '/api/v1/verifications',
    {
      callId: `centre-${client.username}-${i}`,
      callerNumber: c.mobile,
      businessType: 'enquiry',
      customerId: found[0].id,
    },
    client.token,
  );
  const sc = performance.now();
  const checked = await api(
    client.url,
    'POST',
    `/api/v1/verifications/${session.id}/basic`,
    { customerId: found[0].id, mobile: c.mobile, nationalId: c.nationalId },
    client.token,
  );
  const end = performance.now();
  if (checked.result !== 'passed') throw new Error(`basic check answered ${checked.result}`);
  if (at && at === phase) {
    phases[at].check.push(end - sc);
    phases[at].round.push(end - s);
  }
}

parentPort.postMessage({ type: 'ready' }); // the phases start from here
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
await Promise.all(
  clients.map(async (client, w) => {
    // Paced agents start spread over one period, as calls arrive, not all in the same instant.
    await sleep((everyMs * w) / clients.length);
    for (let i = w; running; i += clients.length) {
      if (!phase) {
        await sleep(10);
        continue;
      }
      const started = performance.now();
      try {
        await round(client, i);
      } catch (error) {
        errors.push(error.message);
        if (errors.length > 100) running = false;
      }
      const rest = everyMs - (performance.now() - started);
      if (rest > 0) await sleep(rest);
    }
  }),
);
stopped();
