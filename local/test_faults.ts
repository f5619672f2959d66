/**
 * `npm run test:faults`: the fault tests under tests/faults, too slow for `npm test` (each
 * starts and kills stacks of its own). Prints one closing line `tests: N passed, N failed`
 * and exits non-zero on any failure.
 */
import { ROOT } from "./db.ts";
import { join } from "./paths.ts";
import { denoTestCounts } from "./test_summary.ts";

const cmd = [
  join(ROOT, "node_modules", ".bin", "deno"),
  "test",
  "-A",
  "--no-check",
  "tests/faults",
];
console.log(`── faults: ${cmd.join(" ")}`);
const child = new Deno.Command(cmd[0], {
  args: cmd.slice(1),
  cwd: ROOT,
  stdout: "piped",
  stderr: "inherit",
}).spawn();
let out = "";
const decoder = new TextDecoder();
for await (const chunk of child.stdout) {
  out += decoder.decode(chunk, { stream: true });
  await Deno.stdout.write(chunk);
}
const status = await child.status;
// A run that reports nothing (it could not even load) has not proven anything.
const counts = denoTestCounts(out) ?? { passed: 0, failed: 1 };
console.log(`\ntests: ${counts.passed} passed, ${counts.failed} failed`);
Deno.exit(status.success && counts.failed === 0 ? 0 : 1);
