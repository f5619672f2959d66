import assert from "node:assert/strict";
import { HttpError } from "./errors.ts";
import { Router } from "./router.ts";

const ok = () => new Response("ok");
const router = new Router<null>([
  { method: "GET", path: "/", handler: ok },
  { method: "POST", path: "/", handler: ok },
  { method: "GET", path: "/events/:id", handler: ok },
]);

Deno.test("Router.match() returns the route and its params", () => {
  const { route, params } = router.match("GET", "/events/e1");
  assert.equal(route.path, "/events/:id");
  assert.deepEqual(params, { id: "e1" });
});

Deno.test("Router.match() answers 405 with Allow for a known path", () => {
  assert.throws(() => router.match("DELETE", "/"), (error: HttpError) => {
    assert.equal(error.status, 405);
    assert.equal(new Headers(error.extra.headers).get("allow"), "GET, POST");
    return true;
  });
});

Deno.test("Router.match() answers 404 for an unknown path", () => {
  assert.throws(() => router.match("GET", "/nope"), (error: HttpError) => error.status === 404);
});
