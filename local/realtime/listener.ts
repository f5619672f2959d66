/**
 * Database broadcasts: rows that realtime.send()/broadcast_changes() insert into
 * realtime.messages reach subscribers through LISTEN/NOTIFY (the platform layer's trigger
 * NOTIFYs `realtime_messages`). Why NOTIFY rather than logical decoding: Postgres delivers a
 * notification only when its transaction commits, never for a rollback, and in commit order,
 * which is the guarantee subscribers need; it needs no replication slot or wal_level=logical
 * on a developer's cluster. Hosted Realtime reads the same rows through replication.
 *
 * Later events arrive after a database restart without a stack restart: postgres.js LISTENs
 * again when its connection closes (a stop and start of 3 s is covered by that alone, see
 * realtime_database_restart_test.ts). A connection that dies without closing (a frozen
 * server, a dropped network) gives no such signal, so it is watched too: a ping NOTIFY goes
 * out every second through the pool, and when none has come back for three seconds the
 * connection is replaced.
 */
import postgres from "postgres";
import { logEvent } from "../../supabase/functions/_shared/log.ts";
import type { Sql } from "../../supabase/functions/_shared/db.ts";

const CHANNEL = "realtime_messages";
const PING_MS = 1000;
const STALE_MS = 3000;

/** What the trigger announces; `truncated` when the payload did not fit in a NOTIFY. */
export interface Announced {
  id: string;
  topic: string;
  event: string;
  private: boolean;
  extension: string;
  payload?: unknown;
  truncated?: boolean;
  ping?: string;
}

export interface Listener {
  stop(): Promise<void>;
}

export function listenForMessages(
  dbUrl: string,
  sql: Sql,
  deliver: (message: Announced) => void,
): Listener {
  let connection: postgres.Sql | undefined;
  let lastHeard = Date.now();
  let stopped = false;
  // Announcements are handled strictly in arrival (= commit) order, also when one needs a read.
  let queue: Promise<void> = Promise.resolve();

  const onNotify = (text: string) => {
    lastHeard = Date.now();
    queue = queue.then(async () => {
      let message: Announced;
      try {
        message = JSON.parse(text);
      } catch {
        return;
      }
      if (message.ping) return;
      if (message.truncated) {
        const [row] = await sql<{ payload: unknown }[]>`
          select payload from realtime.messages where id = ${message.id}`.catch(() => []);
        if (!row) return;
        message.payload = row.payload;
      }
      deliver(message);
    }).catch((error) => logEvent("error", "realtime delivery failed", { error: String(error) }));
  };

  const connect = async () => {
    const previous = connection;
    connection = undefined;
    previous?.end({ timeout: 0 }).catch(() => {});
    const next = postgres(dbUrl, {
      max: 1,
      connect_timeout: 2,
      onnotice: () => {},
      connection: { application_name: "local realtime listener" },
    });
    try {
      await next.listen(CHANNEL, onNotify);
      if (stopped) return void next.end({ timeout: 0 });
      connection = next;
      lastHeard = Date.now();
    } catch {
      next.end({ timeout: 0 }).catch(() => {});
    }
  };

  let reconnecting: Promise<void> | undefined;
  const watchdog = setInterval(() => {
    if (stopped || reconnecting) return;
    if (!connection || Date.now() - lastHeard > STALE_MS) {
      if (connection) logEvent("warn", "realtime listener lost the database; reconnecting");
      reconnecting = connect().finally(() => reconnecting = undefined);
      return;
    }
    sql`select pg_notify(${CHANNEL}, ${JSON.stringify({ ping: "1" })})`.catch(() => {});
  }, PING_MS);
  reconnecting = connect().finally(() => reconnecting = undefined);

  return {
    async stop() {
      stopped = true;
      clearInterval(watchdog);
      await reconnecting;
      await connection?.end({ timeout: 1 }).catch(() => {});
      await queue;
    },
  };
}
