/**
 * Warm start: a cluster built from the same platform layer, migrations and seed is not built
 * again (the CLI alone takes over a second with nothing to apply); a change to any of them
 * builds it again. Its own cluster, so it runs with the fault tests, not `npm test`.
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import {
  buildSchema,
  ROOT,
  SCHEMA_SOURCES,
  startCluster,
  usableDataDir,
} from "../../local/cluster.ts";
import { join } from "../../local/paths.ts";
import { freePort } from "../../local/stack.ts";

Deno.test("a cluster is built once per set of schema files, again when one changes", async () => {
  const dataDir = join(ROOT, ".local", `warm-start-test-${Deno.pid}`);
  // Stands for a migration being added or edited: the real ones are not touched by a test.
  const extra = await Deno.makeTempFile({ suffix: ".sql" });
  const sources = [...SCHEMA_SOURCES, extra];
  const start = () => startCluster({ dataDir, port: freePort(), ephemeral: true });
  let cluster = await start();
  try {
    assert.equal(await buildSchema(cluster, sources), "applied", "a new cluster is built");
    const sql = postgres(cluster.url, { max: 1, onnotice: () => {} });
    try {
      const [{ samples }] = await sql`select to_regclass('public.samples') is not null as samples`;
      assert.equal(samples, true, "the migrations were applied");
    } finally {
      await sql.end();
    }
    await cluster.stop();
    cluster = await start();
    assert.equal(await buildSchema(cluster, sources), "unchanged", "a warm start skips the build");
    await Deno.writeTextFile(extra, "-- changed\n");
    assert.equal(await buildSchema(cluster, sources), "applied", "a changed file builds again");
    assert.equal(await buildSchema(cluster, sources), "unchanged", "and is recorded");
  } finally {
    await cluster.stop();
    await Deno.remove(await usableDataDir(dataDir), { recursive: true }).catch(() => {});
    await Deno.remove(extra);
  }
});
