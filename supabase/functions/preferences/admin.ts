/**
 * preferences' administration routes: database health, maintenance and the assistant's
 * metrics. `admin: true` makes serve.ts refuse (403) every caller whose token lacks
 * `app_metadata.role = "admin"` before a handler runs; the database functions behind them ask
 * again (`admin_database_health`, `admin_assistant_metrics`, the maintenance log's RLS).
 */
import { readJson } from "../_shared/body.ts";
import { asUser } from "../_shared/db.ts";
import { inline } from "../_shared/inline_sql.ts";
import { jsonResponse } from "../_shared/response.ts";
import type { FunctionRoute } from "../_shared/serve.ts";
import { healthReport, type RawHealth } from "./admin_health.ts";
import { MaintenanceBody, runMaintenance } from "./admin_maintenance.ts";
import { assistantMetrics, metricsPeriod, type RawMetrics } from "./admin_metrics.ts";

export const adminRoutes: FunctionRoute[] = [
  {
    method: "GET",
    path: "/admin/health",
    admin: true,
    handler: async (_req, { ctx }) => {
      const [row] = await asUser(
        ctx.db(),
        ctx.user.claims,
        (tx) => tx<{ health: RawHealth }[]>`select public.admin_database_health() as health`,
      );
      return jsonResponse(healthReport(row.health));
    },
  },
  {
    method: "POST",
    path: "/admin/maintenance",
    admin: true,
    handler: async (req, { ctx }) =>
      jsonResponse(await runMaintenance(ctx, await readJson(req, MaintenanceBody))),
  },
  {
    method: "GET",
    path: "/admin/metrics",
    admin: true,
    handler: async (req, { ctx }) => {
      const { from, to } = metricsPeriod(new URL(req.url).searchParams, new Date());
      const [row] = await asUser(
        ctx.db(),
        ctx.user.claims,
        (tx) =>
          inline(tx)<{ metrics: RawMetrics }[]>`
          select public.admin_assistant_metrics(${from}::timestamptz, ${to}::timestamptz) as metrics`,
      );
      return jsonResponse(assistantMetrics(row.metrics));
    },
  },
];
