#!/usr/bin/env node
// The first thing `npm start` / `npm test` run, dependency-free so that it works on a
// fresh clone: installs what is missing (npm packages; Debian packages when root, else one
// line saying what to install), then hands over to the Deno entry point.
//   node local/bootstrap.mjs <start|test|test-faults|db-reset|bench> [args...]
// package.json's scripts `exec` it: npm forwards SIGINT/SIGTERM to its direct child only, and
// a shell left in between would swallow a SIGINT sent to npm alone.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const [command = "start", ...args] = process.argv.slice(2);
const entries = {
  start: "local/start.ts",
  test: "local/test.ts",
  "test-faults": "local/test_faults.ts",
  "db-reset": "local/reset.ts",
  bench: "tests/bench/run.ts",
};

function run(cmd, argv, opts = {}) {
  const result = spawnSync(cmd, argv, { stdio: "inherit", cwd: root, ...opts });
  if (result.status !== 0) {
    console.error(`bootstrap: "${cmd} ${argv.join(" ")}" failed`);
    process.exit(result.status ?? 1);
  }
}

function has(cmd) {
  return spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
}

function postgresBinDir() {
  const fromConfig = spawnSync("pg_config", ["--bindir"], { encoding: "utf8" });
  const dirs = [fromConfig.stdout?.trim(), "/usr/lib/postgresql/15/bin"];
  return dirs.find((dir) => dir && existsSync(join(dir, "initdb")));
}

function pgtapInstalled() {
  try {
    return readdirSync("/usr/share/postgresql").some((v) =>
      existsSync(`/usr/share/postgresql/${v}/extension/pgtap.control`)
    );
  } catch {
    return false;
  }
}

// 1. npm packages (deno and the Supabase CLI come from npm).
const binaries = ["deno", "supabase"].map((b) => join(root, "node_modules", ".bin", b));
if (!binaries.every(existsSync)) {
  console.log("bootstrap: installing npm packages…");
  run("npm", [
    existsSync(join(root, "package-lock.json")) ? "ci" : "install",
    "--no-audit",
    "--no-fund",
  ]);
}

// 2. System packages: PostgreSQL (unless DATABASE_URL points elsewhere), pgTAP for tests,
//    Chromium for the browser tests.
const needed = [];
if (!process.env.DATABASE_URL && !postgresBinDir()) needed.push("postgresql-15");
if (command === "test") {
  if (!pgtapInstalled()) needed.push("postgresql-15-pgtap");
  if (!has("pg_prove")) needed.push("libtap-parser-sourcehandler-pgtap-perl");
  if (!has("chromium")) needed.push("chromium");
}
if (
  !existsSync("/usr/share/postgresql/15/extension/pg_cron.control") &&
  postgresBinDir()?.includes("/15/")
) {
  needed.push("postgresql-15-cron");
}
if (needed.length) {
  const line = `apt-get install -y ${needed.join(" ")}`;
  if (process.getuid?.() === 0 && has("apt-get")) {
    console.log(`bootstrap: ${line}`);
    run("apt-get", ["update", "-qq"]);
    run("apt-get", ["install", "-y", "-qq", ...needed], {
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
  } else if (needed.includes("postgresql-15") || command === "test") {
    console.error(`bootstrap: missing system packages; run: sudo ${line}`);
    process.exit(1);
  }
}

// 3. Hand over to Deno and live exactly as long as it does: signals are forwarded so that
//    Ctrl-C / SIGTERM / SIGHUP stop the stack cleanly, and the bootstrap exits with Deno.
const entry = entries[command];
if (!entry) {
  console.error(
    `bootstrap: unknown command "${command}" (one of ${Object.keys(entries).join(", ")})`,
  );
  process.exit(2);
}
const child = spawn(join(root, "node_modules", ".bin", "deno"), ["run", "-A", entry, ...args], {
  stdio: "inherit",
  cwd: root,
});
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => child.kill(signal));
}
// When npm (or the shell between) dies without forwarding a signal, this process is
// reparented: pass a SIGTERM on, then leave with Deno as usual.
const parent = process.ppid;
const orphanCheck = setInterval(() => {
  if (process.ppid === parent) return;
  clearInterval(orphanCheck);
  child.kill("SIGTERM");
}, 500);
child.on("exit", (code, signal) => {
  clearInterval(orphanCheck);
  process.exit(code ?? (signal ? 1 : 0));
});
