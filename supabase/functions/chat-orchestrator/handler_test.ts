import assert from "node:assert/strict";
import { SignJWT } from "jose";
import { createChatOrchestratorHandler } from "./handler.ts";

// In process, without a database (nothing listens on port 9): what the chat route refuses before
// its admission (the other routes are admitted first; the integration tests cover them).
const secret = "chat-handler-test-secret-of-32-chars-at-least";
const handler = createChatOrchestratorHandler({
  jwtSecret: secret,
  dbUrl: "postgresql://u:p@127.0.0.1:9/none",
  logLevel: "error",
});
const token = await new SignJWT({
  sub: "0f8fad5b-d9cb-469f-a165-70867728950e",
  role: "authenticated",
})
  .setProtectedHeader({ alg: "HS256" })
  .setExpirationTime("1m")
  .sign(new TextEncoder().encode(secret));

async function call(path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${token}`);
  const response = await handler(
    new Request(`http://x/chat-orchestrator${path}`, { ...init, headers }),
  );
  const body = response.headers.get("content-type")?.includes("json")
    ? await response.json()
    : null;
  return { status: response.status, type: response.headers.get("content-type"), body };
}

const post = (path: string, body: unknown) =>
  call(path, { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body) });

Deno.test("chat-orchestrator refuses bad chat bodies with problems before touching the database", async () => {
  const sessionId = crypto.randomUUID();
  const cases: Array<[string, unknown, number, string?]> = [
    ["/", "{nope", 400],
    ["/", { message: "hi" }, 422, "sessionId"],
    ["/", { message: "hi", sessionId: "not-a-uuid" }, 422, "sessionId"],
    ["/", { message: "hi", sessionId, userId: crypto.randomUUID() }, 422, "(body)"],
    ["/", { message: "x".repeat(4_001), sessionId }, 422, "message"],
    [
      "/",
      {
        message: "hi",
        sessionId,
        userContext: {
          eventTasks: [
            { id: "t", title: "A", status: "todo", durationMinutes: 1 },
            { id: "t", title: "B", status: "todo", durationMinutes: 1 },
          ],
        },
      },
      422,
      "userContext.eventTasks.1.id",
    ],
  ];
  for (const [path, body, status, field] of cases) {
    const answer = await post(path, body);
    assert.equal(answer.status, status, `${path} ${JSON.stringify(body).slice(0, 80)}`);
    assert.equal(answer.type, "application/problem+json");
    if (field) {
      assert.ok(answer.body.errors?.[field], `${field}: ${JSON.stringify(answer.body.errors)}`);
    }
  }
});

Deno.test("chat-orchestrator answers unknown paths and methods with 404 and 405", async () => {
  assert.equal((await call("/nope", { method: "GET" })).status, 404);
  assert.equal((await call("/", { method: "GET" })).status, 405);
});
