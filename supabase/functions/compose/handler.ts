/**
 * compose: documents (POST /compose), saved compositions, the public gallery, forks, likes,
 * bookmarks and downloads. Routes only convert shapes; the work is in resolve.ts, saved.ts and
 * gallery.ts. Every mutation honours `Idempotency-Key` (_shared/idempotency.ts).
 */
import { parseJson, readBodyText, validate } from "../_shared/body.ts";
import type { FunctionEnv } from "../_shared/env.ts";
import { withIdempotency } from "../_shared/idempotency.ts";
import { jsonResponse } from "../_shared/response.ts";
import type { RouteContext } from "../_shared/router.ts";
import {
  createFunctionHandler,
  type FunctionContext,
  type FunctionRoute,
} from "../_shared/serve.ts";
import { searchGallery } from "./gallery.ts";
import { resolveComposition } from "./resolve.ts";
import {
  compositionId,
  deleteComposition,
  downloadComposition,
  forkComposition,
  type Interaction,
  listOwn,
  readComposition,
  saveComposition,
  setInteraction,
  updateComposition,
} from "./saved.ts";
import {
  ComposeRequestSchema,
  ForkRequestSchema,
  GalleryQuerySchema,
  ListQuerySchema,
  queryOf,
  SaveRequestSchema,
  UpdateRequestSchema,
} from "./schemas.ts";

type Params = RouteContext<FunctionContext>["params"];

/** A mutation: its body read once, run under the request's Idempotency-Key. */
function mutation(
  work: (body: unknown, params: Params, ctx: FunctionContext) => Promise<Response>,
): FunctionRoute["handler"] {
  return async (req, { params, ctx }) => {
    const text = await readBodyText(req);
    return await withIdempotency(req, ctx, text, () => work(parseJson(text), params, ctx));
  };
}

const json = (data: unknown, status = 200) => jsonResponse(data, { status });

function interactionRoutes(type: Interaction): FunctionRoute[] {
  return [true, false].map((on) => ({
    method: on ? "POST" : "DELETE",
    path: `/saved/:id/${type}`,
    handler: mutation(async (_body, params, ctx) =>
      json(await setInteraction(ctx, compositionId(params.id), type, on))
    ),
  }));
}

const routes: FunctionRoute[] = [
  {
    method: "POST",
    path: "/",
    // Admission rides with the idempotency claim or the cache lookup: one round trip. The
    // `content_generation` limit is resolve.ts's: it counts generations, not hits.
    admitsInHandler: true,
    handler: async (req, { ctx }) => {
      const started = performance.now();
      const text = await readBodyText(req);
      return await withIdempotency(req, ctx, text, async () => {
        const request = validate(ComposeRequestSchema, parseJson(text));
        return json(await resolveComposition(req, ctx, request, started));
      });
    },
  },
  {
    method: "POST",
    path: "/saved",
    handler: mutation(async (body, _params, ctx) =>
      json(await saveComposition(ctx, validate(SaveRequestSchema, body)), 201)
    ),
  },
  {
    method: "GET",
    path: "/saved",
    handler: async (req, { ctx }) => {
      const { page, limit } = validate(ListQuerySchema, queryOf(new URL(req.url)));
      return json(await listOwn(ctx, page, limit));
    },
  },
  {
    method: "GET",
    path: "/saved/:id",
    handler: async (_req, { params, ctx }) =>
      json(await readComposition(ctx, compositionId(params.id))),
  },
  {
    method: "PATCH",
    path: "/saved/:id",
    handler: mutation(async (body, params, ctx) =>
      json(
        await updateComposition(ctx, compositionId(params.id), validate(UpdateRequestSchema, body)),
      )
    ),
  },
  {
    method: "DELETE",
    path: "/saved/:id",
    handler: mutation(async (_body, params, ctx) => {
      await deleteComposition(ctx, compositionId(params.id));
      return new Response(null, { status: 204 });
    }),
  },
  {
    method: "POST",
    path: "/saved/:id/fork",
    handler: mutation(async (body, params, ctx) => {
      const { name } = validate(ForkRequestSchema, body);
      return json(await forkComposition(ctx, compositionId(params.id), name), 201);
    }),
  },
  ...interactionRoutes("like"),
  ...interactionRoutes("bookmark"),
  {
    method: "POST",
    path: "/saved/:id/download",
    handler: mutation(async (_body, params, ctx) =>
      json(await downloadComposition(ctx, compositionId(params.id)))
    ),
  },
  {
    method: "GET",
    path: "/public",
    handler: async (req, { ctx }) =>
      json(await searchGallery(ctx, validate(GalleryQuerySchema, queryOf(new URL(req.url))))),
  },
];

/** Builds the compose handler; `env` overrides the environment (tests, local stack). */
export function createComposeHandler(env?: Partial<FunctionEnv>) {
  return createFunctionHandler({ name: "compose", env, routes });
}

export const handler = createComposeHandler();
