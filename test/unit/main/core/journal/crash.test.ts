// The crash harness (scripts/crash-harness.mjs, `npm run test:crash` runs 1,000 cycles) at a CI
// count: a child appending and acknowledging journal entries is killed with SIGKILL at random
// moments and restarted; after every cycle no acknowledged entry is lost, every file reads and
// the chain verifies.
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without types
import { runCrashHarness } from '../../../../../scripts/crash-harness.mjs';

interface Result {
  cycles: number;
  acknowledged: number;
  lost: number;
  unreadable: number;
  chainBreaks: number;
}

describe('journal crash safety (SIGKILL harness)', () => {
  it('30 kill/restart cycles: zero acknowledged entries lost, zero unreadable files, chain intact', async () => {
    const cycles = Number(process.env.CRASH_CYCLES_CI ?? 30);
    const result = (await runCrashHarness({ cycles, log: () => {} })) as Result;
    expect(result).toMatchObject({ cycles, lost: 0, unreadable: 0, chainBreaks: 0 });
    expect(result.acknowledged).toBeGreaterThan(0);
  }, 180_000);
});
