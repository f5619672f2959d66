/**
 * Every mutation of this function honours `Idempotency-Key` (_shared/idempotency.ts): the
 * body is read once, as text, so that the key's fingerprint and the route see the same bytes.
 */
import { readBodyText } from "../_shared/body.ts";
import { withIdempotency } from "../_shared/idempotency.ts";
import type { FunctionContext } from "../_shared/serve.ts";

/** Runs `run` with the request's body text under its Idempotency-Key, if it has one. */
export async function idempotent(
  req: Request,
  ctx: FunctionContext,
  run: (bodyText: string) => Promise<Response>,
): Promise<Response> {
  const text = await readBodyText(req);
  return await withIdempotency(req, ctx, text, () => run(text));
}
