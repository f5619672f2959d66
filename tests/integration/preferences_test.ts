/**
 * /functions/v1/preferences over HTTP with supabase-js: the settings, their history and
 * rollback. Each test signs up users of its own (60 calls a minute each).
 */
import assert from "node:assert/strict";
import { FunctionsHttpError, type SupabaseClient } from "@supabase/supabase-js";
import postgres from "postgres";
import { asService } from "../../supabase/functions/_shared/db.ts";
import { PreferencesPatch } from "../../supabase/functions/preferences/validation.ts";
import { signUpUser, stackEnv } from "./_stack.ts";

const sql = postgres(stackEnv().dbUrl, { max: 2, prepare: false, onnotice: () => {} });
Deno.test.afterAll(() => sql.end());

type Method = "GET" | "POST" | "PATCH" | "DELETE";

/** Calls `preferences<path>` and returns `{status, body}` for success and problem alike. */
async function call(
  client: SupabaseClient,
  method: Method,
  path = "",
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const { data, error, response } = await client.functions.invoke(`preferences${path}`, {
    method,
    body: body as Record<string, unknown> | undefined,
    headers,
  });
  if (!error) return { status: response?.status ?? 200, body: data, response };
  assert.ok(error instanceof FunctionsHttpError, String(error));
  const failed = error.context as Response;
  assert.equal(failed.headers.get("content-type"), "application/problem+json");
  return { status: failed.status, body: await failed.json() };
}

Deno.test("GET /preferences: the defaults and the assistant columns for a new user", async () => {
  const user = await signUpUser("prefs-get");
  const { status, body } = await call(user.client, "GET");
  assert.equal(status, 200);
  assert.equal(body.preferences.theme, "system");
  assert.equal(body.preferences.rowsPerPage, 25);
  assert.deepEqual(body.preferences.qualityThresholds, {
    autoApproval: 8,
    flagging: 6,
    minimumAcceptable: 4,
  });
  assert.deepEqual(body.assistant.kit_order, ["logistics", "events", "media"]);
  assert.equal(body.assistant.default_kit, null);
  assert.equal(body.assistant.auto_suggestions_enabled, true);
  assert.equal(body.assistant.conversation_history_retention_days, 90);
  assert.equal(body.assistant.notification_preferences.task_assigned, true);
  assert.deepEqual(body.assistant.favorite_actions, []);
});

Deno.test("GET /preferences: the stored document is deep-merged over the defaults", async () => {
  const user = await signUpUser("prefs-merge");
  // A document written before a setting existed: only part of one section.
  await asService(sql, (tx) =>
    tx`update public.user_preferences
       set preferences = '{"theme": "dark", "qualityThresholds": {"flagging": 5}}'::jsonb
       where user_id = ${user.id}`);
  const { body } = await call(user.client, "GET");
  assert.equal(body.preferences.theme, "dark");
  assert.equal(body.preferences.tableDensity, "comfortable", "from the defaults");
  assert.deepEqual(body.preferences.qualityThresholds, {
    autoApproval: 8,
    flagging: 5,
    minimumAcceptable: 4,
  });
});

Deno.test("PATCH /preferences: merges deeply, stores, and returns the result", async () => {
  const user = await signUpUser("prefs-patch");
  const patch = {
    preferences: {
      theme: "dark",
      rowsPerPage: 50,
      notifications: { email: true },
      qualityThresholds: { flagging: 5 },
      brandKeywords: ["tailored", "linen"],
    },
    assistant: {
      default_kit: "media",
      kit_order: ["media", "logistics"],
      notification_preferences: { sample_added: false },
      conversation_history_retention_days: 30,
    },
  };
  const { status, body } = await call(user.client, "PATCH", "", patch);
  assert.equal(status, 200);
  assert.equal(body.preferences.theme, "dark");
  assert.equal(body.preferences.rowsPerPage, 50);
  assert.deepEqual(body.preferences.notifications, {
    toast: true,
    email: true,
    inApp: true,
    frequency: "immediate",
    categories: {
      generationComplete: true,
      approvalRequired: true,
      errors: true,
      systemAlerts: true,
    },
  });
  assert.equal(body.preferences.qualityThresholds.autoApproval, 8);
  assert.equal(body.preferences.qualityThresholds.flagging, 5);
  assert.equal(body.assistant.default_kit, "media");
  assert.deepEqual(body.assistant.kit_order, ["media", "logistics"]);
  assert.equal(body.assistant.notification_preferences.sample_added, false);
  assert.equal(body.assistant.notification_preferences.sample_removed, true);
  assert.equal(body.assistant.conversation_history_retention_days, 30);

  const again = await call(user.client, "GET");
  assert.deepEqual(again.body, body, "GET reads what PATCH stored");
  const [row] = await asService(
    sql,
    (tx) =>
      tx`select preferences, default_kit, kit_order, conversation_history_retention_days
       from public.user_preferences where user_id = ${user.id}`,
  );
  assert.deepEqual(row.preferences.brandKeywords, ["tailored", "linen"]);
  assert.deepEqual(row.kit_order, ["media", "logistics"]);
  assert.equal(row.conversation_history_retention_days, 30);
});

