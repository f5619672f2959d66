/**
 * The Phoenix frames realtime-js speaks, both versions it can negotiate with `vsn`:
 * 1.0.0 sends JSON objects `{join_ref, ref, topic, event, payload}`; 2.0.0 sends JSON arrays
 * `[join_ref, ref, topic, event, payload]` plus binary broadcast frames (kind 3 from the
 * client, kind 4 to it; realtime-js lib/serializer.js). Pure: no I/O.
 */

export type Vsn = "1.0.0" | "2.0.0";
export const VSNS: readonly string[] = ["1.0.0", "2.0.0"];

export interface Frame {
  joinRef: string | null;
  ref: string | null;
  topic: string;
  event: string;
  payload: unknown;
}

/** A broadcast as subscribers receive it: a JSON payload, or raw bytes delivered as such. */
export interface Broadcast {
  topic: string;
  event: string;
  payload: unknown;
  /** True when `payload` is a Uint8Array to deliver as an ArrayBuffer. */
  binary: boolean;
}

const PUSH = 3; // client -> server broadcast
const BROADCAST = 4; // server -> client broadcast
const RAW = 0;
const JSON_ENCODING = 1;

const decoder = new TextDecoder("utf-8", { fatal: true });
const encoder = new TextEncoder();

/** Decodes one frame; throws a plain Error (the socket answers with a close) when malformed. */
export function decodeFrame(vsn: Vsn, data: string | ArrayBuffer): Frame {
  if (typeof data !== "string") {
    if (vsn !== "2.0.0") throw new Error("Binary frames need vsn 2.0.0");
    return decodeBinaryPush(new Uint8Array(data));
  }
  const parsed: unknown = JSON.parse(data);
  let fields: unknown[];
  if (vsn === "2.0.0") {
    if (!Array.isArray(parsed) || parsed.length !== 5) throw new Error("Expected a 5-item array");
    fields = parsed;
  } else {
    if (!isObject(parsed)) throw new Error("Expected an object");
    fields = [parsed.join_ref, parsed.ref, parsed.topic, parsed.event, parsed.payload];
  }
  const [joinRef, ref, topic, event, payload] = fields;
  if (!isRef(joinRef) || !isRef(ref)) throw new Error("Refs must be strings or null");
  if (typeof topic !== "string" || typeof event !== "string") {
    throw new Error("Topic and event must be strings");
  }
  return { joinRef: joinRef ?? null, ref: ref ?? null, topic, event, payload: payload ?? {} };
}

/** Kind 3: u8 kind, five u8 lengths, u8 encoding, then the fields and the payload. */
function decodeBinaryPush(bytes: Uint8Array): Frame {
  if (bytes.length < 7 || bytes[0] !== PUSH) throw new Error("Unknown binary frame kind");
  const lengths = [...bytes.subarray(1, 6)];
  const encoding = bytes[6];
  let offset = 7;
  const fields = lengths.map((length) => {
    if (offset + length > bytes.length) throw new Error("Binary frame shorter than its header");
    const text = decoder.decode(bytes.subarray(offset, offset + length));
    offset += length;
    return text;
  });
  const [joinRef, ref, topic, event, meta] = fields;
  const body = bytes.slice(offset);
  let payload: unknown;
  if (encoding === JSON_ENCODING) payload = JSON.parse(decoder.decode(body));
  else if (encoding === RAW) payload = body;
  else throw new Error("Unknown payload encoding");
  const message: Record<string, unknown> = { type: "broadcast", event, payload };
  if (meta) message.meta = JSON.parse(meta);
  return {
    joinRef: joinRef || null,
    ref: ref || null,
    topic,
    event: "broadcast",
    payload: message,
  };
}

/** Encodes a text frame in the socket's version. */
export function encodeFrame(vsn: Vsn, frame: Frame): string {
  const { joinRef, ref, topic, event, payload } = frame;
  return vsn === "2.0.0"
    ? JSON.stringify([joinRef, ref, topic, event, payload])
    : JSON.stringify({ join_ref: joinRef, ref, topic, event, payload });
}

/**
 * Encodes a broadcast for a subscriber: JSON payloads as a text frame; raw bytes as a kind 4
 * binary frame (vsn 2.0.0 only; null under 1.0.0, which has no way to carry them).
 */
export function encodeBroadcast(vsn: Vsn, message: Broadcast): string | Uint8Array | null {
  const { topic, event, payload } = message;
  if (!message.binary) {
    return encodeFrame(vsn, {
      joinRef: null,
      ref: null,
      topic,
      event: "broadcast",
      payload: { type: "broadcast", event, payload },
    });
  }
  if (vsn !== "2.0.0") return null;
  const topicBytes = encoder.encode(topic);
  const eventBytes = encoder.encode(event);
  if (topicBytes.length > 255 || eventBytes.length > 255) return null;
  const body = payload as Uint8Array;
  const frame = new Uint8Array(5 + topicBytes.length + eventBytes.length + body.length);
  frame.set([BROADCAST, topicBytes.length, eventBytes.length, 0, RAW]);
  frame.set(topicBytes, 5);
  frame.set(eventBytes, 5 + topicBytes.length);
  frame.set(body, 5 + topicBytes.length + eventBytes.length);
  return frame;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isRef(value: unknown): value is string | null | undefined {
  return value === null || value === undefined || typeof value === "string";
}
