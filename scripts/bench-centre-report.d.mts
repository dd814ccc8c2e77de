// Types of bench-centre-report.mjs for its unit test (test/unit/scripts).
interface Usage {
  cpu: number;
  rssMb: number;
}
interface Sampled {
  usage: { A: Usage; B: Usage; postgres: Usage };
  benchCpu: number;
  seconds: number;
  checks: number;
}
export interface CpuAccount {
  all: { services: number; postgres: number; bench: number };
  checks: { services: number; postgres: number; bench: number };
  ingest: { services: number; postgres: number; desks: number };
}
export function cpuAccount(baseline: Sampled, during: Sampled): CpuAccount;
export function printCpuFloor(account: CpuAccount, entries: number): string;
export const n: (x: number) => string;
export const label: (s: string) => string;
