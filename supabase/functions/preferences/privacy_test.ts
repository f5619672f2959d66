import { deepEqual, equal } from "node:assert/strict";
import { DeletionBody } from "./privacy.ts";

Deno.test("DeletionBody takes exactly DELETE and nothing else", () => {
  equal(DeletionBody.safeParse({ confirm: "DELETE" }).success, true);
  for (const confirm of ["delete", "DELETE ", "yes", true, null, undefined]) {
    equal(DeletionBody.safeParse({ confirm }).success, false, String(confirm));
  }
  equal(DeletionBody.safeParse({ confirm: "DELETE", userId: "someone" }).success, false);
  const refused = DeletionBody.safeParse({ confirm: "yes" });
  deepEqual(refused.error?.issues.map((issue) => issue.message), [
    'Must be exactly "DELETE" to erase your data',
  ]);
});
