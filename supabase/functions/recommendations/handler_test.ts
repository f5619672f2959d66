import { equal, match } from "node:assert/strict";
import { SignJWT } from "jose";
import { createRecommendationsHandler } from "./handler.ts";

const secret = "recommendations-test-secret-of-32-chars";
// Nothing listens on port 9: these refusals must come before any database work.
const handler = createRecommendationsHandler({
  jwtSecret: secret,
  dbUrl: "postgresql://u:p@127.0.0.1:9/none",
  logLevel: "warn",
});
const userId = "0f8fad5b-d9cb-469f-a165-70867728950e";
const token = await new SignJWT({ sub: userId, role: "authenticated" })
  .setProtectedHeader({ alg: "HS256" })
  .setExpirationTime("1m")
  .sign(new TextEncoder().encode(secret));

function post(body: string) {
  return handler(
    new Request("http://x/recommendations", {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body,
    }),
  );
}

Deno.test("recommendations refuses a body naming another user with a 403 problem", async () => {
  const response = await post(JSON.stringify({
    userId: "11111111-1111-4111-8111-111111111111",
    recommendationType: "next_actions",
  }));
  equal(response.status, 403);
  equal(response.headers.get("content-type"), "application/problem+json");
  const problem = await response.json();
  equal(problem.code, "forbidden");
  match(problem.detail, /userId/);
});

Deno.test("recommendations answers bad input with 400 and 422 problems", async () => {
  const malformed = await post("{");
  equal(malformed.status, 400);
  await malformed.body?.cancel();
  const invalid = await post(JSON.stringify({ recommendationType: "everything" }));
  equal(invalid.status, 422);
  equal((await invalid.json()).errors.recommendationType.length, 1);
});
