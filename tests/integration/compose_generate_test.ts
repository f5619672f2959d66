/**
 * POST /compose over HTTP with supabase-js: each kind, the three sources, the quota, history,
 * promotion to prebuilt, and Idempotency-Key.
 */
import assert from "node:assert/strict";
import { compose, servicePool } from "./_compose.ts";
import { signUpUser, stackEnv } from "./_stack.ts";

const sql = servicePool();
Deno.test.afterAll(() => sql.end());

const options = { tone: "professional", length: "medium" } as const;

function product(name = `Harbour Trench ${crypto.randomUUID().slice(0, 6)}`) {
  return {
    kind: "product_description",
    inputs: {
      name,
      category: "outerwear",
      features: ["water-resistant cotton", "detachable hood"],
      audience: "city commuters",
      brandVoice: "confident",
    },
  };
}

async function history(userId: string) {
  const rows = await sql<
    { generation_source: string; success: boolean; error_code: string | null }[]
  >`
    select generation_source, success, error_code from public.generation_history
    where user_id = ${userId} order by created_at, id`;
  return rows.map((row) => ({ ...row }));
}

async function used(userId: string) {
  const [row] = await sql`select monthly_generations from public.profiles where id = ${userId}`;
  return row?.monthly_generations ?? 0;
}

Deno.test("compose: a product description is generated, then cached; only the generation counts", async () => {
  const user = await signUpUser("compose");
  const body = product();
  const first = await compose(user.client, "", { body });
  assert.equal(first.status, 200, JSON.stringify(first.body));
  assert.equal(first.body.source, "generated");
  const words = first.body.content.split(/\s+/).length;
  assert.ok(words >= 150 && words <= 200, `${words} words`);
  assert.ok(first.body.content.includes("water-resistant cotton"));
  assert.equal(first.body.alternatives.length, 2);
  assert.ok(first.body.qualityScore > 0.8 && first.body.qualityScore <= 1);
  assert.ok(first.body.keywords.includes("water-resistant cotton"));
  assert.match(first.body.compositionHash, /^[0-9a-f]{64}$/);
  assert.equal(typeof first.body.generationTimeMs, "number");

  // Same inputs with other key order and extra whitespace: the same composition, from the cache.
  const again = await compose(user.client, "", {
    body: { inputs: { ...body.inputs, name: `  ${body.inputs.name}  ` }, kind: body.kind, options },
  });
  assert.equal(again.body.source, "cached");
  assert.equal(again.body.content, first.body.content);
  assert.equal(again.body.compositionHash, first.body.compositionHash);

  // Another user with the same inputs shares the entry.
  const other = await signUpUser("compose-other");
  assert.equal((await compose(other.client, "", { body })).body.source, "cached");

  assert.equal(await used(user.id), 1);
  assert.deepEqual((await history(user.id)).map((h) => h.generation_source), [
    "generated",
    "cached",
  ]);
  const [popularity] = await sql`select generation_count, unique_users_count
    from public.composition_popularity p join public.generation_history g
      on g.kind = p.kind and g.inputs_hash = p.inputs_hash
    where g.user_id = ${user.id} limit 1`;
  assert.equal(popularity.generation_count, 3);
  assert.equal(popularity.unique_users_count, 2);
});

Deno.test("compose: a shipped kit configuration is prebuilt and does not count", async () => {
  const user = await signUpUser("compose-kit");
  const answer = await compose(user.client, "", {
    body: {
      kind: "kit_configuration",
      inputs: { role: "photographer" },
      options: { tone: "warm" },
    },
  });
  assert.equal(answer.status, 200);
  assert.equal(answer.body.source, "prebuilt");
  assert.match(answer.body.content, /Opens on: Media/);
  // Not shipped: generated (unless another run cached it within the hour: forget that entry).
  const customInputs = { role: "photographer", primaryKit: "compose" };
  await sql`delete from private.composition_cache where kind = 'kit_configuration'
    and inputs = ${sql.json({ inputs: customInputs, options })}`;
  const custom = await compose(user.client, "", {
    body: { kind: "kit_configuration", inputs: customInputs },
  });
  assert.equal(custom.body.source, "generated");
  assert.match(custom.body.content, /Opens on: Compose/);
  assert.equal(await used(user.id), 1);
  assert.deepEqual((await history(user.id)).map((h) => h.generation_source), [
    "prebuilt",
    "generated",
  ]);
});

