/** Administration (admins only): the assistant's metrics as charts, database health and
 * maintenance. The server refuses everyone else (403); this page does not even ask. */
import type { Session } from "@supabase/supabase-js";
import { useState } from "preact/hooks";
import { isAdmin } from "../auth/session.ts";
import { callFunction } from "../api.ts";
import { Card, EmptyState, ErrorState, Skeleton } from "../ui/states.tsx";
import { showToast } from "../ui/toasts.tsx";
import { useLoad } from "../use_load.ts";
import { DailyChart } from "./daily_chart.tsx";

interface Metrics {
  usage: {
    activeUsers: number;
    opens: number;
    kitSwitchRate: number | null;
    actionClickRate: number | null;
    deepLinkConversion: number | null;
    averageSessionSeconds: number | null;
    daily: { day: string; opens: number; users: number }[];
  };
  performance: {
    responseTimeMs: { p50: number | null; p90: number | null; p99: number | null };
    cacheHitRate: number | null;
    errorRate: number | null;
  };
  business: { satisfaction: number | null; powerUsers: unknown[] };
  alerts: { errorRate: boolean; responseTime: boolean; cacheHitRate: boolean; any: boolean };
}

interface Health {
  database: {
    sizeBytes: number;
    cacheHitRatio: number | null;
    transactions: number;
    conflicts: number;
  };
  tables: {
    schema: string;
    name: string;
    totalBytes: number;
    liveRows: number | null;
    deadRows: number | null;
    lastVacuum: string | null;
    lastAutovacuum: string | null;
    bloat: { bloatRatio: number };
  }[];
  unusedIndexes: string[];
  connections: { total: number; byState: Record<string, number> };
  slowQueries: { available: boolean; note: string | null };
}

const percent = (value: number | null) =>
  value === null ? "—" : `${Math.round(value * 1000) / 10}%`;
const ms = (value: number | null) => value === null ? "—" : `${Math.round(value)} ms`;
const bytes = (n: number) =>
  n >= 1e9
    ? `${(n / 1e9).toFixed(1)} GB`
    : n >= 1e6
    ? `${(n / 1e6).toFixed(1)} MB`
    : `${Math.round(n / 1e3)} kB`;

export function AdminPage({ session }: { session: Session }) {
  if (!isAdmin(session)) {
    return (
      <div class="grid">
        <Card title="Administration" wide testId="admin-refused">
          <EmptyState title="Administrators only">
            This page shows the database and every user's usage, so it is open to administrators
            only. Ask an administrator if you need something from it.
          </EmptyState>
        </Card>
      </div>
    );
  }
  return <AdminDashboard />;
}

function AdminDashboard() {
  const metrics = useLoad(
    () => callFunction<Metrics>("preferences/admin/metrics", { method: "GET" }),
    [],
  );
  const health = useLoad(
    () => callFunction<Health>("preferences/admin/health", { method: "GET" }),
    [],
  );
  return (
    <>
      <div class="page-head">
        <h1>Administration</h1>
      </div>
      <div class="grid">
        {metrics.loading
          ? (
            <Card title="Usage">
              <Skeleton lines={4} label="metrics" />
            </Card>
          )
          : metrics.error
          ? <ErrorState error={metrics.error} onRetry={metrics.reload} />
          : metrics.data && <MetricsCards metrics={metrics.data} />}
        {health.loading
          ? (
            <Card title="Database">
              <Skeleton lines={4} label="database health" />
            </Card>
          )
          : health.error
          ? <ErrorState error={health.error} onRetry={health.reload} />
          : health.data && <HealthCards health={health.data} onChanged={health.reload} />}
      </div>
    </>
  );
}

function Figure({ label, value, alert }: { label: string; value: string; alert?: boolean }) {
  return (
    <div class={alert ? "figure alert" : "figure"}>
      <span class="figure-value">{value}</span>
      <span class="figure-label">{label}{alert ? " · over the limit" : ""}</span>
    </div>
  );
}

