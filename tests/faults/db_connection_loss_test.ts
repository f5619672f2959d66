/**
 * The run-as-user transactions of _shared/db.ts when the database goes away under them:
 * restarted mid-transaction, stopped, or silent (a backend frozen with SIGSTOP, as a dead
 * network looks). Each answers a 503 with Retry-After, the process survives (postgres.js
 * used to write to a closed connection's null socket and throw where nothing catches), and
 * the pool works again afterwards. Runs in `npm run test:faults` with a stack of its own.
 */
import assert from "node:assert/strict";
import { decodeJwt } from "jose";
import { createClient } from "@supabase/supabase-js";
import { restartCluster, ROOT, stopCluster, usableDataDir } from "../../local/cluster.ts";
import { join } from "../../local/paths.ts";
import { freePort, type Stack, startStack } from "../../local/stack.ts";
import type { UserClaims } from "../../supabase/functions/_shared/auth.ts";
import { asService, asUser, pool } from "../../supabase/functions/_shared/db.ts";
import { HttpError } from "../../supabase/functions/_shared/errors.ts";

/** Fails instead of hanging when a transaction never answers (what this file guards). */
function answered<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const never = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in 30 s`)), 30_000);
  });
  return Promise.race([promise, never]).finally(() => clearTimeout(timer));
}

function assertUnavailable(error: unknown) {
  assert.ok(error instanceof HttpError, `expected an HttpError, got ${error}`);
  assert.equal(error.status, 503);
  assert.equal(error.code, "service_unavailable");
  assert.ok(new Headers(error.extra.headers).get("Retry-After"), "Retry-After");
}

/** Every connection of the pool answers again (more transactions than connections). */
async function assertPoolWorks(dbUrl: string, claims: UserClaims) {
  const ids = await Promise.all(
    Array.from(
      { length: 25 },
      () => answered(asUser(pool(dbUrl), claims, (tx) => tx`select auth.uid() as id`), "after"),
    ),
  );
  for (const [row] of ids) assert.equal(row.id, claims.sub);
}

const dataDir = join(ROOT, ".local", `faults-loss-${Deno.pid}`);
let stack: Stack | undefined;
let claims: UserClaims;

async function setUp(): Promise<Stack> {
  if (stack) return stack;
  stack = await startStack({
    apiPort: freePort(),
    dbPort: freePort(),
    dataDir,
    ephemeral: true,
  });
  const client = createClient(stack.url, stack.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
  });
  const { data, error } = await client.auth.signUp({
    email: `loss-${crypto.randomUUID().slice(0, 8)}@example.test`,
    password: "correct-horse-battery",
  });
  if (error || !data.session) throw error ?? new Error("signUp returned no session");
  claims = decodeJwt(data.session.access_token) as UserClaims;
  return stack;
}

Deno.test({
  name: "db transactions survive the database going away",
  // The pool's timers outlive single steps by design; the last step closes everything.
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    try {
      const { dbUrl } = await setUp();
      const sql = pool(dbUrl);

      await t.step("asUser answers 503 when Postgres restarts between two statements", async () => {
        const error = await answered(
          asUser(sql, claims, async (tx) => {
            await tx`select 1`;
            await restartCluster(dataDir);
            return await tx`select 2`;
          }),
          "restart mid-transaction",
        ).then(() => undefined, (e) => e);
        assertUnavailable(error);
        await assertPoolWorks(dbUrl, claims);
      });

      await t.step(
        "asUser answers 503 when Postgres restarts under pipelined queries",
        async () => {
          // Many one-round-trip transactions in flight while the server is cut off (3 s
          // statements, so the restart surely finds them running). No deadline to fall back
          // on: each must learn of the loss from its connection.
          const inFlight = Array.from({ length: 30 }, () =>
            answered(
              asUser(sql, claims, (tx) => tx`select pg_sleep(3), auth.uid() as id`, {
                deadlineMs: 60_000,
              }),
              "pipelined",
            ).then(() => 200, (e) => (assertUnavailable(e), 503)));
          await new Promise((resolve) => setTimeout(resolve, 50));
          await restartCluster(dataDir);
          const statuses = await Promise.all(inFlight);
          assert.ok(statuses.includes(503), `no transaction saw the restart: ${statuses}`);
          await assertPoolWorks(dbUrl, claims);
        },
      );

      await t.step("asService answers 503 while Postgres is stopped, then recovers", async () => {
        await stopCluster(dataDir);
        try {
          for (let i = 0; i < 3; i++) {
            const error = await answered(asService(sql, (tx) => tx`select 1`), "stopped")
              .then(() => undefined, (e) => e);
            assertUnavailable(error);
          }
        } finally {
          await restartCluster(dataDir); // starts the stopped cluster with its options
        }
        await assertPoolWorks(dbUrl, claims);
      });

      await t.step("asUser answers 503 at its deadline when the server goes silent", async () => {
        let backend = 0;
        const error = await answered(
          asUser(sql, claims, async (tx) => {
            [{ pid: backend }] = await tx`select pg_backend_pid() as pid`;
            Deno.kill(backend, "SIGSTOP"); // the server stops answering, the socket stays open
            return await tx`select 1`;
          }, { deadlineMs: 1000 }),
          "silent server",
        ).then(() => undefined, (e) => e).finally(() => backend && Deno.kill(backend, "SIGCONT"));
        assertUnavailable(error);
        await assertPoolWorks(dbUrl, claims);
      });
    } finally {
      await stack?.stop();
      await stopCluster(dataDir);
      const real = await usableDataDir(dataDir);
      for (const path of [real, `${real}.owner`]) {
        await Deno.remove(path, { recursive: true }).catch(() => {});
      }
    }
  },
});
