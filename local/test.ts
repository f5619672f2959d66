/**
 * `npm test`: static checks, unit tests, then one local stack of its own (free ports, a
 * fresh database) for pgTAP and the integration tests, then stops it. Prints one closing
 * line `tests: N passed, N failed` and exits non-zero on any failure.
 */
import { ROOT, usableDataDir } from "./cluster.ts";
import { join } from "./paths.ts";
import { freePort, type Stack, startStack } from "./stack.ts";
import { runDenoTests, runEchoing } from "./test_summary.ts";
import { checkGeneratedTypes } from "./types.ts";
import { buildWeb, serveWeb, type WebServer } from "./web.ts";
import { type FakeAnthropic, startFakeAnthropic } from "../tests/_fake_anthropic.ts";

const deno = join(ROOT, "node_modules", ".bin", "deno");
const totals = { passed: 0, failed: 0 };
const failures: string[] = [];
const failedTests: string[] = [];

async function step(
  name: string,
  cmd: string[],
  options: { env?: Record<string, string>; count?: (out: string) => void } = {},
): Promise<void> {
  console.log(`\n── ${name}: ${cmd.join(" ")}`);
  const { success, out } = await runEchoing(cmd, options.env);
  options.count?.(out);
  if (!success) {
    failures.push(name);
    if (!options.count) totals.failed++;
  } else if (!options.count) {
    totals.passed++;
  }
}

/** A `deno test` run, counted from its JUnit report. */
async function denoTestStep(name: string, args: string[], env?: Record<string, string>) {
  console.log(`\n── ${name}`);
  const summary = await runDenoTests(args, env);
  totals.passed += summary.passed;
  totals.failed += summary.failed;
  if (summary.failed) {
    failures.push(name);
    failedTests.push(...summary.failures);
  }
}

// pg_prove's summary: "Files=3, Tests=40, ..." and, on failure, "Failed 2/12 subtests".
function countPgProve(out: string) {
  const tests = Number(out.match(/Tests=(\d+)/)?.[1] ?? 0);
  const failed = [...out.matchAll(/Failed (\d+)\/\d+ subtests/g)].reduce(
    (n, m) => n + Number(m[1]),
    0,
  );
  const parseErrors = /Parse errors|Bad plan|Result: FAIL/.test(out) && failed === 0 ? 1 : 0;
  totals.passed += tests - failed;
  totals.failed += failed + parseErrors + (tests === 0 ? 1 : 0);
}

const sources = ["supabase/functions", "local", "tests"];
await step("format", [deno, "fmt", "--check"]);
await step("lint", [deno, "lint"]);
await step("typecheck", [deno, "check", ...sources]);
// With the doc examples (`--doc`), type-checked as they are only when tests run them.
await denoTestStep("unit and doc examples", ["-A", "--doc", "supabase/functions", "tests/unit"]);
// The web client: its TypeScript (Preact JSX, checked by tsc with web/tsconfig.json) and the
// pure modules' tests beside it.
await step("web typecheck", [
  "node",
  join(ROOT, "node_modules", "typescript", "bin", "tsc"),
  "-p",
  "web",
]);
await denoTestStep("web unit", ["-A", "web/src"]);

let stack: Stack | undefined;
let web: WebServer | undefined;
const webDir = join(ROOT, ".local", `test-web-${Deno.pid}`);
let fakeAnthropic: FakeAnthropic | undefined;
const dataDir = await usableDataDir(join(ROOT, ".local", `test-db-${Deno.pid}`));
// Interrupted (Ctrl-C, a supervisor's SIGTERM): stop the test stack's Postgres before leaving,
// so no cluster outlives the run. The step being run ends with its parent's process group.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  Deno.addSignalListener(signal, async () => {
    console.log(`\n── ${signal}: stopping the test stack`);
    await stack?.stop();
    await fakeAnthropic?.close();
    await web?.stop().catch(() => {});
    await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    await Deno.remove(webDir, { recursive: true }).catch(() => {});
    Deno.exit(130);
  });
}
try {
  await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  console.log("\n── starting a local stack for the integration tests");
  // The model is a local stand-in speaking the Messages API, and the stack has no key of its
  // own: a test that wants the model stores a key for its user, which picks its script.
  fakeAnthropic = startFakeAnthropic();
  stack = await startStack({
    apiPort: freePort(),
    dbPort: freePort(),
    dataDir,
    ephemeral: true,
    // config.toml allows 30 sign-ins and sign-ups per address in 5 minutes; the suite signs up
    // far more users than that from 127.0.0.1 (auth_test.ts tests the limits on a server of
    // its own).
    authRateLimits: { signInSignUps: 100_000, tokenRefresh: 100_000 },
    anthropic: { baseUrl: fakeAnthropic.url, apiKey: "" },
    log: (line) => console.log(`[local] ${line}`),
  });
  const { port } = new URL(stack.dbUrl.replace("postgresql:", "http:"));
  await step("pgTAP", [
    "pg_prove",
    "-h",
    "127.0.0.1",
    "-p",
    port,
    "-U",
    "postgres",
    "-d",
    "postgres",
    "--ext",
    ".sql",
    "-r",
    "supabase/tests",
  ], {
    env: { PGPASSWORD: "postgres", PGOPTIONS: "-c search_path=public,extensions" },
    count: countPgProve,
  });
  console.log("\n── generated types match the migrations");
  if (await checkGeneratedTypes(stack.dbUrl)) totals.passed++;
  else {
    totals.failed++;
    failures.push("types drift");
  }
  await denoTestStep("integration", ["-A", "--no-check", "tests/integration"], {
    SUPABASE_URL: stack.url,
    SUPABASE_ANON_KEY: stack.anonKey,
    SUPABASE_SERVICE_ROLE_KEY: stack.serviceRoleKey,
    SUPABASE_DB_URL: stack.dbUrl,
    SUPABASE_JWT_SECRET: stack.jwtSecret,
    ANTHROPIC_BASE_URL: fakeAnthropic.url,
  });
  // The built client in headless Chromium against this stack: a fresh build of the current
  // sources, in a folder of this run, so a concurrent `npm start` never serves a half build.
  console.log("\n── building the web client for the browser tests");
  await buildWeb({ outDir: webDir });
  web = serveWeb({
    port: freePort(),
    supabaseUrl: stack.url,
    anonKey: stack.anonKey,
    outDir: webDir,
  });
  await denoTestStep("browser (e2e)", ["-A", "--no-check", "tests/e2e"], {
    SUPABASE_URL: stack.url,
    SUPABASE_ANON_KEY: stack.anonKey,
    // Only for making an admin: the claim is written by the service role alone.
    SUPABASE_DB_URL: stack.dbUrl,
    WEB_URL: web.url,
  });
} catch (error) {
  console.error(`local stack failed: ${(error as Error).message}`);
  totals.failed++;
  failures.push("local stack");
} finally {
  await web?.stop().catch(() => {});
  await Deno.remove(webDir, { recursive: true }).catch(() => {});
  await stack?.stop();
  await fakeAnthropic?.close();
  await Deno.remove(join(ROOT, ".local", `test-db-${Deno.pid}`), { recursive: true }).catch(
    () => {},
  );
}

if (failedTests.length) console.log(`\nFailed tests:\n  ${failedTests.join("\n  ")}`);
if (failures.length) console.log(`\nFailed steps: ${failures.join(", ")}`);
console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed`);
Deno.exit(failures.length || totals.failed ? 1 : 0);