Deno.test("PATCH /preferences: every failing field at once, and nothing stored", async () => {
  const user = await signUpUser("prefs-invalid");
  const { status, body } = await call(user.client, "PATCH", "", {
    preferences: {
      rowsPerPage: 30,
      theme: "neon",
      tableDensity: "dense",
      qualityThresholds: { autoApproval: 5, flagging: 7, minimumAcceptable: 11 },
      defaultFilters: { qualityRange: [9, 3] },
      unknownSetting: true,
    },
    assistant: {
      conversation_history_retention_days: 5000,
      kit_order: ["logistics", "finance"],
      default_kit: "finance",
    },
  });
  assert.equal(status, 422);
  assert.equal(body.code, "validation_failed");
  assert.deepEqual(Object.keys(body.errors).sort(), [
    "assistant.conversation_history_retention_days",
    "assistant.default_kit",
    "assistant.kit_order.1",
    "preferences.defaultFilters.qualityRange",
    "preferences.qualityThresholds.autoApproval",
    "preferences.qualityThresholds.minimumAcceptable",
    "preferences.rowsPerPage",
    "preferences.tableDensity",
    "preferences.theme",
    "preferences.unknownSetting",
  ]);
  const { body: after } = await call(user.client, "GET");
  assert.equal(after.preferences.theme, "system", "nothing was written");
  const [{ count }] = await asService(
    sql,
    (tx) =>
      tx`select count(*)::int from public.configuration_audit_log where owner_id = ${user.id}`,
  );
  assert.equal(count, 0, "and nothing audited");
});

Deno.test("the REST API cannot write settings around the function's rules; it can read them", async () => {
  const user = await signUpUser("prefs-rest");
  const table = () => user.client.from("user_preferences");
  const update = await table()
    .update({ preferences: { theme: "neon", brandKeywords: "not a list" } })
    .eq("user_id", user.id)
    .select();
  assert.equal(update.status, 403, JSON.stringify(update.error));
  assert.equal(update.error?.code, "42501");
  const column = await table().update({ conversation_history_retention_days: 1 })
    .eq("user_id", user.id);
  assert.equal(column.error?.code, "42501", "an assistant column too");
  const insert = await table().upsert({ user_id: user.id, preferences: { theme: 7 } });
  assert.equal(insert.error?.code, "42501", "and an upsert of the row");
  const read = await table().select("preferences, conversation_history_retention_days")
    .eq("user_id", user.id).single();
  assert.equal(read.error, null);
  assert.equal(read.data?.preferences.theme, "system", "nothing was written");
  assert.equal(read.data?.conversation_history_retention_days, 90);
  // The function still writes, as the user, and its changes are audited with their reason.
  const patched = await call(user.client, "PATCH", "", { preferences: { theme: "dark" } });
  assert.equal(patched.status, 200);
  const [{ reasons }] = await asService(
    sql,
    (tx) =>
      tx`select array_agg(change_reason) as reasons from public.configuration_audit_log
         where owner_id = ${user.id}`,
  );
  assert.deepEqual(reasons, ["update"]);
});

