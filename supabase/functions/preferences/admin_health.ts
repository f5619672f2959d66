/**
 * GET /preferences/admin/health from the figures `admin_database_health()` reads: the ratios,
 * the bloat estimate of each table and the unused indexes, computed here (pure).
 */
import { type BloatEstimate, estimateTableBloat } from "./admin_bloat.ts";

/** One table as the database reports it. */
export interface RawTable {
  schema: string;
  name: string;
  totalBytes: number;
  tableBytes: number;
  indexBytes: number;
  liveRows: number | null;
  deadRows: number | null;
  averageRowWidth: number | null;
  fillfactor: number;
  lastVacuum: string | null;
  lastAutovacuum: string | null;
  lastAnalyze: string | null;
  lastAutoanalyze: string | null;
  vacuumCount: number | null;
  autovacuumCount: number | null;
  analyzeCount: number | null;
  autoanalyzeCount: number | null;
  sequentialScans: number | null;
  indexScans: number | null;
}

export interface RawIndex {
  schema: string;
  table: string;
  name: string;
  sizeBytes: number;
  scans: number;
  tuplesRead: number;
  unique: boolean;
  primary: boolean;
}

export interface SlowQueries {
  installed: boolean;
  available: boolean;
  note: string | null;
  queries?: { query: string; calls: number; meanMs: number; totalMs: number; rows: number }[];
}

/** What `public.admin_database_health()` answers. */
export interface RawHealth {
  collectedAt: string;
  database: {
    name: string;
    sizeBytes: number;
    blocksHit: number;
    blocksRead: number;
    commits: number;
    rollbacks: number;
    conflicts: number;
    deadlocks: number;
    tempBytes: number;
    statsReset: string | null;
  };
  blockSize: number;
  tables: RawTable[];
  indexes: RawIndex[];
  connections: { max: number; visibility: "all" | "own"; byState: Record<string, number> };
  slowQueries: SlowQueries;
}

/** Hits over all reads, 0–1 to 4 places; null before any read. */
export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;
}

/**
 * An index nothing has read since the statistics were reset. Unique and primary-key indexes
 * are never "unused": they enforce a constraint on every write.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { isUnusedIndex } from "./admin_health.ts";
 *
 * equal(isUnusedIndex({ scans: 0, unique: false, primary: false }), true);
 * equal(isUnusedIndex({ scans: 0, unique: true, primary: false }), false);
 * ```
 */
export function isUnusedIndex(index: Pick<RawIndex, "scans" | "unique" | "primary">): boolean {
  return index.scans === 0 && !index.unique && !index.primary;
}

export interface HealthReport {
  collectedAt: string;
  database: RawHealth["database"] & {
    cacheHitRatio: number | null;
    transactions: number;
    rollbackRatio: number | null;
  };
  tables: (RawTable & { bloat: BloatEstimate })[];
  indexes: (RawIndex & { unused: boolean })[];
  unusedIndexes: string[];
  connections: RawHealth["connections"] & { total: number; note: string | null };
  slowQueries: SlowQueries;
}

/** The health report of the raw figures: what the route answers. */
export function healthReport(raw: RawHealth): HealthReport {
  const db = raw.database;
  const transactions = db.commits + db.rollbacks;
  const indexes = raw.indexes.map((index) => ({ ...index, unused: isUnusedIndex(index) }));
  const total = Object.values(raw.connections.byState).reduce((sum, n) => sum + n, 0);
  return {
    collectedAt: raw.collectedAt,
    database: {
      ...db,
      cacheHitRatio: ratio(db.blocksHit, db.blocksHit + db.blocksRead),
      transactions,
      rollbackRatio: ratio(db.rollbacks, transactions),
    },
    tables: raw.tables.map((table) => ({
      ...table,
      bloat: estimateTableBloat({
        tableBytes: table.tableBytes,
        liveRows: table.liveRows ?? 0,
        deadRows: table.deadRows ?? 0,
        averageRowWidth: table.averageRowWidth,
        blockSize: raw.blockSize,
        fillfactor: table.fillfactor,
      }),
    })),
    indexes,
    unusedIndexes: indexes.filter((index) => index.unused).map((index) =>
      `${index.schema}.${index.name}`
    ),
    connections: {
      ...raw.connections,
      total,
      note: raw.connections.visibility === "all" ? null : "Sessions of other logins are counted " +
        "as hidden: the database role lacks pg_read_all_stats",
    },
    slowQueries: raw.slowQueries,
  };
}
