// The centre bench's CPU account (scripts/bench-centre-report.mjs): the checks' share is their CPU
// per check before the drain times the checks during it; what is left is the drain's, and the
// simulated desks' share is this process's CPU beyond its checkers'.
import { describe, expect, it } from 'vitest';
import { cpuAccount } from '../../../scripts/bench-centre-report.mjs';

const usage = (a: number, b: number, postgres: number) => ({
  A: { cpu: a, rssMb: 1 },
  B: { cpu: b, rssMb: 1 },
  postgres: { cpu: postgres, rssMb: 0 },
});

describe('cpuAccount', () => {
  // Before: 10 s, 100 checks, services 20 % + 30 %, PostgreSQL 40 %, the bench 10 % of a core:
  // per check 50 ms of service CPU, 40 ms of PostgreSQL's, 10 ms of the bench's.
  const baseline = { usage: usage(20, 30, 40), benchCpu: 10, seconds: 10, checks: 100 };

  it('takes the checks out at their measured CPU per check and leaves the drain the rest', () => {
    // During: 20 s, 200 checks, services 50 % + 50 %, PostgreSQL 80 %, the bench 60 %.
    const during = { usage: usage(50, 50, 80), benchCpu: 60, seconds: 20, checks: 200 };
    const { all, checks, ingest } = cpuAccount(baseline, during);
    expect(all).toEqual({ services: 20, postgres: 16, bench: 12 });
    expect(checks.services).toBeCloseTo(10);
    expect(checks.postgres).toBeCloseTo(8);
    expect(checks.bench).toBeCloseTo(2);
    expect(ingest.services).toBeCloseTo(10);
    expect(ingest.postgres).toBeCloseTo(8);
    expect(ingest.desks).toBeCloseTo(10);
  });

  it('never answers a negative share when the checks cost more during the drain', () => {
    const during = { usage: usage(5, 5, 5), benchCpu: 1, seconds: 10, checks: 400 };
    const { ingest } = cpuAccount(baseline, during);
    expect(ingest).toEqual({ services: 0, postgres: 0, desks: 0 });
  });

  it('charges everything to the drain when no check ran before it', () => {
    const during = { usage: usage(50, 50, 100), benchCpu: 20, seconds: 10, checks: 30 };
    const { ingest } = cpuAccount({ ...baseline, checks: 0 }, during);
    expect(ingest).toEqual({ services: 10, postgres: 10, desks: 2 });
  });
});
