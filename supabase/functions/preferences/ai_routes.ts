/**
 * The AI configuration routes (`/ai`, `/ai/<configName>`, `/ai/key`, `/ai/usage`). Mutations
 * honour Idempotency-Key; a replayed key answer holds the last 4 characters only, like the first.
 */
import { z } from "zod";
import { parseJson, validate } from "../_shared/body.ts";
import { httpError } from "../_shared/errors.ts";
import { jsonResponse } from "../_shared/response.ts";
import type { FunctionRoute } from "../_shared/serve.ts";
import {
  deleteAiConfiguration,
  patchAiConfiguration,
  readAiConfiguration,
  readUsage,
  storeProviderKey,
} from "./ai_store.ts";
import { idempotent } from "./idempotent.ts";
import type { JsonObject } from "./merge.ts";

/** Configuration names travel in paths: letters, digits and a few separators. */
const CONFIG_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
const configName = z.string().regex(
  CONFIG_NAME,
  "Must be 1 to 100 letters, digits, '_', '.' or '-', starting with a letter or digit",
);

const PatchBody = z.strictObject({
  configName,
  // The settings themselves are checked after the merge (ai_config.ts), all at once.
  updates: z.record(z.string(), z.unknown()),
});

// Only Anthropic is spoken by the model layer (_shared/llm).
const provider = z.enum(["anthropic"]);
// Zod's messages never quote the value: a refused key is not echoed back.
const key = z.string().min(8, "Must be 8 to 500 characters").max(500, "Must be 8 to 500 characters")
  .regex(/^\S+$/, "Must not contain spaces or line breaks");

const KeyBody = z.strictObject({
  provider,
  key,
  configName: configName.default("default"),
});

const RotateBody = z.strictObject({
  provider: provider.default("anthropic"),
  key,
  configName: configName.default("default"),
});

export const aiRoutes: FunctionRoute[] = [
  {
    method: "GET",
    path: "/ai",
    handler: async (_req, { ctx }) =>
      jsonResponse(await readAiConfiguration(ctx.db(), ctx.user.claims, ctx.env)),
  },
  {
    method: "PATCH",
    path: "/ai",
    handler: (req, { ctx }) =>
      idempotent(req, ctx, async (text) => {
        const body = validate(PatchBody, parseJson(text));
        const { created, configuration } = await patchAiConfiguration(
          ctx.db(),
          ctx.user.claims,
          body.configName,
          body.updates as JsonObject,
        );
        return jsonResponse(configuration, { status: created ? 201 : 200 });
      }),
  },
  {
    method: "GET",
    path: "/ai/usage",
    handler: async (_req, { ctx }) => jsonResponse(await readUsage(ctx.db(), ctx.user.claims)),
  },
  {
    method: "POST",
    path: "/ai/key",
    handler: (req, { ctx }) =>
      idempotent(req, ctx, async (text) => {
        const body = validate(KeyBody, parseJson(text));
        const stored = await storeProviderKey(ctx.db(), ctx.user.claims, {
          ...body,
          rotate: false,
        });
        return jsonResponse(stored, { status: 201 });
      }),
  },
  {
    method: "POST",
    path: "/ai/key/rotate",
    handler: (req, { ctx }) =>
      idempotent(req, ctx, async (text) => {
        const body = validate(RotateBody, parseJson(text));
        const rotated = await storeProviderKey(ctx.db(), ctx.user.claims, {
          ...body,
          rotate: true,
        });
        return jsonResponse({ ...rotated, rotatedAt: new Date().toISOString() });
      }),
  },
  {
    method: "DELETE",
    path: "/ai/:configName",
    handler: (req, { params, ctx }) =>
      idempotent(req, ctx, async () => {
        let name = params.configName ?? "";
        try {
          name = decodeURIComponent(name);
        } catch {
          // not percent-encoded UTF-8: no configuration has such a name
        }
        if (!CONFIG_NAME.test(name)) {
          throw httpError("not_found", `You have no AI configuration "${name}"`);
        }
        await deleteAiConfiguration(ctx.db(), ctx.user.claims, name);
        return new Response(null, { status: 204 });
      }),
  },
];
