/**
 * `npm run test:faults`: the fault tests under tests/faults, too slow for `npm test` (each
 * starts and kills stacks of its own). Prints one closing line `tests: N passed, N failed`
 * and exits non-zero on any failure.
 */
import { runDenoTests } from "./test_summary.ts";

console.log("── faults");
const summary = await runDenoTests(["-A", "--no-check", "tests/faults"]);
if (summary.failures.length) console.log(`\nFailed tests:\n  ${summary.failures.join("\n  ")}`);
console.log(`\ntests: ${summary.passed} passed, ${summary.failed} failed`);
Deno.exit(summary.failed === 0 ? 0 : 1);
