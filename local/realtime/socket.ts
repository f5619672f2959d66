/**
 * One websocket at /realtime/v1/websocket, speaking the Phoenix channel protocol as
 * realtime-js does: heartbeat, phx_join (public or private), phx_leave, access_token, client
 * broadcasts and presence. Frames are handled one after another in arrival order; a frame
 * that cannot be parsed closes the socket (never the process), and a socket that stops
 * reading is dropped once its send buffer passes the limit, so it never stalls the others.
 */
import type { Sql } from "../../supabase/functions/_shared/db.ts";
import { isDatabaseUnavailable } from "../../supabase/functions/_shared/db_unavailable.ts";
import { logEvent } from "../../supabase/functions/_shared/log.ts";
import {
  authorize,
  type Claims,
  type Permissions,
  PUBLIC_PERMISSIONS,
  TokenError,
  verifyToken,
} from "./authorization.ts";
import type { Presence } from "./presence.ts";
import { decodeFrame, encodeFrame, type Frame, isObject, type Vsn } from "./serializer.ts";
import { type Subscription, topicKey, type Topics } from "./topics.ts";

export interface SocketLimits {
  /** Channels one socket may join (hosted's default tenant limit is 100). */
  maxChannels: number;
  /** A frame larger than this closes the socket (1009). */
  maxFrameBytes: number;
  /** Bytes queued for a client that does not read before it is dropped. */
  maxBufferedBytes: number;
  /** Frames received but not yet handled before the socket is closed (a flood). */
  maxPendingFrames: number;
}

export const DEFAULT_LIMITS: SocketLimits = {
  maxChannels: 100,
  maxFrameBytes: 3 * 1024 * 1024,
  maxBufferedBytes: 8 * 1024 * 1024,
  maxPendingFrames: 1000,
};

export interface RealtimeContext {
  sql: Sql;
  jwtSecret: string;
  topics: Topics;
  presence: Presence;
  limits: SocketLimits;
  sockets: Set<RealtimeSocket>;
}

/** The longest delay setTimeout honours; a token living longer is simply not timed. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const unauthorizedRead = (subTopic: string) =>
  `Unauthorized: You do not have permissions to read from this Channel topic: ${subTopic}`;

/**
 * Why a join or token change was refused: the token's fault in hosted's words; a database
 * that cannot be reached said as such; any other error from the policies (a `sub` that is not
 * a uuid cast by auth.uid(), say) is a refusal, never a yes, and its text stays in our log.
 */
function refusal(error: unknown, subTopic: string): string {
  if (error instanceof TokenError) return error.message;
  if (isDatabaseUnavailable(error)) {
    return "DatabaseConnectionIssue: Realtime could not reach the database to authorize";
  }
  logEvent("warn", "realtime authorization failed", {
    topic: subTopic,
    error: error instanceof Error ? error.message : String(error),
  });
  return unauthorizedRead(subTopic);
}

class Channel implements Subscription {
  readonly key: string;
  permissions: Permissions = PUBLIC_PERMISSIONS;
  expiry?: ReturnType<typeof setTimeout>;

  constructor(
    readonly socket: RealtimeSocket,
    readonly topic: string,
    readonly subTopic: string,
    readonly joinRef: string | null,
    readonly isPrivate: boolean,
    readonly self: boolean,
    readonly ack: boolean,
    readonly presenceEnabled: boolean,
    readonly presenceKey: string,
    public claims: Claims,
  ) {
    this.key = topicKey(isPrivate, subTopic);
  }

  get vsn(): Vsn {
    return this.socket.vsn;
  }

  write(frame: string | Uint8Array): void {
    this.socket.write(frame);
  }
}

export class RealtimeSocket {
  #channels = new Map<string, Channel>();
  #queue: Promise<void> = Promise.resolve();
  #pending = 0;
  #closed = false;

  constructor(
    private readonly ctx: RealtimeContext,
    private readonly ws: WebSocket,
    readonly vsn: Vsn,
    private readonly apikey: string,
  ) {
    ws.binaryType = "arraybuffer";
    ctx.sockets.add(this);
    ws.onmessage = (event) => this.#receive(event.data);
    ws.onclose = () => this.#cleanup();
    ws.onerror = () => this.#cleanup();
  }

