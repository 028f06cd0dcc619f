-- API keys: the secret is stored only as its SHA-256 (docs/api.md, "Access").
create table if not exists api_keys (
    id                  text primary key,
    name                text not null,
    scope               text not null check (scope in ('admin', 'client', 'metrics')),
    secret_hash         bytea not null unique,
    requests_per_second integer check (requests_per_second > 0),
    created_at          timestamptz not null default now(),
    revoked_at          timestamptz
);
