import { deepEqual, equal } from "node:assert/strict";
import { healthReport, isUnusedIndex, ratio, type RawHealth } from "./admin_health.ts";

const raw: RawHealth = {
  collectedAt: "2030-01-01T00:00:00Z",
  database: {
    name: "postgres",
    sizeBytes: 1_000_000,
    blocksHit: 990,
    blocksRead: 10,
    commits: 95,
    rollbacks: 5,
    conflicts: 0,
    deadlocks: 0,
    tempBytes: 0,
    statsReset: null,
  },
  blockSize: 8192,
  tables: [{
    schema: "public",
    name: "samples",
    totalBytes: 40_960,
    tableBytes: 8192,
    indexBytes: 32_768,
    liveRows: 30,
    deadRows: 10,
    averageRowWidth: null,
    fillfactor: 100,
    lastVacuum: null,
    lastAutovacuum: null,
    lastAnalyze: null,
    lastAutoanalyze: null,
    vacuumCount: 0,
    autovacuumCount: 0,
    analyzeCount: 0,
    autoanalyzeCount: 0,
    sequentialScans: 1,
    indexScans: 0,
  }],
  indexes: [
    {
      schema: "public",
      table: "samples",
      name: "samples_pkey",
      sizeBytes: 16_384,
      scans: 0,
      tuplesRead: 0,
      unique: true,
      primary: true,
    },
    {
      schema: "public",
      table: "samples",
      name: "samples_status_idx",
      sizeBytes: 16_384,
      scans: 0,
      tuplesRead: 0,
      unique: false,
      primary: false,
    },
    {
      schema: "public",
      table: "samples",
      name: "samples_owner_idx",
      sizeBytes: 16_384,
      scans: 3,
      tuplesRead: 9,
      unique: false,
      primary: false,
    },
  ],
  connections: { max: 100, visibility: "own", byState: { active: 1, idle: 3, hidden: 2 } },
  slowQueries: { installed: false, available: false, note: "not installed" },
};

Deno.test("ratio() rounds to 4 places and is null before anything happened", () => {
  equal(ratio(2, 3), 0.6667);
  equal(ratio(0, 0), null);
});

Deno.test("isUnusedIndex() flags unread indexes that enforce nothing", () => {
  equal(isUnusedIndex({ scans: 0, unique: false, primary: false }), true);
  equal(isUnusedIndex({ scans: 1, unique: false, primary: false }), false);
  equal(isUnusedIndex({ scans: 0, unique: true, primary: false }), false);
  equal(isUnusedIndex({ scans: 0, unique: true, primary: true }), false);
});

Deno.test("healthReport() computes the ratios, bloat and unused indexes", () => {
  const report = healthReport(raw);
  equal(report.database.cacheHitRatio, 0.99);
  equal(report.database.transactions, 100);
  equal(report.database.rollbackRatio, 0.05);
  deepEqual(report.unusedIndexes, ["public.samples_status_idx"]);
  deepEqual(report.indexes.map((index) => index.unused), [false, true, false]);
  deepEqual(report.tables[0].bloat, { bloatBytes: null, bloatRatio: 0.25, basis: "dead_rows" });
  equal(report.connections.total, 6);
  equal(typeof report.connections.note, "string");
  equal(
    healthReport({ ...raw, connections: { ...raw.connections, visibility: "all" } })
      .connections.note,
    null,
  );
});
