import assert from "node:assert/strict";
import {
  type FuzzContext,
  generateRequests,
  LEAK_MARKERS,
  mulberry32,
  nestedText,
  valuePaths,
} from "../integration/_fuzz_gen.ts";

const FUNCTIONS = ["compose", "events-optimizer", "logistics-analyzer", "media-scorer"];

function context(seed: number): FuzzContext {
  return {
    seed,
    functions: FUNCTIONS,
    accounts: 30,
    accountEmail: (i) => `fuzz-${i}@example.test`,
    accountPassword: "correct-horse-battery",
    victimEmail: "victim@example.test",
    victimEventId: "00000000-0000-4000-8000-000000000001",
  };
}

function bodyText(request: ReturnType<typeof generateRequests>[number]): string {
  const { body } = request;
  return body.kind === "text"
    ? body.text
    : body.kind === "bytes"
    ? new TextDecoder().decode(body.bytes)
    : "";
}

Deno.test("mulberry32() gives the reference sequence, so a seed means the same on every machine", () => {
  const next = mulberry32(1);
  assert.equal(next(), 0.6270739405881613);
  assert.equal(next(), 0.002735721180215478);
  assert.notEqual(mulberry32(2)(), mulberry32(1)());
});

Deno.test("generateRequests() is reproducible: the same seed gives the same requests", () => {
  const json = (seed: number) =>
    JSON.stringify(
      generateRequests(context(seed), 300),
      (_, v) => v instanceof Uint8Array ? [...v] : v,
    );
  assert.equal(json(42), json(42));
  assert.notEqual(json(42), json(43));
});

Deno.test("generateRequests() covers every function, every auth route, every token kind and raw sockets", () => {
  const requests = generateRequests(context(7), 3_000);
  const routes = new Set(requests.map((r) => r.route));
  for (const fn of FUNCTIONS) {
    assert.ok(routes.has(`functions/${fn}`), fn);
    assert.ok(routes.has(`functions/${fn}/health`), `${fn}/health`);
  }
  for (
    const route of ["signup", "tokenPassword", "tokenRefresh", "userGet", "userPut", "logout"]
  ) assert.ok(routes.has(`auth/${route}`), route);
  const tokens = new Set(requests.map((r) => r.token));
  assert.equal(tokens.size, 14, [...tokens].join(", "));
  assert.ok(requests.some((r) => r.transport === "raw" && r.method === "TRACE"));
  assert.ok(requests.some((r) => r.declaredLength));
  assert.ok(requests.some((r) => r.body.kind === "stream"));
  assert.ok(requests.some((r) => r.body.kind === "bytes"));
  assert.ok(requests.some((r) => bodyText(r).includes("\\ud800")));
  assert.ok(requests.some((r) => bodyText(r).length > 1024 * 1024));
  assert.ok(requests.some((r) => /\[{1000}/.test(bodyText(r))));
});

Deno.test("generated bodies never hold the text the test reads as a leak, so an echo is no false alarm", () => {
  for (const seed of [1, 2]) {
    for (const request of generateRequests(context(seed), 3_000)) {
      const text = bodyText(request) + JSON.stringify(request.headers);
      for (const marker of LEAK_MARKERS) {
        assert.ok(!text.includes(marker), `#${request.index} carries ${marker}`);
      }
    }
  }
});

Deno.test("valuePaths() names array items and extra keys on arrays alike", () => {
  const list = Object.assign([1, [2]], { extra: 3 });
  assert.deepEqual(valuePaths({ a: list }), [
    ["a"],
    ["a", "0"],
    ["a", "1"],
    ["a", "extra"],
    ["a", "1", "0"],
  ]);
});

Deno.test("nestedText() writes nesting too deep for JSON.stringify", () => {
  const text = nestedText(200_000, "array");
  assert.equal(text.length, 400_001);
  let value = JSON.parse(text);
  let depth = 0;
  while (Array.isArray(value)) [value, depth] = [value[0], depth + 1];
  assert.equal(depth, 200_000);
});
