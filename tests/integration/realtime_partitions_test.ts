/**
 * realtime.messages as hosted Supabase has it: partitioned by day on inserted_at with primary
 * key (id, inserted_at), the days' partitions made by the Realtime server, and a send into a
 * missing day that only warns (the caller's transaction goes on).
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import { ensurePartitions, partitionName } from "../../local/realtime/partitions.ts";
import { closePools, pool } from "../../supabase/functions/_shared/db.ts";
import { stackEnv } from "./_stack.ts";

Deno.test("realtime.messages is partitioned by day with primary key (id, inserted_at)", async () => {
  const sql = postgres(stackEnv().dbUrl, { max: 1, onnotice: () => {} });
  try {
    const [table] = await sql`
      select c.relkind, pg_get_partkeydef(c.oid) as key,
             (select array_agg(a.attname order by a.attname)
                from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
               where i.indrelid = c.oid and i.indisprimary) as primary_key
        from pg_class c where c.oid = 'realtime.messages'::regclass`;
    assert.equal(table.relkind, "p");
    assert.equal(table.key, "RANGE (inserted_at)");
    assert.deepEqual(table.primary_key, ["id", "inserted_at"]);
    const today = partitionName(new Date());
    const [{ exists }] =
      await sql`select to_regclass(${`realtime.${today}`}) is not null as exists`;
    assert.ok(exists, `${today} exists`);
  } finally {
    await sql.end();
  }
});

Deno.test("realtime.send into a missing day's partition warns and the transaction goes on", async () => {
  const warnings: string[] = [];
  const sql = postgres(stackEnv().dbUrl, {
    max: 1,
    onnotice: (notice) => warnings.push(String(notice.message)),
  });
  try {
    const [{ sent }] = await sql.begin(async (tx) => {
      // Today's partition, gone for this transaction only (rolled back below).
      await tx`set local role supabase_realtime_admin`;
      await tx.unsafe(`drop table realtime.${partitionName(new Date())}`);
      await tx`reset role`;
      await tx`select realtime.send('{}'::jsonb, 'nowhere', 'partition-test', true)`;
      const result = await tx`select true as sent`; // the transaction is still usable
      throw Object.assign(new Error("roll back"), { result });
    }).catch((error) => error.result);
    assert.equal(sent, true);
    assert.ok(
      warnings.some((w) => w.startsWith("ErrorSendingBroadcastMessage")),
      warnings.join("; "),
    );
  } finally {
    await sql.end();
  }
});

Deno.test("the realtime server creates the partitions from yesterday to three days ahead", async () => {
  const sql = pool(stackEnv().dbUrl);
  const later = new Date(Date.now() + 40 * 86_400_000);
  const days = [-1, 0, 1, 2, 3].map((d) =>
    partitionName(new Date(later.getTime() + d * 86_400_000))
  );
  try {
    await ensurePartitions(sql, later);
    const found = await sql<{ relname: string }[]>`
      select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
       where i.inhparent = 'realtime.messages'::regclass and c.relname = any(${days})`;
    assert.deepEqual(found.map((r) => r.relname).sort(), [...days].sort());
  } finally {
    await sql.begin(async (tx) => {
      await tx`set local role supabase_realtime_admin`;
      for (const day of days) await tx.unsafe(`drop table if exists realtime.${day}`);
    });
    await closePools();
  }
});
