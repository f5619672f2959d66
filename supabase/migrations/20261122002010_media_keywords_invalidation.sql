-- The media scorer's answers depend on the brand keywords in the caller's settings. They were
-- part of every cache key, so the scorer read the settings (a round trip of its own) before it
-- could even look the answer up. Now a change of the keywords drops the user's media entries,
-- as a change of their gallery or shot list does, and a cached answer costs the one round trip
-- of admission and lookup.

create or replace function private.invalidate_media_on_brand_keywords()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if (case when tg_op = 'INSERT' then null else old.preferences -> 'brandKeywords' end)
     is not distinct from (case when tg_op = 'DELETE' then null else new.preferences -> 'brandKeywords' end) then
    return null;
  end if;
  delete from public.assistant_insights i
  where i.insight_type = 'media'
    and i.user_id = (case when tg_op = 'DELETE' then old.user_id else new.user_id end);
  return null;
end;
$$;
revoke all on function private.invalidate_media_on_brand_keywords() from public, anon, authenticated;

create trigger user_preferences_invalidate_media
  after insert or update of preferences or delete on public.user_preferences
  for each row execute function private.invalidate_media_on_brand_keywords();
