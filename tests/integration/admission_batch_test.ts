/**
 * Admissions that wait together share a transaction (admission_batch.ts), and each request
 * still gets its own answer: the right rows, its own refusal or error, its own count.
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import {
  AdmissionBatcher,
  type Admitted,
} from "../../supabase/functions/_shared/admission_batch.ts";
import { asService, pool } from "../../supabase/functions/_shared/db.ts";
import { HttpError } from "../../supabase/functions/_shared/errors.ts";
import { inline } from "../../supabase/functions/_shared/inline_sql.ts";
import {
  type CachedInsightRow,
  type InsightKey,
  storeInsight,
} from "../../supabase/functions/_shared/insight_cache.ts";
import { limitsFor } from "../../supabase/functions/_shared/rate_limit.ts";
import { startWireProxy } from "./_pg_wire.ts";
import { signUpUser, stackEnv } from "./_stack.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const policy = { limit: 60, windowSeconds: 60 };

async function hitsOf(sql: postgres.Sql, userId: string): Promise<number> {
  const [row] = await sql`select coalesce(cardinality(hits), 0)::int as n
    from public.rate_limit_buckets where key = ${`user:${userId}`}`;
  return row?.n ?? 0;
}

Deno.test(
  "admissions waiting together share transactions; each gets its own rows",
  options,
  async () => {
    const { dbUrl } = stackEnv();
    const proxy = startWireProxy(dbUrl);
    const users = await Promise.all(Array.from({ length: 12 }, (_, i) => signUpUser(`batch-${i}`)));
    const direct = postgres(dbUrl, { max: 1, prepare: false, onnotice: () => {} });
    try {
      const batcher = new AdmissionBatcher(proxy.url);
      proxy.reset();
      const answers = await Promise.all(users.map((user) =>
        batcher.run(
          user.id,
          limitsFor(user.id, policy),
          (tx) => inline(tx)`select ${user.id}::text as who`,
        )
      ));
      answers.forEach(({ admission, found }, i) => {
        assert.equal(admission.allowed, true);
        assert.equal(admission.remaining, 59);
        assert.deepEqual([...(found as { who: string }[])], [{ who: users[i].id }]);
      });
      // 12 requests at once: the first goes alone, the rest wait and go together, each batch's
      // admissions in one statement.
      const { transactions, statements } = proxy.counts;
      assert.ok(transactions < users.length, `${transactions} transactions`);
      const admissions = statements.filter((text) => text.includes("public.admit_batch("));
      assert.equal(admissions.length, transactions);
      for (const user of users) assert.equal(await hitsOf(direct, user.id), 1);
    } finally {
      await direct.end();
      await pool(proxy.url).end();
      proxy.close();
    }
  },
);

Deno.test(
  "a request whose lookup fails gets its error; the others of its batch are answered once",
  options,
  async () => {
    const { dbUrl } = stackEnv();
    const users = await Promise.all(
      Array.from({ length: 6 }, (_, i) => signUpUser(`batch-fail-${i}`)),
    );
    const direct = postgres(dbUrl, { max: 1, prepare: false, onnotice: () => {} });
    try {
      const batcher = new AdmissionBatcher(dbUrl);
      const failing = users[3].id;
      const settled = await Promise.allSettled(
        users.map((user) =>
          batcher.run(
            user.id,
            limitsFor(user.id, policy),
            (tx) =>
              user.id === failing
                ? inline(tx)`select ${"not a number"}::integer` // 22P02: a 422 problem
                : inline(tx)`select 1 as ok`,
          )
        ),
      );
      settled.forEach((outcome, i) => {
        if (users[i].id === failing) {
          assert.equal(outcome.status, "rejected");
          const error = (outcome as PromiseRejectedResult).reason;
          assert.ok(error instanceof HttpError && error.status === 422, String(error));
        } else {
          assert.equal(outcome.status, "fulfilled");
        }
      });
      // The batch that failed was rolled back: each call is counted once, the failed one not at all.
      for (const user of users) {
        assert.equal(await hitsOf(direct, user.id), user.id === failing ? 0 : 1, user.id);
      }
    } finally {
      await direct.end();
    }
  },
);

Deno.test(
  "one user's concurrent requests go in separate batches, counted one after the other",
  options,
  async () => {
    const { dbUrl } = stackEnv();
    const user = await signUpUser("batch-same");
    const direct = postgres(dbUrl, { max: 1, prepare: false, onnotice: () => {} });
    try {
      const batcher = new AdmissionBatcher(dbUrl);
      const answers = await Promise.all(
        Array.from({ length: 5 }, () =>
          batcher.run(
            user.id,
            limitsFor(user.id, policy),
            (tx) => inline(tx)`select pg_current_xact_id()::text as xact`,
          )),
      );
      const remaining = answers.map(({ admission }) => admission.remaining).sort();
      assert.deepEqual(remaining, [55, 56, 57, 58, 59]);
      const transactions = new Set(
        answers.map(({ found }) => (found as { xact: string }[])[0].xact),
      );
      assert.equal(transactions.size, 5, "one transaction per request of the same user");
      assert.equal(await hitsOf(direct, user.id), 5);
    } finally {
      await direct.end();
    }
  },
);

Deno.test(
  "a cache key is read in the batch's statement, for admitted calls only",
  options,
  async () => {
    const { dbUrl } = stackEnv();
    const users = await Promise.all(
      Array.from({ length: 4 }, (_, i) => signUpUser(`batch-entry-${i}`)),
    );
    const key = (userId: string): InsightKey => ({
      userId,
      type: "logistics",
      contextId: "body:batch-entry",
    });
    const [stored, refused, missing, wrong] = users;
    const calculatedAt = await storeInsight(pool(dbUrl), key(stored.id), '{"readiness": 7}');
    await storeInsight(pool(dbUrl), key(refused.id), '{"readiness": 8}');
    // the refused caller has spent their budget
    await asService(
      pool(dbUrl),
      (tx) =>
        inline(tx)`insert into public.rate_limit_buckets (key, window_seconds, hits, last_hit_at)
        values (${`user:${refused.id}`}, 60, array_fill(now(), array[60]), now())`,
    );
    const batcher = new AdmissionBatcher(dbUrl);
    const [hit, none, absent, foreign] = await Promise.allSettled([
      batcher.run(stored.id, limitsFor(stored.id, policy), key(stored.id)),
      batcher.run(refused.id, limitsFor(refused.id, policy), key(refused.id)),
      batcher.run(missing.id, limitsFor(missing.id, policy), key(missing.id)),
      batcher.run(wrong.id, limitsFor(wrong.id, policy), key(stored.id)),
    ]);
    const answer = (outcome: PromiseSettledResult<Admitted>) => {
      assert.equal(outcome.status, "fulfilled", String((outcome as PromiseRejectedResult).reason));
      return (outcome as PromiseFulfilledResult<Admitted>).value;
    };
    const [entry] = answer(hit).found as CachedInsightRow[];
    assert.equal(entry.json, '{"readiness": 7}');
    assert.equal(entry.calculated_at.toISOString(), calculatedAt);
    assert.equal(answer(none).admission.allowed, false);
    assert.deepEqual(answer(none).found, [], "a refused call's entry is not read");
    assert.equal(answer(absent).admission.allowed, true);
    assert.deepEqual(answer(absent).found, [], "no entry: no rows");
    assert.equal(foreign.status, "rejected", "another user's key is refused");
  },
);
