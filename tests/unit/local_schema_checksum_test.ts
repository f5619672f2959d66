import assert from "node:assert/strict";
import { schemaChecksum } from "../../local/cluster.ts";
import { join } from "../../local/paths.ts";

async function tree(files: Record<string, string>): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "schema-checksum-" });
  for (const [name, text] of Object.entries(files)) {
    await Deno.mkdir(join(dir, name, ".."), { recursive: true });
    await Deno.writeTextFile(join(dir, name), text);
  }
  return dir;
}

Deno.test("schemaChecksum() changes when a migration is added, edited, renamed or removed", async () => {
  const dir = await tree({ "migrations/001_a.sql": "create table a();", "seed.sql": "" });
  const sources = [join(dir, "migrations"), join(dir, "seed.sql")];
  try {
    const first = await schemaChecksum(sources);
    assert.match(first, /^[0-9a-f]{64}$/);
    assert.equal(await schemaChecksum(sources), first, "the same files, the same checksum");
    const seen = new Set([first]);
    const changed = async (what: string) => {
      const now = await schemaChecksum(sources);
      assert.ok(!seen.has(now), `${what} changes the checksum`);
      seen.add(now);
    };
    await Deno.writeTextFile(join(dir, "migrations/002_b.sql"), "create table b();");
    await changed("a new migration");
    await Deno.writeTextFile(join(dir, "migrations/002_b.sql"), "create table b(x int);");
    await changed("an edited migration");
    await Deno.rename(join(dir, "migrations/002_b.sql"), join(dir, "migrations/003_b.sql"));
    await changed("a renamed migration");
    await Deno.writeTextFile(join(dir, "seed.sql"), "insert into a default values;");
    await changed("an edited seed");
    await Deno.remove(join(dir, "seed.sql"));
    await changed("a removed seed");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
