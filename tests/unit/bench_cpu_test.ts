import assert from "node:assert/strict";
import { cpuPerRequest, cpuTicks } from "../bench/cpu.ts";

Deno.test("cpuPerRequest() gives nothing for a cell without requests or without /proc", () => {
  const before = { stack: 10, postgres: 10, loader: 10 };
  const after = { stack: 20, postgres: 20, loader: 20 };
  assert.equal(cpuPerRequest(before, after, 0, 100), undefined);
  const none = { stack: 0, postgres: 0, loader: 0 };
  assert.equal(cpuPerRequest(none, none, 50, 100), undefined);
  // 10 ticks at 250 a second are 40 ms, over 4 requests
  assert.deepEqual(cpuPerRequest(before, after, 4, 250), { stack: 10, postgres: 10, loader: 10 });
});

Deno.test("cpuTicks() counts this process's CPU time, and 0 for a process that is not there", async () => {
  const before = await cpuTicks(Deno.pid);
  const until = performance.now() + 200;
  let spin = 0;
  while (performance.now() < until) spin++;
  assert.ok(spin > 0);
  assert.ok(await cpuTicks(Deno.pid) > before);
  assert.equal(await cpuTicks(2 ** 22 + 1), 0);
});