Deno.test("PATCH /preferences: an ordering broken against the stored value is refused", async () => {
  const user = await signUpUser("prefs-order");
  const { status, body } = await call(user.client, "PATCH", "", {
    preferences: { qualityThresholds: { flagging: 9 } },
  });
  assert.equal(status, 422);
  assert.deepEqual(Object.keys(body.errors), ["preferences.qualityThresholds.flagging"]);
});

Deno.test("PATCH /preferences: malformed JSON is a 400", async () => {
  const user = await signUpUser("prefs-malformed");
  const { url, anonKey } = stackEnv();
  const response = await fetch(`${url}/functions/v1/preferences`, {
    method: "PATCH",
    headers: {
      apikey: anonKey,
      authorization: `Bearer ${user.accessToken}`,
      "content-type": "application/json",
    },
    body: "{",
  });
  assert.equal(response.status, 400);
  assert.equal((await response.json()).code, "malformed_json");
});

Deno.test("POST /preferences/reset: one section, then everything", async () => {
  const user = await signUpUser("prefs-reset");
  await call(user.client, "PATCH", "", {
    preferences: { theme: "dark", qualityThresholds: { autoApproval: 9 } },
    assistant: { default_kit: "events", conversation_history_retention_days: 7 },
  });
  const section = await call(user.client, "POST", "/reset", { section: "qualityThresholds" });
  assert.equal(section.status, 200);
  assert.equal(section.body.preferences.qualityThresholds.autoApproval, 8);
  assert.equal(section.body.preferences.theme, "dark", "other sections stay");
  assert.equal(section.body.assistant.default_kit, "events");

  const assistant = await call(user.client, "POST", "/reset", { section: "assistant" });
  assert.equal(assistant.body.assistant.default_kit, null);
  assert.equal(assistant.body.assistant.conversation_history_retention_days, 90);
  assert.equal(assistant.body.preferences.theme, "dark");

  const all = await call(user.client, "POST", "/reset", {});
  assert.equal(all.status, 200);
  assert.equal(all.body.preferences.theme, "system");

  const unknown = await call(user.client, "POST", "/reset", { section: "everything" });
  assert.equal(unknown.status, 422);
  assert.ok(unknown.body.errors.section);
});

Deno.test("GET /preferences/history: newest first, paginated, with the changed paths", async () => {
  const user = await signUpUser("prefs-history");
  await call(user.client, "PATCH", "", { preferences: { theme: "dark" } });
  await call(user.client, "PATCH", "", { preferences: { rowsPerPage: 50 } });
  await call(user.client, "PATCH", "", { assistant: { default_kit: "media" } });

  const first = await call(user.client, "GET", "/history?page=1&limit=2");
  assert.equal(first.status, 200);
  assert.equal(first.body.total, 3);
  assert.equal(first.body.pages, 2);
  assert.deepEqual(first.body.items.map((item: { changes: string[] }) => item.changes), [
    ["assistant.default_kit"],
    ["preferences.rowsPerPage"],
  ]);
  assert.equal(first.body.items[0].changedBy, user.id);
  assert.equal(first.body.items[0].reason, "update");
  const second = await call(user.client, "GET", "/history?page=2&limit=2");
  assert.deepEqual(second.body.items.map((item: { changes: string[] }) => item.changes), [
    ["preferences.theme"],
  ]);
  const beyond = await call(user.client, "GET", "/history?page=9&limit=2");
  assert.deepEqual(beyond.body.items, []);
  assert.equal(beyond.body.total, 3);

  const bad = await call(user.client, "GET", "/history?limit=1000&page=0");
  assert.equal(bad.status, 422);
  assert.deepEqual(Object.keys(bad.body.errors).sort(), ["limit", "page"]);
});

