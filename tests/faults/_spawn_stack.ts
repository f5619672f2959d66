/**
 * Starts `_serve_stack.ts` (a local stack in a process of its own) for the fault tests, so that
 * a crash of the stack shows up as that process exiting, and resolves once it serves.
 */
import { ROOT } from "../../local/cluster.ts";
import { join } from "../../local/paths.ts";
import { freePort } from "../../local/stack.ts";

export interface StackSettings {
  url: string;
  anonKey: string;
}

/** Starts `_serve_stack.ts` and resolves once it prints its settings. */
export async function spawnStack(dataDir: string) {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      join(ROOT, "tests", "faults", "_serve_stack.ts"),
      String(freePort()),
      String(freePort()),
      dataDir,
    ],
    cwd: ROOT,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let exit: Deno.CommandStatus | undefined;
  const exited = child.status.then((status) => (exit = status));
  let stderr = "";
  (async () => {
    for await (const chunk of child.stderr.pipeThrough(new TextDecoderStream())) {
      stderr = (stderr + chunk).slice(-8000);
    }
  })();
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  let settings: StackSettings | undefined;
  while (!settings) {
    const { value, done } = await lines.read();
    if (done) throw new Error(`The stack exited before it was ready:\n${stderr}`);
    buffered += value;
    const ready = buffered.match(/^READY (.*)$/m);
    if (ready) settings = JSON.parse(ready[1]);
  }
  // Keep draining stdout so the child never blocks on a full pipe.
  (async () => {
    while (!(await lines.read()).done) { /* discard */ }
  })();
  return {
    settings,
    child,
    exited,
    exit: () => exit,
    stderr: () => stderr,
  };
}
