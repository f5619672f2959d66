/**
 * A local stand-in for the Anthropic Messages API, so tests run the genuine
 * `@anthropic-ai/sdk` (its HTTP, SSE parsing, errors) without the internet.
 *
 * `POST /v1/messages`, plain JSON or `stream: true` with the event sequence the SDK parses:
 * `message_start` → per block `content_block_start` / `content_block_delta` (`text_delta`, or
 * `input_json_delta` for `tool_use`) / `content_block_stop` → `message_delta` (stop_reason,
 * usage) → `message_stop`, with `ping`s between. Like API version 2026-10-21 it refuses
 * `temperature`, `top_p` and `top_k` with a 400, and takes the key from `Authorization: Bearer`
 * (the SDK's) or `x-api-key`.
 *
 * Scripted per API key over HTTP, so any test process can drive it (each test stores its own
 * key for its user through the AI configuration, and so picks its script):
 *
 * - `POST /__script {apiKey, steps}`: the answers to that key's next requests, in order; the
 *   last step repeats. A key without a script gets a plain answer. Clears the key's record.
 * - `GET /__requests?apiKey=`: what the key's requests were: `{requests: [{body, stream,
 *   version, auth, step, outcome}]}`. `outcome` is `answered`, or `client_closed` when the
 *   client closed the connection before the answer was complete (an aborted call).
 *
 * Steps (`usage` defaults to 100 input and 20 output tokens):
 * - `{type: "text", text, usage?, chunks?, chunkDelayMs?}`: an answer. `{{tool_result}}` in
 *   `text` becomes the content of the request's last tool_result (the answer "uses" it).
 * - `{type: "tool_use", name, input, text?, usage?}`: asks for a tool (stop_reason tool_use);
 *   under `tool_choice: {type: "none"}`, as the API, it answers `text` (or a default) instead.
 * - `{type: "error", status, errorType?, headers?}`: e.g. 429 with `retry-after`, 529, 500.
 * - `{type: "hang", afterHeaders?}`: never answers (a stream sends its start, then nothing).
 * - `{type: "malformed"}`: a 200 whose body is not the API's (not JSON; for a stream, not SSE).
 * - `{type: "stream_error", errorType, text?}`: a stream that starts (with `text` as a first
 *   delta when given), then sends `event: error`.
 * Any step may carry `delayMs` (before the answer starts).
 *
 * `deno run -A tests/_fake_anthropic.ts [port]` serves it on its own.
 */

export type FakeUsage = { input_tokens: number; output_tokens: number };

export type FakeStep =
  & { delayMs?: number }
  & (
    | { type: "text"; text: string; usage?: FakeUsage; chunks?: number; chunkDelayMs?: number }
    | {
      type: "tool_use";
      name: string;
      input: Record<string, unknown>;
      text?: string;
      usage?: FakeUsage;
    }
    | {
      type: "error";
      status: number;
      errorType?: string;
      headers?: Record<string, string>;
    }
    | { type: "hang"; afterHeaders?: boolean }
    | { type: "malformed" }
    | { type: "stream_error"; errorType: string; text?: string }
  );

export interface FakeRequest {
  body: Record<string, unknown>;
  stream: boolean;
  /** The `anthropic-version` header. */
  version: string | null;
  /** How the key came: `bearer` (Authorization) or `x-api-key`. */
  auth: "bearer" | "x-api-key";
  step: FakeStep["type"] | "default";
  outcome: "pending" | "answered" | "client_closed";
}

export interface FakeAnthropic {
  /** The base URL to give the SDK (`baseURL`) or ANTHROPIC_BASE_URL. */
  url: string;
  close(): Promise<void>;
}

const DEFAULT_USAGE: FakeUsage = { input_tokens: 100, output_tokens: 20 };
const DEFAULT_STEP: FakeStep = { type: "text", text: "This is the stand-in model's answer." };

const ERROR_TYPES: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  529: "overloaded_error",
};

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });

const apiError = (status: number, type: string, message: string, headers = {}) =>
  json({ type: "error", error: { type, message } }, status, {
    "request-id": "req_fake",
    ...headers,
  });

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });

