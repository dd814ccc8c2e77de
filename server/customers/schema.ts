// The SQL of migration 0007 (server/migrations.ts), kept here for size: the audited customer
// look-ups by caller number. Like every migration it has shipped once applied and is never
// edited — change the schema with a new migration.

/** 0007: every customer look-up by caller number, audited (Art. 5, 11). */
export const CUSTOMER_LOOKUPS_SQL = `
      create table customer_lookups (
        id bigserial primary key,
        at timestamptz not null,
        agent_username text not null,
        mobile_masked text not null check (mobile_masked ~ '^1[3-9][0-9][*]{4}[0-9]{4}$'),
        matches integer not null check (matches >= 0)
      );
      create index customer_lookups_agent_idx on customer_lookups (agent_username, at);
    `;
