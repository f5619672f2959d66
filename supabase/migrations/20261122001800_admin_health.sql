-- Administration (issue 11): the database's health and the assistant's metrics for admins, and
-- which tables maintenance may touch.
--
-- Why security definer: run as an admin's `authenticated` role, pg_stat_activity hides the state
-- of every session not of that role, pg_stats hides columns without SELECT, and RLS hides other
-- users' insight cache rows. These functions run as their owner (the migration role, which owns
-- the project's tables) and answer only an admin (the JWT's app_metadata.role) or the system.
-- What even the owner cannot see without pg_read_all_stats (other logins' sessions, their
-- pg_stat_statements text) is said in the answer, not guessed.

-- ---------------------------------------------------------------------------------------------
-- The project's tables, read from the catalog: ordinary and partitioned tables in `public` that
-- no extension owns and that the role running maintenance owns (VACUUM and ANALYZE of a table
-- one does not own only warn and skip it). The maintenance allow-list and the health report's
-- tables are this set. Executable by its owner only: API roles never call it directly.
-- ---------------------------------------------------------------------------------------------
create function private.maintainable_tables()
returns table (table_oid oid, schema_name text, table_name text, qualified_name text)
language sql
stable
set search_path = ''
as $$
  select c.oid, n.nspname::text, c.relname::text, format('%I.%I', n.nspname, c.relname)
  from pg_catalog.pg_class c
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where n.nspname = 'public'
    and c.relkind in ('r', 'p')
    and pg_catalog.pg_has_role(c.relowner, 'USAGE')
    and not exists (select 1 from pg_catalog.pg_depend d
                    where d.classid = 'pg_catalog.pg_class'::regclass and d.objid = c.oid
                      and d.deptype = 'e');
$$;
comment on function private.maintainable_tables() is
  'The project''s tables (public, not an extension''s, owned by the caller): what maintenance may run on.';
revoke all on function private.maintainable_tables() from public, anon, authenticated, service_role;

-- The one table of that set named `p_table` (a bare name in `public`), as a quoted identifier
-- taken from the catalog, or null: the maintenance route builds its statement from this, never
-- from the request text.
create function private.maintainable_table(p_table text)
returns text
language sql
stable
set search_path = ''
as $$
  select t.qualified_name from private.maintainable_tables() t where t.table_name = p_table;
$$;
comment on function private.maintainable_table(text) is
  'The quoted name of the project table called p_table, or null when it is not one.';
revoke all on function private.maintainable_table(text) from public, anon, authenticated, service_role;

-- Refuses everyone but an admin and the system; an unknown answer is no.
create function private.assert_admin_or_system()
returns void
language plpgsql
stable
set search_path = ''
as $$
begin
  if not (coalesce(public.is_admin(), false) or coalesce(private.is_trusted_caller(), false)) then
    raise exception 'administrators only' using errcode = '42501';
  end if;
end;
$$;
revoke all on function private.assert_admin_or_system() from public, anon, authenticated, service_role;

-- ---------------------------------------------------------------------------------------------
-- admin_database_health(): the raw figures of GET /preferences/admin/health. Ratios, bloat and
-- unused-index flags are computed from them by the function (pure, unit-tested TypeScript).
-- ---------------------------------------------------------------------------------------------
create function public.admin_database_health()
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_statements jsonb;
  v_schema text;
  v_all_stats boolean := pg_catalog.pg_has_role('pg_read_all_stats', 'USAGE');
