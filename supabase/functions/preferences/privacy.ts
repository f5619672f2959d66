/**
 * preferences' privacy routes over the data model's RPCs, as the caller (the user is the
 * token's `sub`, never the body): everything of theirs as JSON, and erasure of it.
 */
import { z } from "zod";
import { readJson } from "../_shared/body.ts";
import { asUser } from "../_shared/db.ts";
import { jsonResponse } from "../_shared/response.ts";
import type { FunctionRoute } from "../_shared/serve.ts";

/** Erasure cannot be undone: the body must say so in exactly these letters. */
export const DeletionBody = z.strictObject({
  confirm: z.literal("DELETE", { error: 'Must be exactly "DELETE" to erase your data' }),
});

export const privacyRoutes: FunctionRoute[] = [
  {
    method: "POST",
    path: "/data-export",
    handler: async (_req, { ctx }) => {
      // As text: the document goes out as Postgres wrote it, without a parse and a stringify.
      const [row] = await asUser(
        ctx.db(),
        ctx.user.claims,
        (tx) => tx<{ json: string }[]>`select public.export_my_data()::text as json`,
      );
      const day = new Date().toISOString().slice(0, 10);
      return new Response(row.json, {
        headers: {
          "Content-Type": "application/json",
          "Content-Disposition": `attachment; filename="fashionos-export-${day}.json"`,
          "Cache-Control": "no-store",
        },
      });
    },
  },
  {
    method: "POST",
    path: "/data-deletion",
    handler: async (req, { ctx }) => {
      await readJson(req, DeletionBody);
      const [row] = await asUser(
        ctx.db(),
        ctx.user.claims,
        (tx) =>
          tx<{ deleted: Record<string, number> }[]>`select public.delete_my_data() as deleted`,
      );
      return jsonResponse({ deleted: row.deleted, deletedAt: new Date().toISOString() });
    },
  },
];
