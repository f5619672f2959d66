import { deepEqual, equal } from "node:assert/strict";
import { estimateTableBloat, type TableStats } from "./admin_bloat.ts";

const base: TableStats = {
  tableBytes: 8192,
  liveRows: 10,
  deadRows: 0,
  averageRowWidth: 60,
  blockSize: 8192,
  fillfactor: 100,
};

Deno.test("estimateTableBloat() finds none in a table its live rows fill", () => {
  // 88-byte tuples: 92 a page; 920 rows need 10 pages.
  deepEqual(estimateTableBloat({ ...base, tableBytes: 10 * 8192, liveRows: 920 }), {
    bloatBytes: 0,
    bloatRatio: 0,
    basis: "pages",
  });
});

Deno.test("estimateTableBloat() counts the pages beyond what the live rows need", () => {
  const estimate = estimateTableBloat({ ...base, tableBytes: 40 * 8192, liveRows: 920 });
  equal(estimate.bloatBytes, 30 * 8192);
  equal(estimate.bloatRatio, 0.75);
});

Deno.test("estimateTableBloat() leaves room for the fillfactor", () => {
  // At 50 %, 920 rows need 20 pages (46 a page) instead of 10.
  const packed = estimateTableBloat({ ...base, tableBytes: 20 * 8192, liveRows: 920 });
  const half = estimateTableBloat({
    ...base,
    tableBytes: 20 * 8192,
    liveRows: 920,
    fillfactor: 50,
  });
  equal(packed.bloatBytes, 10 * 8192);
  equal(half.bloatBytes, 0);
});

Deno.test("estimateTableBloat() falls back to the dead-row share without a row width", () => {
  deepEqual(
    estimateTableBloat({ ...base, averageRowWidth: null, liveRows: 30, deadRows: 10 }),
    { bloatBytes: null, bloatRatio: 0.25, basis: "dead_rows" },
  );
});

Deno.test("estimateTableBloat() says nothing of an empty table", () => {
  equal(estimateTableBloat({ ...base, tableBytes: 0, liveRows: 0 }).basis, "empty");
  equal(
    estimateTableBloat({ ...base, averageRowWidth: null, liveRows: 0, deadRows: 0 }).basis,
    "empty",
  );
});

Deno.test("estimateTableBloat() never reports more than the whole table", () => {
  const estimate = estimateTableBloat({ ...base, tableBytes: 5 * 8192, liveRows: 0 });
  equal(estimate.bloatRatio, 1);
  // A row wider than a page still needs a page a row, never zero.
  equal(
    estimateTableBloat({ ...base, averageRowWidth: 20_000, liveRows: 3, tableBytes: 3 * 8192 })
      .bloatBytes,
    0,
  );
});
