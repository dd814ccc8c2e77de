// Types of what TypeScript callers use from system-deps.mjs (test/e2e asks for PostgreSQL).
export function postgresBinDir(): string | null;
