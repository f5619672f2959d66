/**
 * The generated `Database` type (supabase gen types) must match the migrations: the test
 * run regenerates it from its fresh database and compares it with the committed file.
 * `deno run -A local/types.ts <db url>` rewrites the committed file.
 */
import { ROOT, supabaseCli } from "./cluster.ts";
import { join } from "./paths.ts";

export const TYPES_FILE = join(ROOT, "supabase", "functions", "_shared", "database.types.ts");

export async function generateTypes(dbUrl: string): Promise<string> {
  // Without sslmode=disable the CLI prints a "connected without TLS" notice into stdout,
  // which would end up in the generated file.
  const url = new URL(dbUrl);
  url.searchParams.set("sslmode", "disable");
  return await supabaseCli(["gen", "types", "typescript", `--remote=${url}`, "--schema", "public"]);
}

export async function checkGeneratedTypes(dbUrl: string): Promise<boolean> {
  const fresh = await generateTypes(dbUrl);
  const committed = await Deno.readTextFile(TYPES_FILE).catch(() => "");
  if (fresh.trim() === committed.trim()) return true;
  console.error(
    `${TYPES_FILE} differs from the migrations: run \`deno run -A local/types.ts <db url>\``,
  );
  return false;
}

if (import.meta.main) {
  await Deno.writeTextFile(TYPES_FILE, await generateTypes(Deno.args[0]));
  console.log(`wrote ${TYPES_FILE}`);
}
