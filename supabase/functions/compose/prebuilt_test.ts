import { deepEqual, equal, ok } from "node:assert/strict";
import { compositionOf } from "./compose.ts";
import { kitConfiguration, ROLES } from "./kinds/kit_configuration.ts";
import { requestKey, SHIPPED_COUNT, shippedComposition } from "./prebuilt.ts";

Deno.test("every role's kit configuration ships, in every tone and length", () => {
  equal(SHIPPED_COUNT, ROLES.length * 4 * 3);
  const options = { tone: "bold", length: "long" } as const;
  deepEqual(
    shippedComposition("kit_configuration", { role: "retoucher" }, options),
    compositionOf(kitConfiguration({ role: "retoucher" }, options)),
  );
});

Deno.test("shippedComposition() misses other kinds and other inputs", () => {
  const options = { tone: "professional", length: "medium" } as const;
  ok(!shippedComposition("product_description", { role: "producer" }, options));
  ok(!shippedComposition("kit_configuration", { role: "nobody" }, options));
});

Deno.test("requestKey() does not depend on the order of keys", () => {
  const options = { tone: "warm", length: "short" } as const;
  equal(
    requestKey("k", { a: 1, b: 2 }, options),
    requestKey("k", { b: 2, a: 1 }, { length: "short", tone: "warm" }),
  );
});
