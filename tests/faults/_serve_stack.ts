/**
 * A local stack in a process of its own, for fault tests: a crash of the stack shows up as
 * this process exiting. Usage: `deno run -A tests/faults/_serve_stack.ts <apiPort> <dbPort>
 * <dataDir>`. Prints one line `READY <json>` with the stack's settings once it serves, and
 * stops everything it started on SIGTERM or SIGINT.
 */
import { startStack } from "../../local/stack.ts";

const [apiPort, dbPort, dataDir] = Deno.args;
const stack = await startStack({
  apiPort: Number(apiPort),
  dbPort: Number(dbPort),
  dataDir,
  ephemeral: true,
  // Load tests sign in from one address far more often than config.toml allows.
  authRateLimits: { signInSignUps: 1_000_000, tokenRefresh: 1_000_000 },
});
const { stop: _stop, ...settings } = stack;
console.log(`READY ${JSON.stringify(settings)}`);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  await stack.stop();
  Deno.exit(0);
}
Deno.addSignalListener("SIGTERM", shutdown);
Deno.addSignalListener("SIGINT", shutdown);