function MetricsCards({ metrics }: { metrics: Metrics }) {
  const { usage, performance, business, alerts } = metrics;
  return (
    <>
      <Card title="Usage" testId="admin-usage">
        <div class="figures">
          <Figure label="active users" value={String(usage.activeUsers)} />
          <Figure label="assistant opens" value={String(usage.opens)} />
          <Figure label="kit switches per open" value={percent(usage.kitSwitchRate)} />
          <Figure label="action clicks per open" value={percent(usage.actionClickRate)} />
          <Figure label="satisfaction" value={percent(business.satisfaction)} />
          <Figure label="power users" value={String(business.powerUsers.length)} />
        </div>
      </Card>
      <Card title="Performance" testId="admin-performance">
        <div class="figures">
          <Figure label="p50 answer" value={ms(performance.responseTimeMs.p50)} />
          <Figure
            label="p90 answer"
            value={ms(performance.responseTimeMs.p90)}
            alert={alerts.responseTime}
          />
          <Figure label="p99 answer" value={ms(performance.responseTimeMs.p99)} />
          <Figure
            label="cache hit rate"
            value={percent(performance.cacheHitRate)}
            alert={alerts.cacheHitRate}
          />
          <Figure
            label="error rate"
            value={percent(performance.errorRate)}
            alert={alerts.errorRate}
          />
        </div>
      </Card>
      <Card title="Assistant opens per day" wide testId="admin-daily">
        {usage.daily.length === 0
          ? <EmptyState title="No opens in this period">Opens appear here day by day.</EmptyState>
          : <DailyChart days={usage.daily} />}
      </Card>
    </>
  );
}

function HealthCards({ health, onChanged }: { health: Health; onChanged: () => void }) {
  const [busy, setBusy] = useState<string | null>(null);
  async function maintain(operation: "VACUUM" | "ANALYZE", table: string) {
    setBusy(`${operation} ${table}`);
    const { error } = await callFunction("preferences/admin/maintenance", {
      body: { operation, table },
    });
    setBusy(null);
    showToast(
      error
        ? { kind: "critical", title: `${operation} failed`, body: error.message }
        : { kind: "success", title: `${operation} done`, body: table },
    );
    if (!error) onChanged();
  }
  return (
    <>
      <Card title="Database" testId="admin-database">
        <div class="figures">
          <Figure label="size" value={bytes(health.database.sizeBytes)} />
          <Figure label="cache hit ratio" value={percent(health.database.cacheHitRatio)} />
          <Figure label="connections" value={String(health.connections.total)} />
          <Figure label="conflicts" value={String(health.database.conflicts)} />
        </div>
        <p class="muted small">
          {health.slowQueries.available
            ? "Slow queries are tracked."
            : health.slowQueries.note ?? "Slow queries are not tracked."}
        </p>
        {health.unusedIndexes.length > 0 && (
          <p class="muted small">{health.unusedIndexes.length} indexes have not been used.</p>
        )}
      </Card>
      <Card title="Tables" wide testId="admin-tables">
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Table</th>
                <th scope="col">Size</th>
                <th scope="col">Live rows</th>
                <th scope="col">Dead rows</th>
                <th scope="col">Bloat</th>
                <th scope="col">Maintenance</th>
              </tr>
            </thead>
            <tbody>
              {health.tables.slice(0, 20).map((t) => {
                const name = `${t.schema}.${t.name}`;
                return (
                  <tr key={name}>
                    <th scope="row">{t.name}</th>
                    <td>{bytes(t.totalBytes)}</td>
                    <td>{t.liveRows ?? "—"}</td>
                    <td>{t.deadRows ?? "—"}</td>
                    <td>{percent(t.bloat.bloatRatio)}</td>
                    <td class="row-actions">
                      {(["VACUUM", "ANALYZE"] as const).map((op) => (
                        <button
                          key={op}
                          type="button"
                          class="button"
                          disabled={busy !== null}
                          aria-label={`${op} ${t.name}`}
                          onClick={() => maintain(op, t.name)}
                        >
                          {busy === `${op} ${t.name}` ? "…" : op.toLowerCase()}
                        </button>
                      ))}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </Card>
    </>
  );
}
