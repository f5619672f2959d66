/**
 * What a request costs the database, counted on the wire (a proxy in front of Postgres): the
 * platform work of a cached analysis (admission, cache lookup) is one transaction with no
 * describe round trip, and its bookkeeping (analytics, the hit count) is written later, in a
 * batch, by flushPending().
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import {
  flushPending,
  MAX_QUEUED_ENTRY_CHARS,
  queueAnalytics,
  queueCacheEntry,
} from "../../supabase/functions/_shared/bookkeeping.ts";
import { pool } from "../../supabase/functions/_shared/db.ts";
import { createFunctionHandler } from "../../supabase/functions/_shared/serve.ts";
import { createLogisticsAnalyzerHandler } from "../../supabase/functions/logistics-analyzer/handler.ts";
import { createMediaScorerHandler } from "../../supabase/functions/media-scorer/handler.ts";
import { createComposeHandler } from "../../supabase/functions/compose/handler.ts";
import { startWireProxy } from "./_pg_wire.ts";
import { signUpUser, stackEnv } from "./_stack.ts";

// The proxy's sockets outlive single tests; they are closed at the end of each.
const options = { sanitizeOps: false, sanitizeResources: false };

function post(
  handler: (req: Request) => Promise<Response>,
  token: string,
  path: string,
  body = {},
) {
  return handler(
    new Request(`http://local${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  );
}

const ANALYZERS = [
  { path: "/logistics-analyzer", create: createLogisticsAnalyzerHandler, type: "logistics" },
  // the settings' brand keywords are read only to compute, not to look the answer up
  { path: "/media-scorer", create: createMediaScorerHandler, type: "media" },
];

for (const { path, create, type } of ANALYZERS) {
  Deno.test(
    `${
      path.slice(1)
    }: a cached analysis is one transaction without describes; bookkeeping comes later`,
    options,
    async () => {
      const { dbUrl, jwtSecret, url } = stackEnv();
      const proxy = startWireProxy(dbUrl);
      const user = await signUpUser("round-trips");
      const direct = postgres(dbUrl, { max: 1, prepare: false, onnotice: () => {} });
      try {
        const handler = create({
          dbUrl: proxy.url,
          jwtSecret,
          supabaseUrl: url,
          logLevel: "warn",
        });
        const first = await post(handler, user.accessToken, path);
        assert.equal((await first.json()).cached, false);
        await flushPending();

        proxy.reset();
        const second = await post(handler, user.accessToken, path);
        assert.equal(second.status, 200);
        assert.equal((await second.json()).cached, true);
        assert.equal(proxy.counts.transactions, 1, proxy.counts.statements.join("\n---\n"));
        assert.equal(proxy.counts.describes, 0, "no query waited on a describe");
        const sent = proxy.counts.statements.join("\n");
        // the admission and the cache lookup are one statement between the setup and commit
        const work = proxy.counts.statements.filter((text) => !/^\s*(begin|commit)\b/i.test(text));
        assert.equal(work.length, 1, sent);
        assert.match(work[0], /public\.admit_batch\(/);
        assert.match(work[0], /"insight":\{"type":"[a-z]+","contextId":/);
        assert.doesNotMatch(sent, /analytics_events|cache_hit_count|insight_cache_count_hits/);

        proxy.reset();
        await flushPending();
        assert.equal(proxy.counts.transactions, 1, "one batch");
        assert.equal(proxy.counts.describes, 0);
        const [row] = await direct`select
        (select count(*)::int from public.analytics_events
         where user_id = ${user.id} and event_type = 'insight_calculated') as analytics,
        (select cache_hit_count from public.assistant_insights
         where user_id = ${user.id} and insight_type = ${type}) as hits`;
        assert.deepEqual({ ...row }, { analytics: 2, hits: 1 });
      } finally {
        await flushPending();
        await pool(proxy.url).end();
        await direct.end();
        proxy.close();
      }
    },
  );
}

Deno.test(
  "compose: a cached or prebuilt composition is one transaction, its history row included",
  options,
  async () => {
    const { dbUrl, jwtSecret, url } = stackEnv();
    const proxy = startWireProxy(dbUrl);
    const user = await signUpUser("round-trips-compose");
    const direct = postgres(dbUrl, { max: 1, prepare: false, onnotice: () => {} });
    try {
      const handler = createComposeHandler({
        dbUrl: proxy.url,
        jwtSecret,
        supabaseUrl: url,
        logLevel: "warn",
      });
      const generated = {
        kind: "product_description",
        inputs: {
          name: `Harbour Trench ${crypto.randomUUID().slice(0, 6)}`,
          category: "outerwear",
          features: ["water-resistant cotton", "detachable hood"],
          audience: "city commuters",
          brandVoice: "confident",
        },
      };
      const prebuilt = { kind: "kit_configuration", inputs: { role: "producer" } };
      assert.equal(
        (await (await post(handler, user.accessToken, "/compose", generated)).json())
          .source,
        "generated",
      );
      await flushPending();
      for (const [body, source] of [[generated, "cached"], [prebuilt, "prebuilt"]] as const) {
        proxy.reset();
        const response = await post(handler, user.accessToken, "/compose", body);
        assert.equal((await response.json()).source, source);
        assert.equal(proxy.counts.transactions, 1, proxy.counts.statements.join("\n---\n"));
        assert.equal(proxy.counts.describes, 0);
      }
      const rows = await direct`select generation_source from public.generation_history
        where user_id = ${user.id} order by created_at`;
      assert.deepEqual(rows.map((row) => row.generation_source), [
        "generated",
        "cached",
        "prebuilt",
      ]);
    } finally {
      await flushPending();
      await pool(proxy.url).end();
      await direct.end();
      proxy.close();
    }
  },
);

Deno.test(
  "admission alone (a 429 included) is one transaction without describes; a known 429 none",
  options,
  async () => {
    const { dbUrl, jwtSecret, url } = stackEnv();
    const proxy = startWireProxy(dbUrl);
    const user = await signUpUser("round-trips-429");
    try {
      const handler = createFunctionHandler({
        name: "probe",
        env: { dbUrl: proxy.url, jwtSecret, supabaseUrl: url, logLevel: "warn" },
        rateLimit: { limit: 1, windowSeconds: 60 },
        routes: [{
          method: "POST",
          path: "/",
          admitsInHandler: true,
          handler: async (_req, { ctx }) => {
            handled++;
            await ctx.admit();
            return new Response("ok");
          },
        }],
      });
      let handled = 0;
      // The second 429 is the memo's (refusals.ts): the window is full for about a minute, so
      // it is answered before the handler runs, without the database.
      for (const [status, transactions] of [[200, 1], [429, 1], [429, 0]]) {
        proxy.reset();
        const response = await post(handler, user.accessToken, "/probe");
        await response.body?.cancel();
        assert.equal(response.status, status);
        assert.equal(
          proxy.counts.transactions,
          transactions,
          proxy.counts.statements.join("\n---\n"),
        );
        assert.equal(proxy.counts.describes, 0);
        if (status === 429) {
          const retryAfter = Number(response.headers.get("retry-after"));
          assert.ok(retryAfter > 55 && retryAfter <= 60, `Retry-After ${retryAfter}`);
          assert.equal(response.headers.get("ratelimit-remaining"), "0");
        }
      }
      assert.equal(handled, 2);
    } finally {
      await pool(proxy.url).end();
      proxy.close();
    }
  },
);

Deno.test("a batch with a row of a deleted user keeps the other rows", options, async () => {
  const { dbUrl } = stackEnv();
  const user = await signUpUser("bookkeeping");
  const direct = postgres(dbUrl, { max: 1, prepare: false, onnotice: () => {} });
  try {
    const at = new Date().toISOString();
    const row = (userId: string) => ({
      userId,
      eventType: "insight_calculated",
      eventData: { probe: true },
      at,
    });
    queueAnalytics(dbUrl, row(user.id));
    queueAnalytics(dbUrl, row(crypto.randomUUID())); // no such user: a foreign-key violation
    queueAnalytics(dbUrl, row(user.id));
    await flushPending();
    const [{ count }] = await direct`select count(*)::int from public.analytics_events
      where user_id = ${user.id} and event_data ->> 'probe' = 'true'`;
    assert.equal(count, 2);
  } finally {
    await direct.end();
  }
});

Deno.test(
  "cache entries waiting for a batch are capped in size; a later one of a key replaces it",
  options,
  async () => {
    const { dbUrl } = stackEnv();
    const user = await signUpUser("bookkeeping-cap");
    const direct = postgres(dbUrl, { max: 1, prepare: false, onnotice: () => {} });
    try {
      // Three entries of 60 % of the cap each: the first fits, the other two wait for a miss.
      const big = (n: number) =>
        JSON.stringify({ n, pad: "x".repeat(Math.round(MAX_QUEUED_ENTRY_CHARS * 0.6)) });
      const entry = (contextId: string, json: string) => ({
        userId: user.id,
        type: "logistics",
        contextId,
        json,
        ttlSeconds: 60,
      });
      queueCacheEntry(dbUrl, entry("body:cap-1", big(1)));
      queueCacheEntry(dbUrl, entry("body:cap-2", big(2)));
      queueCacheEntry(dbUrl, entry("body:cap-1", big(3))); // the same key: replaces, not refused
      queueCacheEntry(dbUrl, entry("body:cap-3", big(4)));
      await flushPending();
      const rows = await direct`select context_id, (data ->> 'n')::int as n
        from public.assistant_insights where user_id = ${user.id} order by context_id`;
      assert.deepEqual(rows.map((r) => [r.context_id, r.n]), [["body:cap-1", 3]]);
      // Once written, the queue has room again.
      queueCacheEntry(dbUrl, entry("body:cap-2", big(5)));
      await flushPending();
      const [{ count }] = await direct`select count(*)::int from public.assistant_insights
        where user_id = ${user.id}`;
      assert.equal(count, 2);
    } finally {
      await direct.end();
    }
  },
);
