/** Running test runners and reading their output: what `npm test` and `npm run test:faults` count. */
import { ROOT } from "./db.ts";

/**
 * Runs `cmd` in the project root with its output shown as it comes, and returns that output
 * (stdout) for counting.
 */
export async function runEchoing(
  cmd: string[],
  env?: Record<string, string>,
): Promise<{ success: boolean; out: string }> {
  const child = new Deno.Command(cmd[0], {
    args: cmd.slice(1),
    cwd: ROOT,
    env,
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  let out = "";
  const decoder = new TextDecoder();
  for await (const chunk of child.stdout) {
    out += decoder.decode(chunk, { stream: true });
    await Deno.stdout.write(chunk);
  }
  return { success: (await child.status).success, out };
}

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
