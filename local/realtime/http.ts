/**
 * The two HTTP broadcast endpoints realtime-js uses, delivered to subscribers like any
 * broadcast: `POST /api/broadcast` with `{messages: [...]}` (send() on an unjoined channel)
 * and `POST /api/broadcast/<topic>/events/<event>[?private=true]` with a JSON or
 * application/octet-stream body (httpSend). Both answer 202. Sending on a private topic needs
 * the caller's insert policy on realtime.messages, as hosted checks it.
 */
import type { Sql } from "../../supabase/functions/_shared/db.ts";
import { httpError } from "../../supabase/functions/_shared/errors.ts";
import { authorize, type Claims, TokenError, verifyToken } from "./authorization.ts";
import { isObject } from "./serializer.ts";
import { topicKey, type Topics } from "./topics.ts";

/** Hosted's Pro plan broadcast payload limit. */
export const MAX_BROADCAST_BYTES = 3 * 1024 * 1024;
/** Messages one batch request may carry. */
const MAX_BATCH = 100;

interface Outgoing {
  topic: string;
  event: string;
  payload: unknown;
  binary: boolean;
  isPrivate: boolean;
}

export async function broadcastRoute(
  req: Request,
  subpath: string,
  deps: { sql: Sql; jwtSecret: string; topics: Topics },
): Promise<Response> {
  if (req.method !== "POST") {
    throw refuse("method_not_allowed", `Method ${req.method} is not allowed`, {
      headers: { Allow: "POST, OPTIONS" },
    });
  }
  const claims = await caller(req, deps.jwtSecret);
  const single = subpath.match(/^\/api\/broadcast\/([^/]+)\/events\/([^/]+)$/);
  let messages: Outgoing[];
  if (single) {
    const url = new URL(req.url);
    const binary = (req.headers.get("content-type") ?? "").startsWith("application/octet-stream");
    const body = await readBytes(req);
    messages = [{
      topic: decodeURIComponent(single[1]),
      event: decodeURIComponent(single[2]),
      payload: binary ? body : parse(new TextDecoder().decode(body)),
      binary,
      isPrivate: url.searchParams.get("private") === "true",
    }];
  } else if (subpath === "/api/broadcast") {
    const body = parse(new TextDecoder().decode(await readBytes(req)));
    if (!isObject(body) || !Array.isArray(body.messages) || body.messages.length > MAX_BATCH) {
      throw refuse(
        "bad_request",
        `Expected {messages: [...]} with at most ${MAX_BATCH} messages`,
      );
    }
    messages = body.messages.map((m) => {
      if (!isObject(m) || typeof m.topic !== "string" || typeof m.event !== "string") {
        throw refuse("bad_request", "Each message needs a topic and an event");
      }
      return {
        topic: m.topic,
        event: m.event,
        payload: m.payload ?? {},
        binary: false,
        isPrivate: m.private === true,
      };
    });
  } else {
    throw refuse("not_found", `Nothing is served at /realtime/v1${subpath}`);
  }
  // Authorize every private topic once before anything is sent: all or nothing.
  const allowed = new Map<string, boolean>();
  for (const { topic } of messages.filter((m) => m.isPrivate)) {
    if (!allowed.has(topic)) {
      allowed.set(topic, (await authorize(deps.sql, claims, topic)).writeBroadcast);
    }
    if (!allowed.get(topic)) {
      throw refuse(
        "forbidden",
        `You do not have permissions to write to this Channel topic: ${topic}`,
      );
    }
  }
  for (const m of messages) {
    deps.topics.publish(topicKey(m.isPrivate, m.topic), {
      event: m.event,
      payload: m.payload,
      binary: m.binary,
    });
  }
  return new Response(null, { status: 202 });
}

/** The caller's verified claims: the bearer token, else the apikey. */
async function caller(req: Request, secret: string): Promise<Claims> {
  const bearer = req.headers.get("authorization")?.match(/^Bearer\s+(.+)$/i)?.[1];
  const token = bearer ?? req.headers.get("apikey") ?? new URL(req.url).searchParams.get("apikey");
  if (!token) throw refuse("unauthorized", "An apikey or a bearer token is required");
  try {
    return await verifyToken(token, secret);
  } catch (error) {
    if (error instanceof TokenError) throw refuse("unauthorized", error.message);
    throw error;
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw refuse("malformed_json", "The body is not valid JSON");
  }
}

/** The body's bytes, refusing more than MAX_BROADCAST_BYTES without buffering the excess. */
async function readBytes(req: Request): Promise<Uint8Array> {
  const tooLarge = () =>
    refuse("payload_too_large", `A broadcast may carry at most ${MAX_BROADCAST_BYTES} bytes`);
  if (Number(req.headers.get("content-length") ?? "0") > MAX_BROADCAST_BYTES) throw tooLarge();
  if (!req.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of req.body) {
      size += chunk.byteLength;
      if (size > MAX_BROADCAST_BYTES) throw tooLarge();
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof Error && error.name === "HttpError") throw error;
    throw refuse("bad_request", "The request body ended before it was complete");
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** An HttpError whose body also carries `message`, the field realtime-js shows its caller. */
function refuse(...[code, detail, extra]: Parameters<typeof httpError>) {
  return httpError(code, detail, { message: detail, ...extra });
}