Deno.test("GET /preferences/history/<id>/diff: added, removed and changed paths", async () => {
  const user = await signUpUser("prefs-diff");
  await call(user.client, "PATCH", "", {
    preferences: { theme: "light", brandKeywords: ["linen"] },
    assistant: { favorite_actions: ["show_blockers"] },
  });
  const { body: history } = await call(user.client, "GET", "/history");
  const id = history.items[0].id;
  const { status, body } = await call(user.client, "GET", `/history/${id}/diff`);
  assert.equal(status, 200);
  assert.equal(body.id, id);
  assert.deepEqual(body.added, [{ path: "preferences.brandKeywords", value: ["linen"] }]);
  assert.deepEqual(body.removed, []);
  assert.deepEqual(body.changed, [
    { path: "assistant.favorite_actions", before: [], after: ["show_blockers"] },
    { path: "preferences.theme", before: "system", after: "light" },
  ]);

  const missing = await call(user.client, "GET", `/history/${crypto.randomUUID()}/diff`);
  assert.equal(missing.status, 404);
  const notAnId = await call(user.client, "GET", "/history/not-an-id/diff");
  assert.equal(notAnId.status, 404);
});

Deno.test("POST /preferences/rollback: preview, restore, and undo the rollback", async () => {
  const user = await signUpUser("prefs-rollback");
  await call(user.client, "PATCH", "", { preferences: { theme: "dark" } });
  await call(user.client, "PATCH", "", {
    preferences: { rowsPerPage: 100 },
    assistant: { default_kit: "events" },
  });
  await call(user.client, "PATCH", "", { preferences: { theme: "light" } });
  const { body: history } = await call(user.client, "GET", "/history");
  // Roll back the second change: it and the third are undone, the first stays.
  const second = history.items[1].id;

  const preview = await call(user.client, "POST", "/rollback/preview", { auditId: second });
  assert.equal(preview.status, 200);
  assert.deepEqual(preview.body.changed, [
    { path: "assistant.default_kit", before: "events", after: null },
    { path: "preferences.rowsPerPage", before: 100, after: 25 },
    { path: "preferences.theme", before: "light", after: "dark" },
  ]);
  const unchanged = await call(user.client, "GET", "");
  assert.equal(unchanged.body.preferences.theme, "light", "a preview writes nothing");

  const rolled = await call(user.client, "POST", "/rollback", { auditId: second });
  assert.equal(rolled.status, 200);
  assert.equal(rolled.body.preferences.theme, "dark");
  assert.equal(rolled.body.preferences.rowsPerPage, 25);
  assert.equal(rolled.body.assistant.default_kit, null);
  assert.deepEqual(rolled.body.diff.changed, preview.body.changed);

  // The rollback is a change of its own, newest in the history: undo it.
  const { body: after } = await call(user.client, "GET", "/history");
  assert.equal(after.total, 4);
  assert.equal(after.items[0].reason, `rollback of ${second}`);
  const undo = await call(user.client, "POST", "/rollback", { auditId: after.items[0].id });
  assert.equal(undo.status, 200);
  assert.equal(undo.body.preferences.theme, "light");
  assert.equal(undo.body.preferences.rowsPerPage, 100);
  assert.equal(undo.body.assistant.default_kit, "events");
});

Deno.test("POST /preferences/rollback: someone else's audit id is a 404, and nothing changes", async () => {
  const owner = await signUpUser("prefs-owner");
  const stranger = await signUpUser("prefs-stranger");
  await call(owner.client, "PATCH", "", { preferences: { theme: "dark" } });
  await call(stranger.client, "PATCH", "", { preferences: { theme: "light" } });
  const { body: history } = await call(owner.client, "GET", "/history");
  const theirs = history.items[0].id;

  for (
    const [method, path, body] of [
      ["POST", "/rollback", { auditId: theirs }],
      ["POST", "/rollback/preview", { auditId: theirs }],
      ["GET", `/history/${theirs}/diff`, undefined],
    ] as const
  ) {
    const answer = await call(stranger.client, method, path, body);
    assert.equal(answer.status, 404, path);
    assert.equal(answer.body.code, "not_found");
  }
  const { body: mine } = await call(stranger.client, "GET", "");
  assert.equal(mine.preferences.theme, "light");
  const { body: strangerHistory } = await call(stranger.client, "GET", "/history");
  assert.equal(strangerHistory.total, 1, "the owner's change is not in the stranger's history");

  const malformed = await call(stranger.client, "POST", "/rollback", { auditId: "1" });
  assert.equal(malformed.status, 422);
});

