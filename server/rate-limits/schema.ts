// The SQL of the shared rate-limit migration (server/migrations.ts): one row per limited key and
// route, so every records-service instance counts the same attempts (two instances behind a load
// balancer must not double a client's budget). Keys are SHA-256 hashes: no address or username.

export const RATE_LIMITS_SQL = `
      create table rate_limit_hits (
        -- SHA-256 hex of route + limiter key (bearer token hash, or address | username).
        key text primary key check (key ~ '^[0-9a-f]{64}$'),
        hits integer not null check (hits > 0),
        window_end timestamptz not null
      );
      create index rate_limit_hits_end_idx on rate_limit_hits (window_end);
`;
