/**
 * POST /preferences/admin/maintenance: VACUUM, ANALYZE or REINDEX of one of the project's tables,
 * logged in maintenance_operations with its duration and outcome.
 *
 * Three things Postgres decides here:
 * - VACUUM cannot run in a transaction block, and a simple-protocol message with several
 *   statements is one: the statement goes out alone, on the pool, outside `asUser`/`asService`
 *   (which open transactions).
 * - VACUUM and ANALYZE of a table the role does not own only warn and skip it (REINDEX fails):
 *   run as `service_role` or `authenticated` they would "succeed" doing nothing. They run as the
 *   pool's login role, which owns the project's tables.
 * - The table is never written into SQL from the request: the catalog is asked which of its
 *   tables has that name (`private.maintainable_table`), and the identifier it quotes is used.
 */
import { z } from "zod";
import { asUser, mapDbError, transaction } from "../_shared/db.ts";
import { HttpError, httpError } from "../_shared/errors.ts";
import { inline } from "../_shared/inline_sql.ts";
import type { FunctionContext } from "../_shared/serve.ts";

export const MAINTENANCE_OPERATIONS = ["VACUUM", "ANALYZE", "REINDEX"] as const;
export type MaintenanceOperation = (typeof MAINTENANCE_OPERATIONS)[number];

export const MaintenanceBody = z.strictObject({
  operation: z.enum(MAINTENANCE_OPERATIONS),
  table: z.string().min(1).max(128),
});

/** `schema.table` as format('%I.%I') writes it: plain lower-case names or double-quoted ones. */
const QUALIFIED_NAME =
  /^(?:[a-z_][a-z0-9_$]*|"(?:[^"]|"")+")\.(?:[a-z_][a-z0-9_$]*|"(?:[^"]|"")+")$/;

/**
 * The statement for `operation` on a table name quoted by the catalog. A name that is not one
 * quoted identifier pair is refused outright, whatever produced it.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { maintenanceStatement } from "./admin_maintenance.ts";
 *
 * equal(maintenanceStatement("REINDEX", "public.samples"), "reindex table public.samples");
 * ```
 */
export function maintenanceStatement(
  operation: MaintenanceOperation,
  qualifiedName: string,
): string {
  if (!QUALIFIED_NAME.test(qualifiedName)) {
    throw new Error(`Cannot maintain ${JSON.stringify(qualifiedName)}: not a quoted table name`);
  }
  switch (operation) {
    case "VACUUM":
      return `vacuum ${qualifiedName}`;
    case "ANALYZE":
      return `analyze ${qualifiedName}`;
    case "REINDEX":
      return `reindex table ${qualifiedName}`;
  }
}

/** The log row the route answers with. */
export interface MaintenanceRecord {
  id: string;
  operation: MaintenanceOperation;
  table: string;
  status: "completed";
  startedAt: string;
  completedAt: string;
  durationMs: number;
}

type Body = z.output<typeof MaintenanceBody>;

/** The catalog's quoted name of the project table `table`, or a 422 naming the field. */
async function targetOf(ctx: FunctionContext, table: string): Promise<string> {
  const [row] = await transaction(
    ctx.db(),
    (tx) =>
      inline(tx)<{ name: string | null }[]>`
      select private.maintainable_table(${table}) as name`,
  ).catch((error) => {
    throw mapDbError(error);
  });
  if (!row?.name) {
    throw httpError("validation_failed", "Maintenance runs only on this project's tables", {
      errors: { table: [`${JSON.stringify(table)} is not one of this project's tables`] },
    });
  }
  return row.name;
}

/**
 * Runs the operation and logs it as the admin (the table's RLS admits admins logging their own
 * operations). A failure is logged too, with the server's message (admins only read the log),
 * and answered as its HTTP error, without that message.
 */
export async function runMaintenance(ctx: FunctionContext, body: Body): Promise<MaintenanceRecord> {
  const statement = maintenanceStatement(body.operation, await targetOf(ctx, body.table));
  const startedAt = new Date();
  const started = performance.now();
  let failure: unknown;
  try {
    await ctx.db().unsafe(statement).simple();
  } catch (error) {
    failure = error;
  }
  const durationMs = Math.round(performance.now() - started);
  const completedAt = new Date(startedAt.getTime() + durationMs);
  const pg = failure as { code?: string; message?: string } | undefined;
  const errorMessage = failure ? `${pg?.code ?? "error"}: ${pg?.message ?? String(failure)}` : null;
  const [row] = await asUser(
    ctx.db(),
    ctx.user.claims,
    (tx) =>
      inline(tx)<{ id: string }[]>`
      insert into public.maintenance_operations
        (operation_type, table_name, started_at, completed_at, duration_ms, status, initiated_by,
         error_message, options)
      values (${body.operation}, ${body.table}, ${startedAt}, ${completedAt}, ${durationMs},
              ${failure ? "failed" : "completed"}, ${ctx.user.userId}, ${errorMessage},
              ${{ requestId: ctx.requestId }}::jsonb)
      returning id`,
  );
  if (failure) {
    const mapped = mapDbError(failure);
    if (mapped instanceof HttpError) throw mapped;
    throw httpError("internal_error", `${body.operation} of ${body.table} failed`, {
      operationId: row.id,
    });
  }
  return {
    id: row.id,
    operation: body.operation,
    table: body.table,
    status: "completed",
    startedAt: startedAt.toISOString(),
    completedAt: completedAt.toISOString(),
    durationMs,
  };
}