/** The key of a request: `Authorization: Bearer <key>`, else `x-api-key`. */
function keyOf(req: Request): { key: string; auth: FakeRequest["auth"] } | null {
  const bearer = req.headers.get("authorization")?.match(/^Bearer\s+(.+)$/i)?.[1];
  if (bearer) return { key: bearer, auth: "bearer" };
  const key = req.headers.get("x-api-key");
  return key ? { key, auth: "x-api-key" } : null;
}

/** The content of the last tool_result in the request's messages, as text. */
function lastToolResult(body: Record<string, unknown>): string {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const content = (messages[i] as { content?: unknown }).content;
    if (!Array.isArray(content)) continue;
    for (let j = content.length - 1; j >= 0; j--) {
      const block = content[j] as { type?: string; content?: unknown };
      if (block?.type !== "tool_result") continue;
      if (typeof block.content === "string") return block.content;
      return JSON.stringify(block.content ?? null);
    }
  }
  return "(no tool result)";
}

const toolsRefused = (body: Record<string, unknown>) =>
  (body.tool_choice as { type?: unknown } | undefined)?.type === "none";

type Block =
  | { type: "text"; text: string }
  | { type: "tool_use"; id: string; name: string; input: Record<string, unknown> };

/** The message a text or tool_use step answers with. */
function messageOf(step: FakeStep, body: Record<string, unknown>) {
  const content: Block[] = [];
  let stopReason = "end_turn";
  let usage = DEFAULT_USAGE;
  if (step.type === "text") {
    content.push({
      type: "text",
      text: step.text.replaceAll("{{tool_result}}", lastToolResult(body)),
    });
    usage = step.usage ?? usage;
  } else if (step.type === "tool_use" && toolsRefused(body)) {
    content.push({ type: "text", text: step.text ?? "No more tools: here is what I have." });
    usage = step.usage ?? usage;
  } else if (step.type === "tool_use") {
    if (step.text) content.push({ type: "text", text: step.text });
    content.push({
      type: "tool_use",
      id: `toolu_${crypto.randomUUID().replaceAll("-", "").slice(0, 24)}`,
      name: step.name,
      input: step.input,
    });
    stopReason = "tool_use";
    usage = step.usage ?? usage;
  }
  return {
    id: `msg_${crypto.randomUUID().replaceAll("-", "").slice(0, 24)}`,
    type: "message",
    role: "assistant",
    model: typeof body.model === "string" ? body.model : "claude-fake",
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    usage: {
      input_tokens: usage.input_tokens,
      output_tokens: usage.output_tokens,
      cache_creation_input_tokens: null,
      cache_read_input_tokens: null,
    },
  };
}

/** Splits `text` into `n` pieces (at least one character each). */
function pieces(text: string, n: number): string[] {
  const size = Math.max(1, Math.ceil(text.length / Math.max(1, n)));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length ? out : [""];
}

const sse = (event: string, data: unknown) =>
  new TextEncoder().encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);

/**
 * The SSE events of `message`, written to `write` with `chunkDelayMs` between text deltas.
 * Stops early when `signal` aborts (the client went away).
 */
