/**
 * Cost of running a query as the user (the path every request takes): the bare query, the
 * naive transaction (begin, set_config, query, commit: four awaited round trips) and
 * `asUser` (pipelined). Prints transactions per second; asserts nothing about time.
 */
import type { UserClaims } from "../../supabase/functions/_shared/auth.ts";
import { asUser, type Sql } from "../../supabase/functions/_shared/db.ts";

const claims: UserClaims = {
  sub: "00000000-0000-4000-8000-000000000001",
  role: "authenticated",
  exp: 2_000_000_000,
};

async function throughput(
  label: string,
  total: number,
  workers: number,
  once: () => Promise<unknown>,
) {
  for (let i = 0; i < 200; i++) await once(); // warm the pool and the plan cache
  let left = total;
  const started = performance.now();
  await Promise.all(Array.from({ length: workers }, async () => {
    while (left-- > 0) await once();
  }));
  const seconds = (performance.now() - started) / 1000;
  console.log(`${label.padEnd(44)} ${Math.round(total / seconds).toString().padStart(6)} tx/s`);
}

export async function benchRunAsUser(sql: Sql, total = 5000, workers = 8): Promise<void> {
  console.log(`\nrun-as-user transactions (${total} each, ${workers} concurrent callers)`);
  await throughput(
    "bare `select auth.uid()` (no role, no claims)",
    total,
    workers,
    () => sql`select auth.uid()`,
  );
  await throughput(
    "naive: begin; set_config; query; commit",
    total,
    workers,
    () =>
      sql.begin(async (tx) => {
        await tx`select set_config('role', 'authenticated', true),
        set_config('request.jwt.claims', ${JSON.stringify(claims)}, true)`;
        return await tx`select auth.uid()`;
      }),
  );
  await throughput(
    "asUser, one query (pipelined, 1 round trip)",
    total,
    workers,
    () => asUser(sql, claims, (tx) => tx`select auth.uid()`),
  );
  await throughput(
    "asUser, awaited steps (2 round trips)",
    total,
    workers,
    () => asUser(sql, claims, async (tx) => await tx`select auth.uid()`),
  );
}