  /** Sends a frame, or drops this socket when the client has stopped reading. */
  write(frame: string | Uint8Array): void {
    if (this.#closed || this.ws.readyState !== WebSocket.OPEN) return;
    if (this.ws.bufferedAmount > this.ctx.limits.maxBufferedBytes) {
      this.close(1013, "Client is not reading its messages");
      return;
    }
    this.ws.send(frame);
  }

  close(code = 1000, reason = ""): void {
    this.#cleanup();
    try {
      this.ws.close(code, reason);
    } catch {
      // already closing
    }
  }

  #receive(data: unknown): void {
    if (this.#closed) return;
    const size = typeof data === "string"
      ? data.length
      : data instanceof ArrayBuffer
      ? data.byteLength
      : Infinity;
    if (size > this.ctx.limits.maxFrameBytes) return this.close(1009, "Frame too large");
    if (++this.#pending > this.ctx.limits.maxPendingFrames) {
      return this.close(1008, "Too many frames in flight");
    }
    this.#queue = this.#queue.then(async () => {
      try {
        if (this.#closed) return;
        let frame: Frame;
        try {
          frame = decodeFrame(this.vsn, data as string | ArrayBuffer);
        } catch {
          return this.close(1003, "Malformed frame");
        }
        await this.#handle(frame);
      } catch (error) {
        // A database that went away mid-join, or a bug: this socket goes, the server stays.
        logEvent("error", "realtime frame failed", {
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        });
        this.close(1011, "Internal error");
      } finally {
        this.#pending--;
      }
    });
  }

