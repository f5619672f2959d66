import { equal, match, ok } from "node:assert/strict";
import { galleryFilter } from "./gallery.ts";

Deno.test("galleryFilter() always keeps to public rows", () => {
  equal(galleryFilter({ tags: [] }), "c.is_public");
});

Deno.test("galleryFilter() searches with the index's own expression and quotes the text", () => {
  const where = galleryFilter({ search: "linen'); drop table x; --", tags: ["resort"] });
  match(
    where,
    /private\.composition_search_document\(c\.name, c\.description, c\.tags\)\s+@@ websearch_to_tsquery\('english'::regconfig, \$c[0-9a-f]{8}\$linen'\); drop table x; --\$c[0-9a-f]{8}\$\)/,
  );
  ok(where.includes("c.tags @> array(select jsonb_array_elements_text("));
});
