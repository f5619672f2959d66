/** Memory of the processes under test, read from /proc (Linux). */

async function statusField(pid: number, field: string): Promise<number> {
  const text = await Deno.readTextFile(`/proc/${pid}/status`).catch(() => "");
  return Number(text.match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"))?.[1] ?? 0) * 1024;
}

/** Resident set size of `pid`, in bytes (0 once it is gone). */
export function rssBytes(pid: number): Promise<number> {
  return statusField(pid, "VmRSS");
}

/** The pids whose parent is `pid`; none where there is no /proc to read. */
export async function childrenOf(pid: number): Promise<number[]> {
  const children: number[] = [];
  try {
    for await (const entry of Deno.readDir("/proc")) {
      if (!/^\d+$/.test(entry.name)) continue;
      const stat = await Deno.readTextFile(`/proc/${entry.name}/stat`).catch(() => "");
      // Field 4 (ppid) follows the command name, which is in parentheses and may hold spaces.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) children.push(Number(entry.name));
    }
  } catch {
    // No /proc (not Linux): figures read from it come out 0 or absent instead of ending the run.
  }
  return children;
}

/**
 * Proportional set size of the postmaster `pid` and its backends, in bytes: shared buffers
 * counted once across the processes (their RSS summed would count them once per backend).
 */
export async function postgresPssBytes(pid: number): Promise<number> {
  let total = 0;
  for (const p of [pid, ...(await childrenOf(pid))]) {
    const text = await Deno.readTextFile(`/proc/${p}/smaps_rollup`).catch(() => "");
    total += Number(text.match(/^Pss:\s+(\d+) kB/m)?.[1] ?? 0) * 1024;
  }
  return total;
}

/** The postmaster's pid, from the first line of its data dir's postmaster.pid. */
export async function postmasterPid(dataDir: string): Promise<number> {
  return Number((await Deno.readTextFile(`${dataDir}/postmaster.pid`)).split("\n")[0]);
}