  async #handle(frame: Frame): Promise<void> {
    if (frame.topic === "phoenix" && frame.event === "heartbeat") {
      return this.#reply(frame, "ok", {});
    }
    if (frame.event === "phx_join") return await this.#join(frame);
    const channel = this.#channels.get(frame.topic);
    if (frame.event === "phx_leave") {
      if (channel) this.#leave(channel);
      return this.#reply(frame, "ok", {});
    }
    if (!channel || (frame.joinRef !== null && frame.joinRef !== channel.joinRef)) {
      return this.#reply(frame, "error", { reason: "unmatched topic" });
    }
    const payload = isObject(frame.payload) ? frame.payload : {};
    switch (frame.event) {
      case "access_token":
        return await this.#refreshToken(channel, payload.access_token);
      case "broadcast":
        return this.#broadcast(channel, frame, payload);
      case "presence":
        return this.#presence(channel, frame, payload);
      default:
        return this.#reply(frame, "error", { reason: `Unknown event: ${frame.event}` });
    }
  }

  async #join(frame: Frame): Promise<void> {
    const existing = this.#channels.get(frame.topic);
    if (existing) this.#leave(existing);
    if (this.#channels.size >= this.ctx.limits.maxChannels) {
      return this.#reply(frame, "error", { reason: "ChannelRateLimitReached: Too many channels" });
    }
    if (!frame.topic.startsWith("realtime:") || frame.topic.length > 255 + 9) {
      return this.#reply(frame, "error", {
        reason: "Topic must be realtime:<name>, at most 255 bytes",
      });
    }
    const subTopic = frame.topic.slice("realtime:".length);
    const payload = isObject(frame.payload) ? frame.payload : {};
    const config = isObject(payload.config) ? payload.config : {};
    const broadcast = isObject(config.broadcast) ? config.broadcast : {};
    const presence = isObject(config.presence) ? config.presence : {};
    const isPrivate = config.private === true;
    if (Array.isArray(config.postgres_changes) && config.postgres_changes.length > 0) {
      // Database broadcasts replace postgres_changes here; replying ok without ids would make
      // the client report a binding mismatch, so say so plainly.
      return this.#reply(frame, "error", {
        reason: "postgres_changes is not served by the local Realtime: use database broadcasts",
      });
    }
    const token = typeof payload.access_token === "string" ? payload.access_token : this.apikey;
    let claims: Claims;
    let permissions = PUBLIC_PERMISSIONS;
    try {
      claims = await verifyToken(token, this.ctx.jwtSecret);
      if (isPrivate) permissions = await authorize(this.ctx.sql, claims, subTopic);
    } catch (error) {
      return this.#reply(frame, "error", { reason: refusal(error, subTopic) });
    }
    if (!permissions.readBroadcast && !permissions.readPresence) {
      return this.#reply(frame, "error", { reason: unauthorizedRead(subTopic) });
    }
    if (this.#closed) return;
    const presenceKey = typeof presence.key === "string" && presence.key !== ""
      ? presence.key
      : crypto.randomUUID();
    const channel = new Channel(
      this,
      frame.topic,
      subTopic,
      frame.joinRef,
      isPrivate,
      broadcast.self === true,
      broadcast.ack === true,
      presence.enabled === true,
      presenceKey,
      claims,
    );
    channel.permissions = permissions;
    this.#channels.set(frame.topic, channel);
    this.ctx.topics.add(channel);
    this.#scheduleExpiry(channel);
    this.#reply(frame, "ok", {});
    if (channel.presenceEnabled && permissions.readPresence) {
      this.#push(channel, "presence_state", this.ctx.presence.state(channel.key));
    }
  }

  /** A new token for a joined channel: verified, and a private channel re-authorized with it. */
  async #refreshToken(channel: Channel, token: unknown): Promise<void> {
    if (typeof token !== "string" || token.startsWith("sb_")) return; // as hosted: ignored
    let permissions = PUBLIC_PERMISSIONS;
    try {
      const claims = await verifyToken(token, this.ctx.jwtSecret);
      if (channel.isPrivate) permissions = await authorize(this.ctx.sql, claims, channel.subTopic);
      if (!permissions.readBroadcast && !permissions.readPresence) {
        return this.#shutdown(channel, unauthorizedRead(channel.subTopic));
      }
      channel.claims = claims;
      channel.permissions = permissions;
      this.#scheduleExpiry(channel);
    } catch (error) {
      this.#shutdown(channel, refusal(error, channel.subTopic));
    }
  }

  #broadcast(channel: Channel, frame: Frame, payload: Record<string, unknown>): void {
    if (!channel.permissions.writeBroadcast || typeof payload.event !== "string") {
      if (channel.ack) {
        this.#reply(frame, "error", { reason: "Unauthorized or malformed broadcast" });
      }
      return;
    }
    const binary = payload.payload instanceof Uint8Array;
    this.ctx.topics.publish(channel.key, {
      event: payload.event,
      payload: payload.payload ?? {},
      binary,
    }, channel);
    if (channel.ack) this.#reply(frame, "ok", {});
  }

  #presence(channel: Channel, frame: Frame, payload: Record<string, unknown>): void {
    if (!channel.permissions.writePresence) {
      return this.#reply(frame, "error", { reason: "Unauthorized: presence on this topic" });
    }
    if (payload.event === "track") {
      const meta = isObject(payload.payload) ? payload.payload : {};
      this.ctx.presence.track(channel, channel.presenceKey, meta);
    } else if (payload.event === "untrack") {
      this.ctx.presence.untrack(channel);
    } else {
      return this.#reply(frame, "error", { reason: "Presence event must be track or untrack" });
    }
    this.#reply(frame, "ok", {});
  }

  /** Closes the channel when its token expires, with hosted's system message. */
  #scheduleExpiry(channel: Channel): void {
    clearTimeout(channel.expiry);
    const ms = channel.claims.exp * 1000 - Date.now();
    if (ms > MAX_TIMER_MS) return;
    channel.expiry = setTimeout(() => {
      const ago = Math.max(0, Math.floor(Date.now() / 1000) - channel.claims.exp);
      this.#shutdown(channel, `Token has expired ${ago} seconds ago`);
    }, Math.max(0, ms));
  }

  /** A fatal channel error: a `system` message, then `phx_close` (the client reports CLOSED). */
  #shutdown(channel: Channel, message: string): void {
    if (this.#channels.get(channel.topic) !== channel) return;
    this.#push(channel, "system", {
      extension: "system",
      status: "error",
      message,
      channel: channel.subTopic,
    });
    this.write(encodeFrame(this.vsn, {
      joinRef: channel.joinRef,
      ref: channel.joinRef,
      topic: channel.topic,
      event: "phx_close",
      payload: {},
    }));
    this.#leave(channel);
  }

  #leave(channel: Channel): void {
    clearTimeout(channel.expiry);
    this.#channels.delete(channel.topic);
    this.ctx.topics.remove(channel);
    this.ctx.presence.untrack(channel);
  }

  #cleanup(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.ctx.sockets.delete(this);
    for (const channel of [...this.#channels.values()]) this.#leave(channel);
  }

  #push(channel: Channel, event: string, payload: unknown): void {
    this.write(encodeFrame(this.vsn, {
      joinRef: channel.joinRef,
      ref: null,
      topic: channel.topic,
      event,
      payload,
    }));
  }

  #reply(frame: Frame, status: "ok" | "error", response: Record<string, unknown>): void {
    this.write(encodeFrame(this.vsn, {
      joinRef: frame.joinRef,
      ref: frame.ref,
      topic: frame.topic,
      event: "phx_reply",
      payload: { status, response },
    }));
  }
}