begin
  perform private.assert_admin_or_system();

  -- pg_stat_statements: where installed (Supabase installs it in `extensions`); it may be
  -- installed and yet unusable (not in shared_preload_libraries): then say why.
  select n.nspname into v_schema
  from pg_catalog.pg_extension e join pg_catalog.pg_namespace n on n.oid = e.extnamespace
  where e.extname = 'pg_stat_statements';
  if v_schema is null then
    v_statements := jsonb_build_object('installed', false, 'available', false,
      'note', 'pg_stat_statements is not installed in this database: slow queries are not tracked');
  else
    begin
      execute format(
        $q$select coalesce(jsonb_agg(q order by q."meanMs" desc), '[]'::jsonb) from (
             select left(s.query, 500) as query, s.calls,
                    round(s.mean_exec_time::numeric, 3) as "meanMs",
                    round(s.total_exec_time::numeric, 3) as "totalMs", s.rows
             from %I.pg_stat_statements s
             where s.dbid = (select oid from pg_catalog.pg_database where datname = current_database())
               and s.calls > 0
             order by s.mean_exec_time desc
             limit 20) q$q$, v_schema)
        into v_statements;
      v_statements := jsonb_build_object('installed', true, 'available', true,
        'queries', v_statements,
        'note', case when v_all_stats then null
                     else 'Only statements of roles this function''s owner has the privileges of show their text (no pg_read_all_stats)' end);
    exception when others then
      v_statements := jsonb_build_object('installed', true, 'available', false,
        'note', 'pg_stat_statements is installed but cannot be read: ' || sqlerrm);
    end;
  end if;

  return jsonb_build_object(
    'collectedAt', now(),
    'database', (
      select jsonb_build_object(
        'name', d.datname,
        'sizeBytes', pg_catalog.pg_database_size(d.datid),
        'blocksHit', d.blks_hit, 'blocksRead', d.blks_read,
        'commits', d.xact_commit, 'rollbacks', d.xact_rollback,
        'conflicts', d.conflicts, 'deadlocks', d.deadlocks,
        'tempBytes', d.temp_bytes, 'statsReset', d.stats_reset)
      from pg_catalog.pg_stat_database d where d.datname = current_database()),
    'blockSize', current_setting('block_size')::integer,
    'tables', (
      select coalesce(jsonb_agg(jsonb_build_object(
        'schema', t.schema_name, 'name', t.table_name,
        'totalBytes', pg_catalog.pg_total_relation_size(t.table_oid),
        'tableBytes', pg_catalog.pg_relation_size(t.table_oid),
        'indexBytes', pg_catalog.pg_indexes_size(t.table_oid),
        'liveRows', s.n_live_tup, 'deadRows', s.n_dead_tup,
        'averageRowWidth', (select sum(ps.avg_width) from pg_catalog.pg_stats ps
                            where ps.schemaname = t.schema_name and ps.tablename = t.table_name),
        'fillfactor', coalesce((select split_part(o, '=', 2)::integer
                                from unnest(c.reloptions) o where o like 'fillfactor=%'), 100),
        'lastVacuum', s.last_vacuum, 'lastAutovacuum', s.last_autovacuum,
        'lastAnalyze', s.last_analyze, 'lastAutoanalyze', s.last_autoanalyze,
        'vacuumCount', s.vacuum_count, 'autovacuumCount', s.autovacuum_count,
        'analyzeCount', s.analyze_count, 'autoanalyzeCount', s.autoanalyze_count,
        'sequentialScans', s.seq_scan, 'indexScans', s.idx_scan)
        order by pg_catalog.pg_total_relation_size(t.table_oid) desc, t.table_name), '[]'::jsonb)
      from private.maintainable_tables() t
      join pg_catalog.pg_class c on c.oid = t.table_oid
      left join pg_catalog.pg_stat_all_tables s on s.relid = t.table_oid),
    'indexes', (
      select coalesce(jsonb_agg(jsonb_build_object(
        'schema', t.schema_name, 'table', t.table_name, 'name', ic.relname,
        'sizeBytes', pg_catalog.pg_relation_size(i.indexrelid),
        'scans', coalesce(s.idx_scan, 0), 'tuplesRead', coalesce(s.idx_tup_read, 0),
        'unique', i.indisunique, 'primary', i.indisprimary)
        order by t.table_name, ic.relname), '[]'::jsonb)
      from private.maintainable_tables() t
      join pg_catalog.pg_index i on i.indrelid = t.table_oid
      join pg_catalog.pg_class ic on ic.oid = i.indexrelid
      left join pg_catalog.pg_stat_all_indexes s on s.indexrelid = i.indexrelid),
    'connections', jsonb_build_object(
      'max', current_setting('max_connections')::integer,
      'visibility', case when v_all_stats then 'all' else 'own' end,
      'byState', (
        select coalesce(jsonb_object_agg(x.state, x.n), '{}'::jsonb)
        from (select coalesce(a.state, 'hidden') as state, count(*) as n
              from pg_catalog.pg_stat_activity a
              -- a session hidden from us has no backend_type either: counted as hidden
              where a.datname = current_database()
                and (a.backend_type = 'client backend' or a.backend_type is null)
              group by 1) x)),
    'slowQueries', v_statements);
end;
$$;
comment on function public.admin_database_health() is
  'Admins only: database size, cache and transaction counters, per-table and per-index statistics, connections, pg_stat_statements.';

