#!/usr/bin/env node
// Completes package-lock.json with the other platforms' optional binary packages (deno,
// supabase ship one per OS/CPU). npm 11 leaves them out when it resolves on Linux
// (npm/cli#8320), and `npm ci` then refuses the lock as out of sync. Run after
// `npm install` whenever dependencies change: `node local/lock-platforms.mjs`.
// The entries carry no integrity: npm never downloads another platform's package.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";

const file = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(file, "utf8"));

function platformOf(name) {
  const os = name.match(/(darwin|linux|win32|windows|freebsd)/)?.[1];
  const cpu = name.match(/(x64|arm64|ia32|arm)(?![a-z0-9])/)?.[1];
  const libc = name.match(/-(glibc|musl)$/)?.[1];
  return { os: os === "windows" ? "win32" : os, cpu, libc };
}

function describe(name, version) {
  try {
    const meta = JSON.parse(
      execFileSync("npm", ["view", `${name}@${version}`, "os", "cpu", "libc", "--json"], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      }) || "{}",
    );
    return {
      os: meta.os?.[0] ?? meta.os,
      cpu: meta.cpu?.[0] ?? meta.cpu,
      libc: meta.libc?.[0] ?? meta.libc,
    };
  } catch {
    return platformOf(name); // not on this registry: the name says the platform
  }
}

let added = 0;
for (const [path, pkg] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(pkg.optionalDependencies ?? {})) {
    const key = `${path ? `${path}/` : ""}node_modules/${name}`;
    const hoisted = `node_modules/${name}`;
    if (lock.packages[key] || lock.packages[hoisted]) continue;
    const { os, cpu, libc } = describe(name, version);
    lock.packages[hoisted] = {
      version: version.replace(/^[\^~]/, ""),
      ...(cpu ? { cpu: [cpu] } : {}),
      dev: pkg.dev ?? false,
      ...(libc ? { libc: [libc] } : {}),
      optional: true,
      ...(os ? { os: [os] } : {}),
    };
    added++;
  }
}
const sorted = {};
for (const key of Object.keys(lock.packages).sort()) sorted[key] = lock.packages[key];
lock.packages = sorted;
writeFileSync(file, JSON.stringify(lock, null, 2) + "\n");
console.log(`lock-platforms: added ${added} platform packages to package-lock.json`);