async function writeStream(
  message: ReturnType<typeof messageOf>,
  step: FakeStep,
  write: (bytes: Uint8Array) => void,
  signal: AbortSignal,
) {
  const { content, usage, ...start } = message;
  write(sse("message_start", {
    type: "message_start",
    message: {
      ...start,
      content: [],
      stop_reason: null,
      usage: { ...usage, output_tokens: 1 },
    },
  }));
  write(sse("ping", { type: "ping" }));
  if (step.type === "hang") return "hang" as const;
  if (step.type === "stream_error") {
    if (step.text) {
      write(sse("content_block_start", {
        type: "content_block_start",
        index: 0,
        content_block: { type: "text", text: "" },
      }));
      write(sse("content_block_delta", {
        type: "content_block_delta",
        index: 0,
        delta: { type: "text_delta", text: step.text },
      }));
    }
    write(new TextEncoder().encode(
      `event: error\ndata: ${
        JSON.stringify({
          type: "error",
          error: { type: step.errorType, message: "Stand-in error" },
        })
      }\n\n`,
    ));
    return "done" as const;
  }
  const chunks = step.type === "text" ? step.chunks ?? 3 : 3;
  const chunkDelayMs = step.type === "text" ? step.chunkDelayMs ?? 0 : 0;
  for (const [index, block] of content.entries()) {
    if (block.type === "text") {
      write(sse("content_block_start", {
        type: "content_block_start",
        index,
        content_block: { type: "text", text: "" },
      }));
      for (const piece of pieces(block.text, chunks)) {
        if (signal.aborted) return "closed" as const;
        write(sse("content_block_delta", {
          type: "content_block_delta",
          index,
          delta: { type: "text_delta", text: piece },
        }));
        await sleep(chunkDelayMs, signal);
      }
    } else {
      write(sse("content_block_start", {
        type: "content_block_start",
        index,
        content_block: { type: "tool_use", id: block.id, name: block.name, input: {} },
      }));
      for (const piece of pieces(JSON.stringify(block.input), 3)) {
        write(sse("content_block_delta", {
          type: "content_block_delta",
          index,
          delta: { type: "input_json_delta", partial_json: piece },
        }));
      }
    }
    write(sse("content_block_stop", { type: "content_block_stop", index }));
    write(sse("ping", { type: "ping" }));
  }
  write(sse("message_delta", {
    type: "message_delta",
    delta: { stop_reason: message.stop_reason, stop_sequence: null },
    usage: { output_tokens: usage.output_tokens },
  }));
  write(sse("message_stop", { type: "message_stop" }));
  return "done" as const;
}

