/**
 * `npm run test:faults`: the fault tests under tests/faults, too slow for `npm test` (each
 * starts and kills stacks of its own). Prints one closing line `tests: N passed, N failed`
 * and exits non-zero on any failure.
 */
import { ROOT } from "./db.ts";
import { join } from "./paths.ts";
import { denoTestCounts, runEchoing } from "./test_summary.ts";

const cmd = [
  join(ROOT, "node_modules", ".bin", "deno"),
  "test",
  "-A",
  "--no-check",
  "tests/faults",
];
console.log(`── faults: ${cmd.join(" ")}`);
const { success, out } = await runEchoing(cmd);
// A run that reports nothing (it could not even load) has not proven anything.
const counts = denoTestCounts(out) ?? { passed: 0, failed: 1 };
console.log(`\ntests: ${counts.passed} passed, ${counts.failed} failed`);
Deno.exit(success && counts.failed === 0 ? 0 : 1);