-- ---------------------------------------------------------------------------------------------
-- admin_assistant_metrics(from, to): the raw counts of GET /preferences/admin/metrics over
-- [from, to). The event vocabulary is the assistant document's (assistant_opened, kit_switched,
-- action_clicked) plus deep_link_shown / deep_link_clicked, assistant_error and the analyzers'
-- insight_calculated (with `cached` and `durationMs`). Rates and alerts are the function's.
-- ---------------------------------------------------------------------------------------------
create function public.admin_assistant_metrics(p_from timestamptz, p_to timestamptz)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_result jsonb;
begin
  perform private.assert_admin_or_system();
  if p_from is null or p_to is null or p_from >= p_to then
    raise exception 'the period must start before it ends' using errcode = '22023';
  end if;

  with ev as (
    select e.user_id, e.event_type, e.event_data, e.session_id, e.created_at
    from public.analytics_events e
    where e.created_at >= p_from and e.created_at < p_to
  ), conv as (
    select c.session_id, c.response_time_ms, c.helpful, c.created_at
    from public.assistant_conversations c
    where c.created_at >= p_from and c.created_at < p_to
  ), opens as (
    select e.user_id, (e.created_at at time zone 'UTC')::date as day, count(*) as n
    from ev e where e.event_type = 'assistant_opened'
    group by 1, 2
  ), sessions as (
    select extract(epoch from max(s.at) - min(s.at)) as seconds
    from (select e.session_id, e.created_at as at from ev e where e.session_id is not null
          union all
          select c.session_id, c.created_at from conv c) s
    group by s.session_id
  ), times as (
    select c.response_time_ms::float8 as ms from conv c where c.response_time_ms is not null
    union all
    -- client-written rows may hold anything: only plain numbers count
    select (e.event_data ->> 'durationMs')::float8
    from ev e
    where e.event_type = 'insight_calculated'
      and jsonb_typeof(e.event_data -> 'durationMs') = 'number'
      and (e.event_data ->> 'durationMs') ~ '^[0-9]{1,9}(\.[0-9]+)?$'
  )
  select jsonb_build_object(
    'from', p_from, 'to', p_to,
    'activeUsers', (select count(distinct e.user_id) from ev e),
    'eventCounts', (select coalesce(jsonb_object_agg(x.event_type, x.n), '{}'::jsonb)
                    from (select e.event_type, count(*) as n from ev e
                          where e.event_type in ('assistant_opened', 'kit_switched', 'action_clicked',
                                                 'deep_link_shown', 'deep_link_clicked',
                                                 'assistant_error', 'insight_calculated')
                          group by 1) x),
    'cachedInsights', (select count(*) from ev e
                       where e.event_type = 'insight_calculated'
                         and e.event_data -> 'cached' = 'true'::jsonb),
    'openUserDays', (select count(*) from opens),
    'daily', (select coalesce(jsonb_agg(jsonb_build_object('day', d.day, 'opens', d.opens,
                                                           'users', d.users) order by d.day), '[]'::jsonb)
              from (select o.day, sum(o.n) as opens, count(*) as users from opens o group by 1) d),
    'powerUsers', (select coalesce(jsonb_agg(jsonb_build_object('userId', p.user_id,
                                                                'peakOpensPerDay', p.peak,
                                                                'daysOverTen', p.days)
                                             order by p.peak desc, p.user_id), '[]'::jsonb)
                   from (select o.user_id, max(o.n) as peak, count(*) filter (where o.n > 10) as days
                         from opens o group by 1 having max(o.n) > 10
                         order by 2 desc, 1 limit 100) p),
    'sessions', (select jsonb_build_object('count', count(*), 'averageSeconds', avg(s.seconds))
                 from sessions s),
    'responseTimes', (select jsonb_build_object(
                        'count', count(*),
                        'p50', percentile_disc(0.5) within group (order by t.ms),
                        'p90', percentile_disc(0.9) within group (order by t.ms),
                        'p99', percentile_disc(0.99) within group (order by t.ms))
                      from times t),
    'conversations', (select count(*) from conv),
    'feedback', (select jsonb_build_object('helpful', count(*) filter (where c.helpful),
                                           'notHelpful', count(*) filter (where not c.helpful))
                 from conv c),
    -- the cache's own counters (entries now and the hits they served), whatever the period
    'insightCache', (select jsonb_build_object('entries', count(*),
                                               'hits', coalesce(sum(i.cache_hit_count), 0))
                     from public.assistant_insights i))
  into v_result;
  return v_result;
end;
$$;
comment on function public.admin_assistant_metrics(timestamptz, timestamptz) is
  'Admins only: the assistant''s usage, performance and satisfaction counts over [from, to).';

revoke all on function public.admin_database_health() from public, anon;
revoke all on function public.admin_assistant_metrics(timestamptz, timestamptz) from public, anon;
grant execute on function public.admin_database_health() to authenticated, service_role;
grant execute on function public.admin_assistant_metrics(timestamptz, timestamptz) to authenticated, service_role;
