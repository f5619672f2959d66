/**
 * Table bloat, estimated from statistics without reading the table: the pages the live rows
 * would fill when packed (at the table's fillfactor) against the pages the table has. Without a
 * row width (the table was never analyzed), the dead-row share stands in.
 */

/** Page header (24 bytes) of every heap page. */
const PAGE_HEADER_BYTES = 24;
/** A heap tuple's header (23 bytes, aligned) plus its 4-byte line pointer in the page. */
const TUPLE_OVERHEAD_BYTES = 24 + 4;
/** Tuples are aligned to 8 bytes (MAXALIGN on 64-bit servers). */
const ALIGN = 8;

export interface TableStats {
  /** Bytes of the table's main fork (pg_relation_size). */
  tableBytes: number;
  liveRows: number;
  deadRows: number;
  /** Sum of the columns' average widths from pg_stats; null when never analyzed. */
  averageRowWidth: number | null;
  blockSize: number;
  /** Percent of each page filled on insert (100 unless the table says otherwise). */
  fillfactor: number;
}

export interface BloatEstimate {
  /** Bytes beyond what the live rows need; null when estimated from dead rows only. */
  bloatBytes: number | null;
  /** Share of the table that is bloat, 0–1, rounded to 4 places. */
  bloatRatio: number;
  /** `pages`: from the row width; `dead_rows`: the dead-row share; `empty`: nothing to say. */
  basis: "pages" | "dead_rows" | "empty";
}

const round4 = (value: number) => Math.round(value * 10_000) / 10_000;

/**
 * Estimates the bloat of one table.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { estimateTableBloat } from "./admin_bloat.ts";
 *
 * // 10 pages for 100 rows of 100 bytes, which fit in 2: 8 pages (80 %) are bloat.
 * const estimate = estimateTableBloat({
 *   tableBytes: 10 * 8192, liveRows: 100, deadRows: 0, averageRowWidth: 100,
 *   blockSize: 8192, fillfactor: 100,
 * });
 * deepEqual(estimate, { bloatBytes: 8 * 8192, bloatRatio: 0.8, basis: "pages" });
 * ```
 */
export function estimateTableBloat(stats: TableStats): BloatEstimate {
  const pages = Math.floor(stats.tableBytes / stats.blockSize);
  const live = Math.max(0, stats.liveRows);
  const dead = Math.max(0, stats.deadRows);
  if (stats.averageRowWidth === null || stats.averageRowWidth <= 0) {
    if (live + dead === 0) return { bloatBytes: null, bloatRatio: 0, basis: "empty" };
    return { bloatBytes: null, bloatRatio: round4(dead / (live + dead)), basis: "dead_rows" };
  }
  if (pages === 0) return { bloatBytes: 0, bloatRatio: 0, basis: "empty" };
  const tupleBytes = Math.ceil((TUPLE_OVERHEAD_BYTES + stats.averageRowWidth) / ALIGN) * ALIGN;
  const usable = (stats.blockSize - PAGE_HEADER_BYTES) * (stats.fillfactor / 100);
  const rowsPerPage = Math.max(1, Math.floor(usable / tupleBytes));
  const neededPages = Math.ceil(live / rowsPerPage);
  const bloatPages = Math.max(0, pages - neededPages);
  return {
    bloatBytes: bloatPages * stats.blockSize,
    bloatRatio: round4(bloatPages / pages),
    basis: "pages",
  };
}