/** Starts the stand-in on 127.0.0.1 (`port` 0: any free port). */
export function startFakeAnthropic(options: { port?: number } = {}): FakeAnthropic {
  const scripts = new Map<string, { steps: FakeStep[]; next: number }>();
  const records = new Map<string, FakeRequest[]>();

  const nextStep = (key: string): FakeStep | undefined => {
    const script = scripts.get(key);
    if (!script || script.steps.length === 0) return undefined;
    const step = script.steps[Math.min(script.next, script.steps.length - 1)];
    script.next++;
    return step;
  };

  async function messages(req: Request): Promise<Response> {
    const who = keyOf(req);
    if (!who) return apiError(401, "authentication_error", "x-api-key header is required");
    let body: Record<string, unknown>;
    try {
      body = await req.json();
    } catch {
      return apiError(400, "invalid_request_error", "The body is not JSON");
    }
    if (!body || typeof body !== "object" || Array.isArray(body)) {
      return apiError(400, "invalid_request_error", "The body must be an object");
    }
    for (const field of ["temperature", "top_p", "top_k"]) {
      if (field in body) {
        return apiError(400, "invalid_request_error", `${field}: Extra inputs are not permitted`);
      }
    }
    if (
      typeof body.model !== "string" || typeof body.max_tokens !== "number" ||
      !Array.isArray(body.messages)
    ) {
      return apiError(400, "invalid_request_error", "model, max_tokens and messages are required");
    }
    const scripted = nextStep(who.key);
    const step = scripted ?? DEFAULT_STEP;
    const record: FakeRequest = {
      body,
      stream: body.stream === true,
      version: req.headers.get("anthropic-version"),
      auth: who.auth,
      step: scripted ? step.type : "default",
      outcome: "pending",
    };
    const list = records.get(who.key) ?? [];
    list.push(record);
    records.set(who.key, list);
    // The client going away: a cancelled stream, or, while no answer has started, the request's
    // signal. That signal is watched only then: Deno's legacy request.signal also aborts after
    // every successful response (and says so on the console).
    const gone = new AbortController();
    const closed = () => {
      if (record.outcome === "pending") record.outcome = "client_closed";
      gone.abort();
    };
    const waitForClient = step.type === "hang" || (step.delayMs ?? 0) > 0;
    if (waitForClient) req.signal.addEventListener("abort", closed, { once: true });
    const answered = () => {
      record.outcome = "answered";
      if (waitForClient) req.signal.removeEventListener("abort", closed);
    };

    await sleep(step.delayMs ?? 0, gone.signal);
    if (gone.signal.aborted) return new Response(null, { status: 499 });
    if (step.type === "error") {
      answered();
      return apiError(
        step.status,
        step.errorType ?? ERROR_TYPES[step.status] ?? "api_error",
        "Stand-in error",
        step.headers ?? {},
      );
    }
    if (step.type === "hang" && !(record.stream && step.afterHeaders)) {
      // Hold the request until the client gives up on it.
      await new Promise<void>((resolve) => {
        if (gone.signal.aborted) resolve();
        gone.signal.addEventListener("abort", () => resolve(), { once: true });
      });
      return new Response(null, { status: 499 });
    }
    if (step.type === "malformed") {
      answered();
      return new Response(
        record.stream ? "data: {this is not json\n\n" : '{"id": "msg_broken", "content": ',
        { headers: { "content-type": record.stream ? "text/event-stream" : "application/json" } },
      );
    }
    const message = messageOf(step, body);
    if (!record.stream) {
      answered();
      return json(message, 200, { "request-id": "req_fake" });
    }
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        const write = (bytes: Uint8Array) => {
          if (!gone.signal.aborted) controller.enqueue(bytes);
        };
        const ended = await writeStream(message, step, write, gone.signal);
        if (ended === "done" && !gone.signal.aborted) {
          answered();
          controller.close();
        }
        // "hang": leave the stream open until the client cancels it
      },
      cancel: closed,
    });
    return new Response(stream, {
      headers: {
        "content-type": "text/event-stream",
        "cache-control": "no-cache",
        "request-id": "req_fake",
      },
    });
  }

  async function control(req: Request, url: URL): Promise<Response> {
    if (req.method === "POST" && url.pathname === "/__script") {
      const { apiKey, steps } = await req.json() as { apiKey?: string; steps?: FakeStep[] };
      if (typeof apiKey !== "string" || !Array.isArray(steps)) {
        return json({ error: "apiKey and steps are required" }, 400);
      }
      scripts.set(apiKey, { steps, next: 0 });
      records.delete(apiKey);
      return json({ ok: true });
    }
    if (req.method === "GET" && url.pathname === "/__requests") {
      return json({ requests: records.get(url.searchParams.get("apiKey") ?? "") ?? [] });
    }
    return json({ error: "not found" }, 404);
  }

  const server = Deno.serve(
    { hostname: "127.0.0.1", port: options.port ?? 0, onListen: () => {} },
    (req) => {
      const url = new URL(req.url);
      if (url.pathname.startsWith("/__")) return control(req, url);
      if (req.method === "POST" && url.pathname === "/v1/messages") return messages(req);
      return apiError(404, "not_found_error", `No route ${req.method} ${url.pathname}`);
    },
  );
  const { port } = server.addr as Deno.NetAddr;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      await server.shutdown();
    },
  };
}

/** Scripts `apiKey`'s next answers on the stand-in at `baseUrl` (from any test process). */
export async function scriptFakeAnthropic(
  baseUrl: string,
  apiKey: string,
  steps: FakeStep[],
): Promise<void> {
  const res = await fetch(`${baseUrl}/__script`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ apiKey, steps }),
  });
  if (!res.ok) throw new Error(`Cannot script the stand-in: ${res.status} ${await res.text()}`);
  await res.body?.cancel();
}

/** The requests the stand-in received with `apiKey`, oldest first. */
export async function fakeAnthropicRequests(
  baseUrl: string,
  apiKey: string,
): Promise<FakeRequest[]> {
  const res = await fetch(`${baseUrl}/__requests?apiKey=${encodeURIComponent(apiKey)}`);
  const { requests } = await res.json() as { requests: FakeRequest[] };
  return requests;
}

if (import.meta.main) {
  const fake = startFakeAnthropic({ port: Number(Deno.args[0] ?? 0) });
  console.log(`ANTHROPIC_BASE_URL=${fake.url}`);
}
