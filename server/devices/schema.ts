// The SQL of migration 0024-devices (server/migrations.ts): each desk's signing identity and its
// chain key (sealed under the service's pepper), and the MAC archived with each keyed entry. Like
// every migration it has shipped once applied and is never edited.

/** 0024: desks bound to their journals (Art. 11). */
export const DEVICES_SQL = `
      create table devices (
        device_id text primary key check (device_id ~ '^[A-Za-z0-9._:-]{1,128}$'),
        -- Ed25519, SPKI DER, base64: verifies each batch's signature.
        public_key text not null,
        -- The 32-byte chain key, AES-256-GCM under a key derived from the pepper (never in clear).
        chain_key_sealed text not null,
        -- Entries from this seq on must carry a valid MAC; earlier ones are legacy (format 1).
        keyed_from bigint not null check (keyed_from >= 1),
        registered_at timestamptz not null,
        registered_by text not null,
        revoked_at timestamptz,
        revoked_by text,
        check ((revoked_at is null) = (revoked_by is null))
      );
      alter table journal_entries add column mac text check (mac is null or mac ~ '^[0-9a-f]{64}$');
    `;
