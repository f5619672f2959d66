/**
 * GET /compose/public over HTTP with supabase-js: search over name, description and tags,
 * tag filters, the four sorts, pagination, and the plan (an index, not a scan).
 */
import assert from "node:assert/strict";
import { compose, servicePool } from "./_compose.ts";
import { signUpUser } from "./_stack.ts";

const sql = servicePool();
Deno.test.afterAll(() => sql.end());

// A word no other test's compositions contain, so counts are exact on a shared database.
const marker = `zq${crypto.randomUUID().replaceAll("-", "").slice(0, 10)}`;

interface Item {
  id: string;
  name: string;
}
const names = (body: { compositions: Item[] }) => body.compositions.map((c) => c.name);

Deno.test("gallery: search, tags, sorts and pages over public compositions only", async () => {
  const owner = await signUpUser("gallery");
  await sql`update public.profiles set tier = 'pro' where id = ${owner.id}`;
  const make = async (name: string, description: string, tags: string[], isPublic = true) => {
    const answer = await compose(owner.client, "/saved", {
      body: {
        name,
        description,
        kind: "shoot_brief",
        content: `${name} ${marker}`,
        tags: [...tags, marker],
        isPublic,
      },
    });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    return answer.body as Item;
  };
  const a = await make("Linen Dresses brief", "Summer villa", ["resort"]);
  const b = await make("Winter coats", "Snow and tailored wool", ["outerwear"]);
  const c = await make("Resort swim", "Beach day", ["resort", "swim"]);
  await make("Hidden dresses", "Private draft", ["resort"], false);

  const all = await compose(owner.client, `/public?tags=${marker}`, { method: "GET" });
  assert.equal(all.status, 200);
  assert.equal(all.body.total, 3);
  assert.deepEqual(names(all.body), ["Resort swim", "Winter coats", "Linen Dresses brief"]); // recent

  // Stemmed search over the name ("dress" finds "Dresses"), the description and the tags.
  const dress = await compose(owner.client, `/public?search=dress&tags=${marker}`, {
    method: "GET",
  });
  assert.deepEqual(names(dress.body), ["Linen Dresses brief"]);
  const tailoring = await compose(owner.client, `/public?search=tailoring&tags=${marker}`, {
    method: "GET",
  });
  assert.deepEqual(names(tailoring.body), ["Winter coats"]);
  const byTag = await compose(
    owner.client,
    `/public?search=${encodeURIComponent(`swim ${marker}`)}`,
    { method: "GET" },
  );
  assert.deepEqual(names(byTag.body), ["Resort swim"]);

  const resort = await compose(owner.client, `/public?tags=resort,${marker}`, { method: "GET" });
  assert.deepEqual(names(resort.body).sort(), ["Linen Dresses brief", "Resort swim"]);

  // likes and popular (downloads)
  const fan = await signUpUser("gallery-fan");
  await compose(fan.client, `/saved/${b.id}/like`);
  await compose(fan.client, `/saved/${c.id}/download`);
  await compose(fan.client, `/saved/${c.id}/download`);
  await compose(fan.client, `/saved/${a.id}/download`);
  const likes = await compose(owner.client, `/public?tags=${marker}&sort=likes&limit=1`, {
    method: "GET",
  });
  assert.deepEqual(names(likes.body), ["Winter coats"]);
  assert.equal(likes.body.pages, 3);
  const popular = await compose(owner.client, `/public?tags=${marker}&sort=popular`, {
    method: "GET",
  });
  assert.deepEqual(names(popular.body).slice(0, 2), ["Resort swim", "Linen Dresses brief"]);
  const trending = await compose(fan.client, `/public?tags=${marker}&sort=trending`, {
    method: "GET",
  });
  // engagement: a like is 1, a download a third; the three are minutes apart in age
  assert.deepEqual(names(trending.body), ["Winter coats", "Resort swim", "Linen Dresses brief"]);
  assert.equal(trending.body.compositions[0].own, false);

  const page2 = await compose(owner.client, `/public?tags=${marker}&limit=2&page=2`, {
    method: "GET",
  });
  assert.deepEqual(page2.body, { ...page2.body, total: 3, page: 2, limit: 2, pages: 2 });
  assert.deepEqual(names(page2.body), ["Linen Dresses brief"]);

  const bad = await compose(owner.client, "/public?sort=random&limit=500", { method: "GET" });
  assert.equal(bad.status, 422);
  assert.ok(bad.body.errors.sort && bad.body.errors.limit);
});

// On a table this small the planner rightly prefers a scan; with scans off, a search the index
// cannot serve would still scan. It uses the index: its expression is the index's.
Deno.test("gallery: the search's expression is the one the GIN index of public rows serves", async () => {
  await sql.begin(async (tx) => {
    await tx`set local enable_seqscan = off`;
    const plan = await tx.unsafe(`explain select c.id from public.compositions c
      where c.is_public and private.composition_search_document(c.name, c.description, c.tags)
        @@ websearch_to_tsquery('english'::regconfig, 'dress')`);
    const text = plan.map((row) => row["QUERY PLAN"]).join("\n");
    assert.match(text, /compositions_public_search_idx/, text);
  });
});
