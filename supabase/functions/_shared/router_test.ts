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

Deno.test("Router.match() compares literal paths exactly as URLPattern would match them", () => {
  const paths = ["/", "/history", "/saved/likes", "/a-b_c.d~e"];
  const literal = new Router<null>(paths.map((path) => ({ method: "GET", path, handler: ok })));
  const inputs = [
    ...paths,
    "",
    "//",
    "/history/",
    "/History",
    "/saved",
    "/saved/likes/x",
    "/a-b_c",
  ];
  for (const pathname of inputs) {
    const expected = paths.find((path) => new URLPattern({ pathname: path }).test({ pathname }));
    let got: string | undefined;
    try {
      got = literal.match("GET", pathname).route.path;
    } catch (error) {
      assert.equal((error as HttpError).status, 404);
    }
    assert.equal(got, expected, `path ${JSON.stringify(pathname)}`);
  }
});
