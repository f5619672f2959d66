-- Settings change only through the preferences function, which validates them
-- (settings-administration-module.md: types, ranges, the thresholds' order, sizes). The table's
-- RLS let a user write their own row through PostgREST too, `preferences` and the assistant
-- columns included, so any document the database's CHECKs allow could be stored, bypassing those
-- rules (a `brandKeywords` of a million entries, a string where the media analyzer reads a list).
--
-- The function writes as the user, so RLS and the audit trigger still see who changed what, and
-- names every change's reason in the transaction setting `fashionos.change_reason` (the audit
-- log's change_reason). PostgREST sets no setting outside `request.*` and `response.*`, and the
-- API roles reach no SQL that sets one, so a write by an API role without a reason did not come
-- through the function: it is refused. Code running as another role is not affected: the signup
-- trigger and delete_my_data (security definer), the service role, migrations.
create or replace function private.user_preferences_through_function()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  -- current_user is the role the statement runs as: an API role's own write, not definer code
  if current_user::text in ('anon', 'authenticated')
     and nullif(current_setting('fashionos.change_reason', true), '') is null then
    raise exception 'settings are changed through the preferences function, which validates them'
      using errcode = '42501';
  end if;
  return new;
end;
$$;
revoke all on function private.user_preferences_through_function() from public, anon, authenticated;

create trigger user_preferences_through_function
  before insert or update on public.user_preferences
  for each row execute function private.user_preferences_through_function();
