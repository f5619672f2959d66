/**
 * Local auth answers within its deadline even when the database never does: a real TCP
 * listener that accepts connections and stays silent, as a frozen server or a dead network
 * looks (no query timeout can fire: the connection never completes).
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import { createAuthHandler } from "../../local/auth/mod.ts";

Deno.test("createAuthHandler() answers 503 when the database does not answer in time", async () => {
  const silent = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const held: Deno.Conn[] = [];
  const accepting = (async () => {
    for await (const conn of silent) held.push(conn);
  })();
  const { port } = silent.addr as Deno.NetAddr;
  const sql = postgres(`postgresql://postgres:postgres@127.0.0.1:${port}/postgres`, {
    connect_timeout: 600,
    max: 1,
  });
  try {
    const auth = createAuthHandler({
      sql,
      jwtSecret: "a-secret-of-at-least-thirty-two-characters",
      issuer: "http://127.0.0.1/auth/v1",
      requestDeadlineMs: 200,
    });
    const response = await auth(
      new Request("http://127.0.0.1/auth/v1/token?grant_type=password", {
        method: "POST",
        body: JSON.stringify({ email: "someone@example.test", password: "password-123" }),
      }),
      "/token",
      "127.0.0.1",
    );
    assert.equal(response.status, 503);
    assert.ok(Number(response.headers.get("Retry-After")) > 0);
    const body = await response.json();
    assert.equal(body.code, body.error_code);
  } finally {
    silent.close();
    for (const conn of held) conn.close();
    await accepting.catch(() => {});
    await sql.end({ timeout: 0 });
  }
});
