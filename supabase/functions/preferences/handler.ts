/**
 * preferences: the caller's settings (the settings document and the assistant columns), their
 * history and rollback from the audit log, and AI configuration. Routes only convert shapes;
 * the rules are in validation.ts, diff.ts and ai_config.ts, the queries in store.ts and
 * ai_store.ts.
 */
import { z } from "zod";
import { parseJson, readJson, validate } from "../_shared/body.ts";
import type { FunctionEnv } from "../_shared/env.ts";
import { httpError } from "../_shared/errors.ts";
import { jsonResponse } from "../_shared/response.ts";
import {
  createFunctionHandler,
  type FunctionContext,
  type FunctionRoute,
} from "../_shared/serve.ts";
import { adminRoutes } from "./admin.ts";
import { aiRoutes } from "./ai_routes.ts";
import { changedPaths, diffSettings } from "./diff.ts";
import { idempotent } from "./idempotent.ts";
import { privacyRoutes } from "./privacy.ts";
import {
  patchPreferences,
  readAuditEntry,
  readHistory,
  readPreferences,
  resetPreferences,
  rollbackPreferences,
} from "./store.ts";
import { ResetBody } from "./validation.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const HistoryQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

const AuditBody = z.strictObject({ auditId: z.string().regex(UUID, "Must be an audit entry id") });

const db = (ctx: FunctionContext) => ctx.db();

/** A path's audit id: one that cannot be an id is not in anyone's history either. */
function auditIdOf(params: Record<string, string | undefined>): string {
  const id = params.auditId ?? "";
  if (!UUID.test(id)) {
    throw httpError("not_found", `Change "${id}" is not in your preference history`);
  }
  return id;
}

/** The settings routes (`/`, reset, history, rollback). */
export const settingsRoutes: FunctionRoute[] = [
  {
    method: "GET",
    path: "/",
    // The row is read in the admission round trip: one round trip in all.
    admitsInHandler: true,
    handler: async (_req, { ctx }) => jsonResponse(await readPreferences(ctx)),
  },
  {
    method: "PATCH",
    path: "/",
    admitsInHandler: true,
    handler: (req, { ctx }) =>
      idempotent(req, ctx, async (text) => {
        const body = parseJson(text);
        return jsonResponse(await patchPreferences(ctx, body));
      }),
  },
  {
    method: "POST",
    path: "/reset",
    handler: (req, { ctx }) =>
      idempotent(req, ctx, async (text) => {
        const { section } = validate(ResetBody, parseJson(text));
        return jsonResponse(await resetPreferences(db(ctx), ctx.user.claims, section));
      }),
  },
  {
    method: "GET",
    path: "/history",
    handler: async (req, { ctx }) => {
      const query = validate(
        HistoryQuery,
        Object.fromEntries(new URL(req.url).searchParams),
      );
      const { entries, total } = await readHistory(
        db(ctx),
        ctx.user.claims,
        query.page,
        query.limit,
      );
      return jsonResponse({
        items: entries.map(({ before, after, ...entry }) => ({
          ...entry,
          changes: changedPaths(diffSettings(before, after)),
        })),
        page: query.page,
        limit: query.limit,
        total,
        pages: Math.ceil(total / query.limit),
      });
    },
  },
  {
    method: "GET",
    path: "/history/:auditId/diff",
    handler: async (_req, { params, ctx }) => {
      const { entry } = await readAuditEntry(db(ctx), ctx.user.claims, auditIdOf(params));
      const { before, after, ...rest } = entry;
      return jsonResponse({ ...rest, ...diffSettings(before, after) });
    },
  },
  {
    method: "POST",
    path: "/rollback/preview",
    handler: async (req, { ctx }) => {
      const { auditId } = await readJson(req, AuditBody);
      const { entry, current } = await readAuditEntry(db(ctx), ctx.user.claims, auditId);
      return jsonResponse({ auditId, ...diffSettings(current, entry.before) });
    },
  },
  {
    method: "POST",
    path: "/rollback",
    handler: (req, { ctx }) =>
      idempotent(req, ctx, async (text) => {
        const { auditId } = validate(AuditBody, parseJson(text));
        const rolled = await rollbackPreferences(db(ctx), ctx.user.claims, auditId);
        return jsonResponse({
          ...rolled.answer,
          rolledBack: auditId,
          diff: diffSettings(rolled.before, rolled.after),
        });
      }),
  },
];

/** Every route of the function; other parts of it spread theirs in here. */
export const routes: FunctionRoute[] = [
  ...settingsRoutes,
  ...aiRoutes,
  ...adminRoutes,
  ...privacyRoutes,
];

/** Builds the preferences handler; `env` overrides the environment (tests, local stack). */
export function createPreferencesHandler(env?: Partial<FunctionEnv>) {
  return createFunctionHandler({ name: "preferences", env, routes });
}

export const handler = createPreferencesHandler();