Deno.test("compose: a composition generated 10 times is promoted to prebuilt", async () => {
  const user = await signUpUser("compose-promote");
  const body = product();
  // Eight earlier generations by others, written as the database would have them.
  const inputs = { inputs: body.inputs, options };
  await sql`insert into public.generation_history (user_id, kind, inputs, generation_source, success)
    select ${user.id}, 'product_description', ${sql.json(inputs)}, 'generated', true
    from generate_series(1, 8)`;
  assert.equal((await compose(user.client, "", { body })).body.source, "generated"); // 9th
  assert.equal((await compose(user.client, "", { body })).body.source, "cached"); // 10th
  const third = await compose(user.client, "", { body });
  assert.equal(third.body.source, "prebuilt");
  // Served after the hour too: a promoted entry does not expire.
  await sql`update private.composition_cache set expires_at = now() - interval '1 day'
    where kind = 'product_description' and inputs = ${sql.json(inputs)}`;
  assert.equal((await compose(user.client, "", { body })).body.source, "prebuilt");
});

Deno.test("compose: an expired cache entry is generated again", async () => {
  const user = await signUpUser("compose-expire");
  const body = product();
  assert.equal((await compose(user.client, "", { body })).body.source, "generated");
  await sql`update private.composition_cache set expires_at = now() - interval '1 second'
    where kind = 'product_description' and inputs = ${sql.json({ inputs: body.inputs, options })}`;
  assert.equal((await compose(user.client, "", { body })).body.source, "generated");
  assert.equal(await used(user.id), 2);
});

Deno.test("compose: an exhausted quota is a 429 with limit, used and resetsAt; hits still answer", async () => {
  const user = await signUpUser("compose-quota");
  await sql`insert into public.profiles (id, tier) values (${user.id}, 'pro')
    on conflict (id) do update set tier = 'pro'`;
  await sql`update public.profiles set monthly_generations = 1000,
    last_reset_date = date_trunc('month', now())::date where id = ${user.id}`;
  const refused = await compose(user.client, "", { body: product() });
  assert.equal(refused.status, 429, JSON.stringify(refused.body));
  assert.equal(refused.body.limit, 1000);
  assert.equal(refused.body.used, 1000);
  const next = new Date();
  const resetsAt = new Date(Date.UTC(next.getUTCFullYear(), next.getUTCMonth() + 1, 1));
  assert.equal(refused.body.resetsAt, resetsAt.toISOString());
  assert.ok(Number(refused.headers.get("retry-after")) > 0);
  assert.equal(refused.headers.get("content-type"), "application/problem+json");

  // Prebuilt and cached answers do not count, so they still come.
  const kit = await compose(user.client, "", {
    body: { kind: "kit_configuration", inputs: { role: "stylist" } },
  });
  assert.equal(kit.body.source, "prebuilt");
  assert.deepEqual(await history(user.id), [
    { generation_source: "generated", success: false, error_code: "quota_exceeded" },
    { generation_source: "prebuilt", success: true, error_code: null },
  ]);
  assert.equal(await used(user.id), 1000);
});

Deno.test("compose: a shoot brief", async () => {
  const user = await signUpUser("compose-brief");
  const answer = await compose(user.client, "", {
    body: {
      kind: "shoot_brief",
      inputs: {
        title: "Resort 26",
        looks: ["Look 1", { name: "Look 2", description: "linen suit" }],
        shotList: ["full length", "detail of collar"],
        mood: "sun-bleached calm",
        location: "Villa Serra",
        callTime: "06:45",
      },
      options: { tone: "bold", length: "short" },
    },
  });
  assert.equal(answer.status, 200);
  assert.match(answer.body.content, /Call time: 06:45/);
  assert.match(answer.body.content, /2\. Look 2: linen suit/);
});

