/**
 * The bench's stack, in a process of its own so that the load generator does not share its
 * thread: started as the test runner starts one (a throwaway cluster, auth's per-address limits
 * raised, since the bench signs up and signs in from one address), announced on stdout as one
 * JSON line, stopped on SIGTERM/SIGINT or when the bench goes away.
 *   deno run -A tests/bench/_stack_process.ts <apiPort> <dbPort> <dataDir>
 */
import { startStack } from "../../local/stack.ts";

const [apiPort, dbPort, dataDir] = Deno.args;
const parent = Deno.ppid;
const stack = await startStack({
  apiPort: Number(apiPort),
  dbPort: Number(dbPort),
  dataDir,
  ephemeral: true,
  authRateLimits: { signInSignUps: 1_000_000_000, tokenRefresh: 1_000_000_000 },
});

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await stack.stop();
  Deno.exit(0);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) Deno.addSignalListener(signal, stop);
setInterval(() => Deno.ppid !== parent && stop(), 500);

const { url, anonKey, serviceRoleKey, dbUrl, jwtSecret } = stack;
console.log(JSON.stringify({ ready: { url, anonKey, serviceRoleKey, dbUrl, jwtSecret } }));
