-- Local platform layer, part 5: an emulation of Supabase Vault (the supabase_vault extension) with
-- the same names and signatures: vault.secrets, vault.create_secret(...), vault.update_secret(...)
-- and the view vault.decrypted_secrets (column decrypted_secret). Idempotent.
--
-- Hosted Vault encrypts with libsodium AEAD and a key held outside the database. Here secrets are
-- encrypted with pgcrypto's pgp_sym_encrypt under a random per-cluster key kept in
-- vault.local_key (readable by nobody but the owner): good enough to keep plaintext out of the
-- table and out of dumps of it, not a security boundary. Local development and tests only.
-- Privileges as on hosted Supabase: anon, authenticated and service_role have no access to the
-- schema; postgres may read and delete secrets and call create_secret/update_secret, nothing
-- more (writes go through the functions, which encrypt).

create schema if not exists vault;
revoke all on schema vault from public;
revoke all on schema vault from service_role;
grant usage on schema vault to postgres;

create table if not exists vault.local_key (
  id boolean primary key default true check (id),
  key text not null default encode(extensions.gen_random_bytes(32), 'hex')
);
insert into vault.local_key (id) values (true) on conflict (id) do nothing;
revoke all on vault.local_key from public, anon, authenticated, service_role;

create table if not exists vault.secrets (
  id uuid primary key default gen_random_uuid(),
  name text,
  description text not null default '',
  secret text not null,
  key_id uuid,
  nonce bytea default extensions.gen_random_bytes(24),
  created_at timestamptz not null default current_timestamp,
  updated_at timestamptz not null default current_timestamp
);
create unique index if not exists secrets_name_idx on vault.secrets (name) where name is not null;
comment on table vault.secrets is
  'Local emulation of Supabase Vault: `secret` holds pgp_sym_encrypt ciphertext (base64).';

create or replace function vault._crypto_key() returns text
language sql stable security definer
set search_path = ''
as $$ select key from vault.local_key where id $$;
revoke all on function vault._crypto_key() from public, anon, authenticated, service_role;

create or replace function vault._encrypt(plaintext text) returns text
language sql volatile security definer
set search_path = ''
as $$ select encode(extensions.pgp_sym_encrypt(plaintext, vault._crypto_key()), 'base64') $$;
revoke all on function vault._encrypt(text) from public, anon, authenticated, service_role;

create or replace function vault._decrypt(ciphertext text) returns text
language sql stable security definer
set search_path = ''
as $$ select extensions.pgp_sym_decrypt(decode(ciphertext, 'base64'), vault._crypto_key()) $$;
-- A view's caller needs EXECUTE on the functions it calls: postgres reads decrypted_secrets.
revoke all on function vault._decrypt(text) from public, anon, authenticated, service_role;
grant execute on function vault._decrypt(text) to postgres;

create or replace function vault.create_secret(
  new_secret text,
  new_name text default null,
  new_description text default '',
  new_key_id uuid default null
) returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  rec record;
begin
  insert into vault.secrets (secret, name, description, key_id)
  values (vault._encrypt(new_secret), new_name, coalesce(new_description, ''), new_key_id)
  returning * into rec;
  return rec.id;
end
$$;

create or replace function vault.update_secret(
  secret_id uuid,
  new_secret text default null,
  new_name text default null,
  new_description text default null,
  new_key_id uuid default null
) returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  update vault.secrets s
  set secret = case when new_secret is null then s.secret else vault._encrypt(new_secret) end,
      name = coalesce(new_name, s.name),
      description = coalesce(new_description, s.description),
      key_id = coalesce(new_key_id, s.key_id),
      updated_at = now()
  where s.id = secret_id;
end
$$;

create or replace view vault.decrypted_secrets as
select s.id,
       s.name,
       s.description,
       s.secret,
       vault._decrypt(s.secret) as decrypted_secret,
       s.key_id,
       s.nonce,
       s.created_at,
       s.updated_at
from vault.secrets s;

revoke all on vault.secrets, vault.decrypted_secrets
  from public, anon, authenticated, service_role, postgres;
grant select, delete on vault.secrets to postgres;
grant select on vault.decrypted_secrets to postgres;
revoke all on function vault.create_secret(text, text, text, uuid)
  from public, anon, authenticated, service_role;
revoke all on function vault.update_secret(uuid, text, text, text, uuid)
  from public, anon, authenticated, service_role;
grant execute on function vault.create_secret(text, text, text, uuid) to postgres;
grant execute on function vault.update_secret(uuid, text, text, text, uuid) to postgres;