Deno.test("compose: a run of show of a stored event, of a supplied event, and someone else's event is a 404", async () => {
  const owner = await signUpUser("compose-ros");
  const { data: event, error } = await owner.client.from("events").insert({
    name: "SS26 Show",
    starts_at: "2030-03-01T18:00:00Z",
    ends_at: "2030-03-01T19:00:00Z",
  }).select().single();
  assert.ifError(error);
  const { error: taskError } = await owner.client.from("event_tasks").insert([
    { event_id: event.id, title: "Load in", duration_minutes: 60, phase: "setup" },
    { event_id: event.id, title: "Runway walk", duration_minutes: 45, phase: "show" },
  ]);
  assert.ifError(taskError);

  const stored = await compose(owner.client, "", {
    body: { kind: "run_of_show", inputs: { eventId: event.id } },
  });
  assert.equal(stored.status, 200, JSON.stringify(stored.body));
  assert.equal(stored.body.source, "generated");
  assert.match(stored.body.content, /SS26 Show/);
  assert.match(stored.body.content, /Setup 17:00–18:00/);
  assert.ok(stored.body.content.indexOf("Load in") < stored.body.content.indexOf("Runway walk"));
  assert.equal(
    (await compose(owner.client, "", {
      body: { kind: "run_of_show", inputs: { eventId: event.id } },
    })).body.source,
    "cached",
  );

  // A change to the event is a new composition.
  await owner.client.from("event_tasks").insert({
    event_id: event.id,
    title: "Bows",
    duration_minutes: 5,
    phase: "show",
  });
  const changed = await compose(owner.client, "", {
    body: { kind: "run_of_show", inputs: { eventId: event.id } },
  });
  assert.equal(changed.body.source, "generated");
  assert.match(changed.body.content, /Bows/);

  const stranger = await signUpUser("compose-ros-stranger");
  const refused = await compose(stranger.client, "", {
    body: { kind: "run_of_show", inputs: { eventId: event.id } },
  });
  assert.equal(refused.status, 404);

  const supplied = await compose(stranger.client, "", {
    body: {
      kind: "run_of_show",
      inputs: {
        event: {
          id: "e1",
          name: "Pop-up",
          startsAt: "2030-05-01T10:00:00Z",
          endsAt: "2030-05-01T12:00:00Z",
          tasks: [{
            id: "t",
            title: "Rails up",
            status: "todo",
            durationMinutes: 30,
            dependsOn: [],
          }],
        },
      },
    },
  });
  assert.equal(supplied.status, 200);
  assert.match(supplied.body.content, /Rails up/);
});

Deno.test("compose: a sample request for the caller's late samples only", async () => {
  const user = await signUpUser("compose-samples");
  const past = new Date(Date.now() - 3 * 86_400_000).toISOString();
  const { error } = await user.client.from("samples").insert([
    {
      name: "Silk gown",
      category: "dresses",
      status: "in_transit",
      is_hero: true,
      designer: "Maison Vale",
      expected_at: past,
    },
    {
      name: "Raffia bag",
      category: "bags",
      status: "requested",
      is_hero: false,
      designer: "Other House",
      expected_at: past,
    },
    {
      name: "Linen suit",
      category: "suits",
      status: "on_set",
      is_hero: false,
      designer: "Maison Vale",
      expected_at: past,
    },
  ]);
  assert.ifError(error);
  const answer = await compose(user.client, "", {
    body: {
      kind: "sample_request",
      inputs: {
        recipient: { name: "Maison Vale", type: "showroom" },
        designer: "maison vale",
        senderName: "Ada",
      },
    },
  });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  assert.match(answer.body.content, /Silk gown \(dresses, hero piece\): 3 days overdue/);
  assert.doesNotMatch(answer.body.content, /Raffia bag|Linen suit/);

  // Another user's samples are not theirs to chase.
  const stranger = await signUpUser("compose-samples-stranger");
  const none = await compose(stranger.client, "", {
    body: { kind: "sample_request", inputs: { recipient: { name: "Maison Vale" } } },
  });
  assert.equal(none.status, 422);
  assert.ok(none.body.errors["inputs.designer"]);
});

Deno.test("compose: invalid inputs are a 422 naming the fields, and write no history", async () => {
  const user = await signUpUser("compose-invalid");
  const answer = await compose(user.client, "", {
    body: {
      kind: "product_description",
      inputs: { name: "", features: [] },
      options: { tone: "shouty" },
    },
  });
  assert.equal(answer.status, 422);
  assert.ok(answer.body.errors["inputs.name"]);
  assert.ok(answer.body.errors["inputs.features"]);
  assert.ok(answer.body.errors["options.tone"]);
  assert.equal(
    (await compose(user.client, "", { body: { kind: "poem", inputs: {} } })).status,
    422,
  );
  assert.deepEqual(await history(user.id), []);
});

