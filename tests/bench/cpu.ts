/**
 * CPU time of the processes under test, read from /proc (Linux): what a cell's requests cost
 * the stack's process, Postgres (the postmaster and its backends) and this load generator, per
 * request sent (a cache-hit cell's priming calls count as requests like the rest). On a
 * machine whose cores are all busy, requests/s follows CPU time per request, so these figures
 * say where an endpoint spends what separates it from a floor.
 */
import { childrenOf } from "./memory.ts";

/** CPU time in clock ticks (utime + stime, every thread) of each process measured. */
export interface CpuSample {
  stack: number;
  postgres: number;
  loader: number;
}

/** CPU milliseconds per request of each process measured. */
export type CpuPerRequest = CpuSample;

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces). */
async function statFields(pid: number): Promise<string[] | undefined> {
  const stat = await Deno.readTextFile(`/proc/${pid}/stat`).catch(() => "");
  return stat ? stat.slice(stat.lastIndexOf(")") + 2).split(" ") : undefined;
}

/**
 * utime + stime of `pid` in clock ticks, and with `exitedChildren` the children it has waited
 * for (cutime + cstime): a backend that ends during a cell is counted by its postmaster.
 * 0 when the process is gone or there is no /proc.
 */
export async function cpuTicks(pid: number, exitedChildren = false): Promise<number> {
  const fields = await statFields(pid);
  if (!fields) return 0;
  // stat(5): utime is field 14, stime 15, cutime 16, cstime 17; `fields` starts at field 3.
  const own = Number(fields[11]) + Number(fields[12]);
  return exitedChildren ? own + Number(fields[13]) + Number(fields[14]) : own;
}

/** CPU ticks of the postmaster `pid`, its live backends and the backends that have ended. */
export async function postgresCpuTicks(pid: number): Promise<number> {
  let total = await cpuTicks(pid, true);
  for (const child of await childrenOf(pid)) total += await cpuTicks(child);
  return total;
}

/** Clock ticks per second (`getconf CLK_TCK`; 100 on Linux when it cannot be asked). */
export async function ticksPerSecond(): Promise<number> {
  const out = await new Deno.Command("getconf", { args: ["CLK_TCK"], stdout: "piped" })
    .output().catch(() => undefined);
  const ticks = out ? Number(new TextDecoder().decode(out.stdout).trim()) : NaN;
  return ticks > 0 ? ticks : 100;
}

/**
 * CPU milliseconds per request of each process between two samples; undefined without
 * requests, or when /proc gave nothing (every figure 0).
 */
export function cpuPerRequest(
  before: CpuSample,
  after: CpuSample,
  requests: number,
  ticksPerSecond: number,
): CpuPerRequest | undefined {
  if (requests <= 0 || (after.stack === 0 && after.postgres === 0 && after.loader === 0)) {
    return undefined;
  }
  const perRequest = (key: keyof CpuSample) =>
    ((after[key] - before[key]) * 1000) / ticksPerSecond / requests;
  return {
    stack: perRequest("stack"),
    postgres: perRequest("postgres"),
    loader: perRequest("loader"),
  };
}
