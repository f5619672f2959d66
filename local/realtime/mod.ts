/**
 * The local stand-in for Supabase Realtime under /realtime/v1: the websocket at `/websocket`
 * (socket.ts), the HTTP broadcast endpoints under `/api/broadcast` (http.ts), database
 * broadcasts from realtime.messages (listener.ts) and the daily partitions (partitions.ts).
 */
import type { Sql } from "../../supabase/functions/_shared/db.ts";
import { httpError } from "../../supabase/functions/_shared/errors.ts";
import { logEvent } from "../../supabase/functions/_shared/log.ts";
import { TokenError, verifyToken } from "./authorization.ts";
import { broadcastRoute } from "./http.ts";
import { listenForMessages } from "./listener.ts";
import { ensurePartitions } from "./partitions.ts";
import { Presence } from "./presence.ts";
import { type Vsn, VSNS } from "./serializer.ts";
import {
  DEFAULT_LIMITS,
  type RealtimeContext,
  RealtimeSocket,
  type SocketLimits,
} from "./socket.ts";
import { topicKey, Topics } from "./topics.ts";

export interface RealtimeOptions {
  sql: Sql;
  dbUrl: string;
  jwtSecret: string;
  limits?: Partial<SocketLimits>;
}

export interface Realtime {
  handle(req: Request, subpath: string): Promise<Response>;
  stop(): Promise<void>;
}

export async function startRealtime(options: RealtimeOptions): Promise<Realtime> {
  const topics = new Topics();
  const ctx: RealtimeContext = {
    sql: options.sql,
    jwtSecret: options.jwtSecret,
    topics,
    presence: new Presence(topics),
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    sockets: new Set(),
  };
  // Not fatal: on a Supabase database (DATABASE_URL) the platform's own Realtime owns them.
  const makePartitions = () =>
    ensurePartitions(options.sql).catch((error) =>
      logEvent("warn", "realtime partitions not created", { error: String(error) })
    );
  await makePartitions();
  const partitions = setInterval(makePartitions, 3_600_000);
  const listener = listenForMessages(options.dbUrl, options.sql, (message) => {
    if (message.extension !== "broadcast") return;
    topics.publish(topicKey(message.private, message.topic), {
      event: message.event,
      payload: message.payload ?? {},
      binary: false,
    });
  });

  return {
    async handle(req, subpath) {
      if (subpath === "/websocket") return await acceptSocket(ctx, req);
      if (subpath.startsWith("/api/broadcast")) return await broadcastRoute(req, subpath, ctx);
      throw httpError("not_found", `Nothing is served at /realtime/v1${subpath}`);
    },
    async stop() {
      clearInterval(partitions);
      for (const socket of [...ctx.sockets]) socket.close(1001, "Server shutting down");
      await listener.stop();
    },
  };
}

/** Upgrades to a websocket once the `apikey` (a project JWT) and `vsn` check out. */
async function acceptSocket(ctx: RealtimeContext, req: Request): Promise<Response> {
  if (req.headers.get("upgrade")?.toLowerCase() !== "websocket") {
    throw httpError("bad_request", "Expected a websocket upgrade");
  }
  const params = new URL(req.url).searchParams;
  const vsn = params.get("vsn") ?? "1.0.0";
  if (!VSNS.includes(vsn)) throw httpError("bad_request", `Unsupported vsn "${vsn}"`);
  const apikey = params.get("apikey") ?? req.headers.get("apikey") ?? "";
  try {
    await verifyToken(apikey, ctx.jwtSecret);
  } catch (error) {
    if (error instanceof TokenError) throw httpError("unauthorized", error.message);
    throw error;
  }
  const { socket, response } = Deno.upgradeWebSocket(req, { idleTimeout: 60 });
  new RealtimeSocket(ctx, socket, vsn as Vsn, apikey);
  return response;
}
