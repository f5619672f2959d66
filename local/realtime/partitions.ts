/**
 * realtime.messages is partitioned by day, as on hosted Supabase, and like the Realtime
 * service this server creates the partitions: yesterday's to three days ahead, at start and
 * every hour, so a realtime.send() never lands in a missing day (which would only warn).
 */
import { type Sql, transaction } from "../../supabase/functions/_shared/db.ts";

export const PARTITION_DAYS_AHEAD = 3;

/** `messages_2026_11_22` for that UTC day, as the Realtime service names its partitions. */
export function partitionName(day: Date): string {
  return `messages_${day.toISOString().slice(0, 10).replaceAll("-", "_")}`;
}

export async function ensurePartitions(sql: Sql, now = new Date()): Promise<void> {
  const [{ partitioned }] = await sql<{ partitioned: boolean }[]>`
    select relkind = 'p' as partitioned from pg_class where oid = 'realtime.messages'::regclass`;
  if (!partitioned) return;
  await transaction(sql, async (tx) => {
    await tx`set local role supabase_realtime_admin`;
    for (let offset = -1; offset <= PARTITION_DAYS_AHEAD; offset++) {
      const day = new Date(
        Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + offset),
      );
      const next = new Date(day.getTime() + 86_400_000);
      // Names and bounds come from the clock, never from a request.
      await tx.unsafe(
        `create table if not exists realtime.${partitionName(day)} partition of realtime.messages
         for values from ('${day.toISOString().slice(0, 10)}') to ('${
          next.toISOString().slice(0, 10)
        }')`,
      );
    }
  });
}