Deno.test("compose: an Idempotency-Key replays the first answer byte for byte and refuses another body", async () => {
  const user = await signUpUser("compose-idem");
  const { url, anonKey } = stackEnv();
  const post = (body: unknown, key: string) =>
    fetch(`${url}/functions/v1/compose`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${user.accessToken}`,
        apikey: anonKey,
        "Content-Type": "application/json",
        "Idempotency-Key": key,
      },
      body: JSON.stringify(body),
    });
  const body = product();
  const first = await post(body, "compose-key-1");
  const firstText = await first.text();
  assert.equal(first.status, 200);
  const replay = await post(body, "compose-key-1");
  assert.equal(replay.status, 200);
  assert.equal(await replay.text(), firstText);
  assert.equal(replay.headers.get("idempotent-replayed"), "true");
  assert.equal(JSON.parse(firstText).source, "generated"); // the replay did not say "cached"
  assert.equal(await used(user.id), 1);

  const reused = await post(product(), "compose-key-1");
  assert.equal(reused.status, 409);
  assert.equal((await reused.json()).reason, "idempotency_key_reused");
  const bad = await post(body, "not a key!");
  assert.equal(bad.status, 400);
  await bad.body?.cancel();
});

Deno.test("compose: an organization's members draw on its monthly pool", async () => {
  const owner = await signUpUser("compose-org-owner");
  const member = await signUpUser("compose-org-member");
  const slug = `pool-${crypto.randomUUID().slice(0, 8)}`;
  const { data: org, error } = await owner.client.from("organizations")
    .insert({ name: "Pool", slug }).select("id").single();
  assert.ifError(error);
  await sql`update public.organizations set max_monthly_generations = 2 where id = ${org.id}`;
  const invited = await owner.client.from("organization_members")
    .insert({ organization_id: org.id, user_id: member.id, role: "member" });
  assert.ifError(invited.error);

  // Invited, not yet a member: their own quota.
  assert.equal((await compose(member.client, "", { body: product() })).status, 200);
  const accepted = await member.client.rpc("accept_organization_invitation", {
    p_organization_id: org.id,
  });
  assert.ifError(accepted.error);

  assert.equal((await compose(owner.client, "", { body: product() })).status, 200);
  assert.equal((await compose(member.client, "", { body: product() })).status, 200);
  for (const user of [owner, member]) {
    const refused = await compose(user.client, "", { body: product() });
    assert.equal(refused.status, 429, JSON.stringify(refused.body));
    assert.equal(refused.body.limit, 2);
    assert.equal(refused.body.used, 2);
  }
  // Each still has their own free-tier quota left: the pool is what refused them.
  assert.equal(await used(member.id), 2);
});

Deno.test("compose: content_generation admits 5 generations a minute; hits and the quota are not spent by it", async () => {
  const user = await signUpUser("compose-rate");
  const first = product();
  for (let i = 0; i < 5; i++) {
    const answer = await compose(user.client, "", { body: i === 0 ? first : product() });
    assert.equal(answer.body.source, "generated");
  }
  const refused = await compose(user.client, "", { body: product() });
  assert.equal(refused.status, 429, JSON.stringify(refused.body));
  assert.equal(refused.headers.get("ratelimit-limit"), "5");
  assert.ok(Number(refused.headers.get("retry-after")) > 0);
  assert.equal(await used(user.id), 5);
  // Hits are not generations: they still answer.
  assert.equal((await compose(user.client, "", { body: first })).body.source, "cached");
  assert.equal(
    (await compose(user.client, "", {
      body: { kind: "kit_configuration", inputs: { role: "producer" } },
    }))
      .body.source,
    "prebuilt",
  );
  const codes = (await history(user.id)).map((h) => h.error_code ?? h.generation_source);
  assert.deepEqual(codes, [...Array(5).fill("generated"), "rate_limited", "cached", "prebuilt"]);
});

Deno.test("compose: a call the per-user limit refuses is not logged as served", async () => {
  const user = await signUpUser("compose-refused");
  await sql`insert into public.rate_limit_buckets (key, window_seconds, hits)
    select ${`user:${user.id}`}, 60, array_agg(now()) from generate_series(1, 60)`;
  const body = { kind: "kit_configuration", inputs: { role: "producer" } };
  const refused = await compose(user.client, "", { body });
  assert.equal(refused.status, 429);
  const cached = await compose(user.client, "", { body: product() });
  assert.equal(cached.status, 429);
  assert.deepEqual(await history(user.id), []);
});
