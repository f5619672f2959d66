/**
 * Schema cache reloads, as PostgREST does them: on `NOTIFY pgrst, 'reload schema'` (or
 * 'reload config', or an empty payload), and after the listening connection comes back from a database restart
 * (notifications sent while it was away are lost, and the schema may have changed).
 */
import type { Sql } from "../../supabase/functions/_shared/db.ts";

export async function listenForSchemaReload(
  sql: Sql,
  service: { reload(): Promise<void> },
  log: (line: string) => void = () => {},
): Promise<void> {
  let connected = false;
  const reload = () =>
    service.reload().then(
      () => log("rest: schema cache reloaded"),
      (error) => log(`rest: schema cache reload failed: ${error?.message ?? error}`),
    );
  await sql.listen("pgrst", (payload) => {
    // 'reload config' too: the cache holds the roles' statement timeouts.
    if (payload === "reload schema" || payload === "reload config" || payload === "") reload();
  }, () => {
    // Called on every (re)connection: the first is the start, which has a fresh cache.
    if (connected) reload();
    connected = true;
  });
}
