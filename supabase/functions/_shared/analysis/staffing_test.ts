import { deepEqual } from "node:assert/strict";
import { staffingReport } from "./staffing.ts";

Deno.test("staffingReport() lists gaps first, largest first, then role name", () => {
  deepEqual(
    staffingReport({
      required: { dresser: 4, makeup: 2, hair: 2, producer: 1 },
      assigned: [
        { name: "Ana", role: "dresser" },
        { name: "Ben", role: "hair" },
        { name: "Cy", role: "makeup" },
        { name: "Dee", role: "producer" },
        { name: "Eve", role: "runner" },
      ],
    }),
    [
      { role: "dresser", required: 4, assigned: 1, gap: 3 },
      { role: "hair", required: 2, assigned: 1, gap: 1 },
      { role: "makeup", required: 2, assigned: 1, gap: 1 },
      { role: "producer", required: 1, assigned: 1, gap: 0 },
      { role: "runner", required: 0, assigned: 1, gap: 0 },
    ],
  );
});

Deno.test("staffingReport() never reports a negative gap", () => {
  deepEqual(
    staffingReport({
      required: { hair: 1 },
      assigned: [{ name: "Ben", role: "hair" }, { name: "Flo", role: "hair" }],
    }),
    [{ role: "hair", required: 1, assigned: 2, gap: 0 }],
  );
});

Deno.test("staffingReport() counts the same person listed twice for a role once", () => {
  deepEqual(
    staffingReport({
      required: { hair: 2 },
      assigned: [{ name: "Ben", role: "hair" }, { name: "Ben", role: "hair" }],
    }),
    [{ role: "hair", required: 2, assigned: 1, gap: 1 }],
  );
});

Deno.test("staffingReport() returns an empty list without staffing data", () => {
  deepEqual(staffingReport(undefined), []);
  deepEqual(staffingReport(null), []);
  deepEqual(staffingReport({ required: {}, assigned: [] }), []);
});

Deno.test("staffingReport() treats role names like constructor as plain names", () => {
  deepEqual(staffingReport({ required: {}, assigned: [{ name: "Ben", role: "constructor" }] }), [
    { role: "constructor", required: 0, assigned: 1, gap: 0 },
  ]);
});
