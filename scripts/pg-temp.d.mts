// Types of pg-temp.mjs for the TypeScript that starts a throwaway PostgreSQL (test/e2e).
export function startTempPostgres(): Promise<{ url: string; dir: string }>;
export function stopTempPostgres(dir: string): void;
