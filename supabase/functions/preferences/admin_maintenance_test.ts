import { equal, throws } from "node:assert/strict";
import { MaintenanceBody, maintenanceStatement } from "./admin_maintenance.ts";

Deno.test("maintenanceStatement() writes each operation on a catalog-quoted name", () => {
  equal(maintenanceStatement("VACUUM", "public.samples"), "vacuum public.samples");
  equal(maintenanceStatement("ANALYZE", "public.samples"), "analyze public.samples");
  equal(maintenanceStatement("REINDEX", "public.samples"), "reindex table public.samples");
  equal(
    maintenanceStatement("VACUUM", 'public."Odd ""name"""'),
    'vacuum public."Odd ""name"""',
  );
});

Deno.test("maintenanceStatement() refuses anything that is not one quoted name", () => {
  for (
    const name of [
      "samples",
      "public.samples; drop table public.samples",
      'public."samples"; select 1',
      "public.samples --",
      'public."unterminated',
      "Public.Samples",
      "",
    ]
  ) {
    throws(() => maintenanceStatement("VACUUM", name), /not a quoted table name/, name);
  }
});

Deno.test("MaintenanceBody takes the three operations only, in capitals", () => {
  equal(MaintenanceBody.safeParse({ operation: "VACUUM", table: "samples" }).success, true);
  equal(MaintenanceBody.safeParse({ operation: "vacuum", table: "samples" }).success, false);
  equal(MaintenanceBody.safeParse({ operation: "VACUUM FULL", table: "samples" }).success, false);
  equal(MaintenanceBody.safeParse({ operation: "ANALYZE" }).success, false);
  equal(
    MaintenanceBody.safeParse({ operation: "ANALYZE", table: "samples", extra: 1 }).success,
    false,
  );
});