Deno.test("PATCH /preferences with an Idempotency-Key: a replay is the first answer, once", async () => {
  const user = await signUpUser("prefs-idempotent");
  const headers = { "Idempotency-Key": `prefs-${crypto.randomUUID()}` };
  const patch = { preferences: { rowsPerPage: 10 } };
  const first = await call(user.client, "PATCH", "", patch, headers);
  assert.equal(first.status, 200);
  // A change in between: a replay must not apply the patch again over it.
  await call(user.client, "PATCH", "", { preferences: { rowsPerPage: 100 } });
  const replay = await call(user.client, "PATCH", "", patch, headers);
  assert.equal(replay.status, 200);
  assert.equal(replay.response?.headers.get("idempotent-replayed"), "true");
  assert.deepEqual(replay.body, first.body);
  const { body: now } = await call(user.client, "GET");
  assert.equal(now.preferences.rowsPerPage, 100, "the replay wrote nothing");

  const reused = await call(
    user.client,
    "PATCH",
    "",
    { preferences: { rowsPerPage: 50 } },
    headers,
  );
  assert.equal(reused.status, 409);
  const [{ count }] = await asService(
    sql,
    (tx) =>
      tx`select count(*)::int from public.configuration_audit_log where owner_id = ${user.id}`,
  );
  assert.equal(count, 2);
});

Deno.test("GET and PATCH /preferences make the settings row again when it is gone", async () => {
  const user = await signUpUser("prefs-missing");
  // delete_my_data removes the row; the account (and its token) remain.
  await asService(sql, (tx) => tx`delete from public.user_preferences where user_id = ${user.id}`);
  const { status, body } = await call(user.client, "GET");
  assert.equal(status, 200);
  assert.equal(body.preferences.theme, "system");
  assert.equal(body.assistant.conversation_history_retention_days, 90);
  await asService(sql, (tx) => tx`delete from public.user_preferences where user_id = ${user.id}`);
  const patched = await call(user.client, "PATCH", "", { preferences: { theme: "dark" } });
  assert.equal(patched.status, 200);
  assert.equal(patched.body.preferences.theme, "dark");
});

Deno.test("PATCH /preferences: concurrent patches of one user lose no change", async () => {
  const user = await signUpUser("prefs-concurrent");
  // Each reads the row and writes only if it is unchanged, else again under a lock: all four
  // changes must be in the result, whatever order they ran in.
  const patches = [
    { preferences: { theme: "dark" } },
    { preferences: { rowsPerPage: 100 } },
    { preferences: { tableDensity: "compact" } },
    { assistant: { default_kit: "media" } },
  ];
  const answers = await Promise.all(patches.map((patch) => call(user.client, "PATCH", "", patch)));
  assert.deepEqual(answers.map((answer) => answer.status), [200, 200, 200, 200]);
  const { body } = await call(user.client, "GET");
  assert.equal(body.preferences.theme, "dark");
  assert.equal(body.preferences.rowsPerPage, 100);
  assert.equal(body.preferences.tableDensity, "compact");
  assert.equal(body.assistant.default_kit, "media");
  const { body: history } = await call(user.client, "GET", "/history");
  assert.equal(history.total, 4, "each change audited once");
});

Deno.test("GET /preferences: the defaults hold every section of the settings document and pass its rules", async () => {
  const user = await signUpUser("prefs-defaults");
  const { body } = await call(user.client, "GET");
  assert.deepEqual(body.preferences.notifications.categories, {
    generationComplete: true,
    approvalRequired: true,
    errors: true,
    systemAlerts: true,
  });
  assert.equal(body.preferences.defaultFilters.autoApply, false);
  assert.equal(body.preferences.exportPreferences.autoCompressionThreshold, 1000);
  assert.equal(body.preferences.keyboardShortcuts.customBindings.openSearch, "Ctrl+K");
  // What GET answers, sent back whole, is a valid PATCH: defaults and rules agree.
  const parsed = PreferencesPatch.safeParse({
    preferences: body.preferences,
    assistant: body.assistant,
  });
  assert.ok(parsed.success, JSON.stringify(!parsed.success && parsed.error.issues));
  const echoed = await call(user.client, "PATCH", "", {
    preferences: body.preferences,
    assistant: body.assistant,
  });
  assert.equal(echoed.status, 200);
  assert.deepEqual(echoed.body.preferences, body.preferences);
});
