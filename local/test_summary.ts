/** Running test runners and reading their reports: what `npm test` and `npm run test:faults` count. */
import { ROOT } from "./cluster.ts";
import { join } from "./paths.ts";

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

export interface TestSummary {
  passed: number;
  failed: number;
  ignored: number;
  /** Test steps (`t.step`), counted apart: a test passes only when its steps do. */
  steps: number;
  /** "<file>: <test name>" of each failed test. */
  failures: string[];
}

const XML_ENTITIES: Record<string, string> = {
  lt: "<",
  gt: ">",
  amp: "&",
  quot: '"',
  apos: "'",
};
const unescapeXml = (text: string) =>
  text.replace(/&(lt|gt|amp|quot|apos);/g, (_, name: string) => XML_ENTITIES[name]);
const attribute = (attrs: string, name: string) =>
  unescapeXml(attrs.match(new RegExp(`\\b${name}="([^"]*)"`))?.[1] ?? "");

/**
 * The counts in a JUnit report as `deno test --junit-path` writes it. Deno lists a test's steps
 * as test cases of their own named "<test> > <step>", after their test; they are counted as
 * steps, so that one failing step is one failed test, as Deno's own summary says.
 */
export function junitSummary(xml: string): TestSummary {
  const summary: TestSummary = { passed: 0, failed: 0, ignored: 0, steps: 0, failures: [] };
  for (const suite of xml.matchAll(/<testsuite\s([^>]*)>([\s\S]*?)<\/testsuite>/g)) {
    const file = attribute(suite[1], "name");
    const tests: string[] = [];
    for (
      const testcase of suite[2].matchAll(/<testcase\s([^>]*?)(?:\/>|>([\s\S]*?)<\/testcase>)/g)
    ) {
      const name = attribute(testcase[1], "name");
      if (tests.some((test) => name.startsWith(`${test} > `))) {
        summary.steps++;
        continue;
      }
      tests.push(name);
      const body = testcase[2] ?? "";
      if (/<(failure|error)\b/.test(body)) {
        summary.failed++;
        summary.failures.push(`${file}: ${name}`);
      } else if (/<skipped\b/.test(body)) summary.ignored++;
      else summary.passed++;
    }
  }
  return summary;
}

/**
 * Runs `deno test` with `args` (output shown as it comes) and reads its JUnit report. A run that
 * failed without a failed test in its report (it could not even load, or crashed) counts as
 * one failure: it has not proven anything.
 */
export async function runDenoTests(
  args: string[],
  env?: Record<string, string>,
): Promise<TestSummary> {
  const report = await Deno.makeTempFile({ prefix: "junit-", suffix: ".xml" });
  try {
    const deno = join(ROOT, "node_modules", ".bin", "deno");
    const cmd = [deno, "test", `--junit-path=${report}`, ...args];
    console.log(`${cmd.join(" ")}`);
    const { success } = await runEchoing(cmd, env);
    const summary = junitSummary(await Deno.readTextFile(report).catch(() => ""));
    if (!success && summary.failed === 0) {
      summary.failed = 1;
      summary.failures.push(`deno test ${args.join(" ")}: exited with an error`);
    }
    return summary;
  } finally {
    await Deno.remove(report).catch(() => {});
  }
}
