import assert from "node:assert/strict";
import { RefusalMemo } from "./refusals.ts";

const user = { key: "user:a", limit: 60, windowSeconds: 60 };
const route = { key: "user:a:content_generation", limit: 5, windowSeconds: 60 };
const refused = (limit: number, resetSeconds: number) => ({
  allowed: false,
  limit,
  remaining: 0,
  resetSeconds,
});

Deno.test("RefusalMemo refuses for a second less than the database said, from the send", () => {
  let clock = 1_000;
  const memo = new RefusalMemo(() => clock);
  clock = 1_040; // the answer arrived 40 ms after the admission was sent
  memo.remember([user], refused(60, 10), 1_000);
  clock = 9_999;
  assert.deepEqual(memo.refusal([user]), refused(60, 2));
  clock = 10_000; // 1 s + 9 s: the oldest call may leave the window from here on
  assert.equal(memo.refusal([user]), undefined);
  assert.equal(memo.size, 0);
});

Deno.test("RefusalMemo keeps no admission, and no refusal of a second or less", () => {
  const memo = new RefusalMemo(() => 0);
  memo.remember([user], { allowed: true, limit: 60, remaining: 3, resetSeconds: 50 }, 0);
  memo.remember([user], refused(60, 1), 0);
  assert.equal(memo.size, 0);
  assert.equal(memo.refusal([user]), undefined);
});

Deno.test("RefusalMemo tells buckets, sizes and windows apart", () => {
  const memo = new RefusalMemo(() => 0);
  memo.remember([user], refused(60, 30), 0);
  assert.equal(memo.refusal([{ ...user, key: "user:b" }]), undefined);
  assert.equal(memo.refusal([{ ...user, limit: 120 }]), undefined);
  assert.equal(memo.refusal([{ ...user, windowSeconds: 3600 }]), undefined);
  // a full user bucket refuses every admission that counts against it
  assert.equal(memo.refusal([user, route])?.limit, 60);
});

Deno.test("RefusalMemo keeps the refusing limit of several when its size says which", () => {
  const memo = new RefusalMemo(() => 0);
  memo.remember([user, route], refused(5, 30), 0);
  assert.equal(memo.refusal([user]), undefined);
  assert.equal(memo.refusal([user, route])?.limit, 5);
  // two limits of one size: only the pair is known to be full
  const twin = { ...route, key: "user:a:theme_recommendations" };
  const other = new RefusalMemo(() => 0);
  other.remember([route, twin], refused(5, 30), 0);
  assert.equal(other.refusal([route]), undefined);
  assert.equal(other.refusal([twin]), undefined);
  assert.equal(other.refusal([route, twin])?.limit, 5);
});

Deno.test("RefusalMemo stays within its capacity, dropping expired refusals first", () => {
  let clock = 0;
  const memo = new RefusalMemo(() => clock, 3);
  memo.remember([{ ...user, key: "user:1" }], refused(60, 2), 0); // held until 1,000
  memo.remember([{ ...user, key: "user:2" }], refused(60, 30), 0);
  memo.remember([{ ...user, key: "user:3" }], refused(60, 30), 0);
  clock = 1_500;
  memo.remember([{ ...user, key: "user:4" }], refused(60, 30), 1_500);
  assert.equal(memo.size, 3);
  assert.ok(memo.refusal([{ ...user, key: "user:2" }]));
  memo.remember([{ ...user, key: "user:5" }], refused(60, 30), 1_500);
  assert.equal(memo.size, 3);
  assert.equal(memo.refusal([{ ...user, key: "user:2" }]), undefined, "the oldest went first");
  assert.ok(memo.refusal([{ ...user, key: "user:3" }]));
  assert.ok(memo.refusal([{ ...user, key: "user:5" }]));
});
