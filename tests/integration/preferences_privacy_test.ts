/**
 * POST /functions/v1/preferences/data-export and /data-deletion over HTTP with supabase-js:
 * the caller's data and only theirs, whoever the body names.
 */
import assert from "node:assert/strict";
import { FunctionsHttpError, type SupabaseClient } from "@supabase/supabase-js";
import postgres from "postgres";
import { signUpUser, stackEnv, type TestUser } from "./_stack.ts";

const sql = postgres(stackEnv().dbUrl, { max: 2, prepare: false, onnotice: () => {} });
Deno.test.afterAll(() => sql.end());

async function call(client: SupabaseClient, path: string, body?: unknown) {
  const { data, error, response } = await client.functions.invoke(`preferences${path}`, {
    method: "POST",
    body: body as Record<string, unknown> | undefined,
  });
  if (!error) return { status: response?.status ?? 200, body: data, headers: response?.headers };
  assert.ok(error instanceof FunctionsHttpError, String(error));
  const failed = error.context as Response;
  assert.equal(failed.headers.get("content-type"), "application/problem+json");
  return { status: failed.status, body: await failed.json(), headers: failed.headers };
}

/** A user with a sample and an analytics event of their own, written through RLS. */
async function userWithData(label: string): Promise<TestUser & { marker: string }> {
  const user = await signUpUser(label);
  const marker = `${label}-${crypto.randomUUID().slice(0, 8)}`;
  const sample = await user.client.from("samples").insert({ name: marker, category: "Outerwear" });
  assert.equal(sample.error, null);
  const event = await user.client.from("analytics_events").insert({
    event_type: "assistant_opened",
    event_data: { marker },
  });
  assert.equal(event.error, null);
  return { ...user, marker };
}

async function countsOf(userId: string) {
  const [row] = await sql<{ samples: number; events: number; preferences: number }[]>`
    select (select count(*)::int from public.samples where owner_id = ${userId}) as samples,
           (select count(*)::int from public.analytics_events where user_id = ${userId}) as events,
           (select count(*)::int from public.user_preferences where user_id = ${userId})
             as preferences`;
  return row;
}

Deno.test("POST /data-export: the caller's rows as a JSON download, none of another user's", async () => {
  const alice = await userWithData("export-a");
  const bob = await userWithData("export-b");
  const { status, body, headers } = await call(alice.client, "/data-export");
  assert.equal(status, 200);
  assert.match(
    headers?.get("content-disposition") ?? "",
    /^attachment; filename="fashionos-export-/,
  );
  assert.equal(headers?.get("cache-control"), "no-store");
  assert.equal(body.userId, alice.id);
  assert.equal(body.profile.id, alice.id);
  assert.equal(body.preferences.user_id, alice.id);
  assert.deepEqual(body.samples.map((s: { name: string }) => s.name), [alice.marker]);
  assert.deepEqual(
    body.analyticsEvents.map((e: { event_data: { marker: string } }) => e.event_data.marker),
    [alice.marker],
  );
  const text = JSON.stringify(body);
  assert.ok(!text.includes(bob.id), "no trace of the other user's id");
  assert.ok(!text.includes(bob.marker), "nor of their rows");
});

Deno.test("POST /data-deletion: without the exact confirm it is a 422 and nothing is deleted", async () => {
  const alice = await userWithData("erase-refused");
  const before = await countsOf(alice.id);
  for (
    const body of [undefined, {}, { confirm: "delete" }, { confirm: "yes" }, { confirm: true }, {
      confirm: "DELETE ",
    }]
  ) {
    const { status, body: problem } = await call(alice.client, "/data-deletion", body);
    assert.equal(status, 422, JSON.stringify(body));
    assert.equal(problem.code, "validation_failed");
    assert.ok(problem.errors.confirm, JSON.stringify(body));
  }
  assert.deepEqual(await countsOf(alice.id), before);
  assert.deepEqual(before, { samples: 1, events: 1, preferences: 1 });
});

Deno.test("POST /data-deletion: erases the caller's data only, whoever the body names", async () => {
  const alice = await userWithData("erase-a");
  const bob = await userWithData("erase-b");
  // The user is the token's subject: a body naming someone else is refused, not obeyed.
  const named = await call(alice.client, "/data-deletion", { confirm: "DELETE", userId: bob.id });
  assert.equal(named.status, 422);
  assert.deepEqual(await countsOf(bob.id), { samples: 1, events: 1, preferences: 1 });

  const { status, body } = await call(alice.client, "/data-deletion", { confirm: "DELETE" });
  assert.equal(status, 200, JSON.stringify(body));
  assert.equal(body.deleted.samples, 1);
  assert.equal(body.deleted.analytics_events, 1);
  assert.equal(body.deleted.user_preferences, 1);
  assert.ok(!Number.isNaN(Date.parse(body.deletedAt)));
  assert.deepEqual(await countsOf(alice.id), { samples: 0, events: 0, preferences: 0 });
  assert.deepEqual(await countsOf(bob.id), { samples: 1, events: 1, preferences: 1 });

  // What is left to export afterwards is empty.
  const exported = await call(alice.client, "/data-export");
  assert.equal(exported.status, 200);
  assert.deepEqual(exported.body.samples, []);
  assert.deepEqual(exported.body.analyticsEvents, []);
});
