/** Reading test runners' output: what `npm test` and `npm run test:faults` count. */

// deno-lint-ignore no-control-regex
const stripAnsi = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, "");

/**
 * The counts in `deno test`'s last summary line ("ok | 12 passed (3 steps) | 0 failed" or
 * "FAILED | 3 passed | 1 failed"), or undefined when there is none.
 */
export function denoTestCounts(out: string): { passed: number; failed: number } | undefined {
  const lines = stripAnsi(out).match(/(\d+) passed.*?\| (\d+) failed/g);
  if (!lines) return undefined;
  const [, passed, failed] = lines[lines.length - 1].match(/(\d+) passed.*?\| (\d+) failed/)!;
  return { passed: Number(passed), failed: Number(failed) };
}
