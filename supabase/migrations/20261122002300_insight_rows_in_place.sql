-- Storing an analysis (insight_cache_put) was the largest cost of an answer about stored data
-- computed afresh (issue 8): 400-450 us a call on the local stack, for an entry of 3.2 KB of
-- JSON kept twice (`data`, `data_text`). Both columns were `extended`, and the row (about 3.6 KB
-- compressed) is over the 2 KB toast target: each store wrote both values to the TOAST table,
-- with their index entries, and left the two before it dead there. And each store moves
-- `expires_at`, which an index covered, so no update of an entry could stay on its page (0 of
-- 4,153 were HOT).
--
-- `main` keeps a value compressed in its row, and out of line only when the row would not fit on
-- a page (the answer about a long supplied list still goes to TOAST). The index on `expires_at`
-- served only the daily purge (`purge_expired`), which can read the table.
--
-- Measured on the local stack, 16 concurrent no-cache readiness calls over 40 stored samples
-- (each computed and stored), three runs each way: Postgres 1.45-1.52 -> 1.32-1.53 ms a call,
-- 592-653 -> 620-730 req/s; 0 -> 12,862 of 19,524 stores HOT. A small gain, within the noise at
-- one connection; what it removes from each store (two TOAST rows with their index entries, and
-- the row's entries in its other indexes when the update stays on its page) no reader needed.
alter table public.assistant_insights
  alter column data set storage main,
  alter column data_text set storage main;

drop index if exists public.assistant_insights_expires_at_idx;
