/**
 * What the bench calls. A new endpoint joins the table with one line in `ENDPOINTS`; the floors
 * are what every endpoint is compared with in the same run.
 */
import { eventOf, mediaOf, samplesOf } from "./_data.ts";
import { PUBLIC_COMPOSITIONS } from "./compose_data.ts";
import { BENCH_PASSWORD, type BenchUser } from "./users.ts";

export interface Target {
  url: string;
  anonKey: string;
}

export interface Endpoint {
  name: string;
  /** The request, for a signed-in `user` when `signedIn`. */
  request(target: Target, user: BenchUser): Request;
  /** The status every answer must have; any other counts as an error. */
  expect: number;
  /** Calls count against the user's rate limit: users come from the budget. */
  signedIn: boolean;
  /** A cache hit: each user's first call (unmeasured) stores the entry the measured calls read. */
  cacheHit?: boolean;
  /**
   * False when the answer does not say whether it came from the cache (the chat's answers):
   * the priming call stores the entry before it answers, and the hits column stays empty.
   */
  saysCached?: boolean;
}

type Body = Record<string, unknown>;

function functionCall(
  fn: string,
  init: { method?: string; path?: string; body?: Body; headers?: Record<string, string> } = {},
) {
  const payload = init.body === undefined ? undefined : JSON.stringify(init.body);
  return (target: Target, user?: BenchUser) =>
    new Request(`${target.url}/functions/v1/${fn}${init.path ?? ""}`, {
      method: init.method ?? (payload === undefined ? "GET" : "POST"),
      headers: {
        apikey: target.anonKey,
        ...(user ? { authorization: `Bearer ${user.accessToken}` } : {}),
        ...(payload === undefined ? {} : { "content-type": "application/json" }),
        ...init.headers,
      },
      body: payload,
    });
}

/** An analyzer called with a supplied list: computed (`no-cache`) or answered from the cache. */
export function analyzer(fn: string, label: string, body: Body, cache: "hit" | "miss"): Endpoint {
  return {
    name: `${fn} ${label}, cache ${cache}`,
    request: functionCall(fn, {
      body,
      headers: cache === "miss" ? { "cache-control": "no-cache" } : {},
    }),
    expect: 200,
    signedIn: true,
    cacheHit: cache === "hit",
  };
}

/** The three analyzers' request bodies for a list of `n` items (analysisType "all"). */
export const ANALYZER_BODIES: Array<{ fn: string; body: (n: number) => Body }> = [
  { fn: "logistics-analyzer", body: (n) => ({ analysisType: "all", sampleList: samplesOf(n) }) },
  { fn: "events-optimizer", body: (n) => ({ analysisType: "all", event: eventOf(n) }) },
  { fn: "media-scorer", body: (n) => ({ analysisType: "all", ...mediaOf(n) }) },
];

export function analyzersAt(n: number): Endpoint[] {
  const label = `${n.toLocaleString("en-US")} items`;
  return ANALYZER_BODIES.flatMap(({ fn, body }) => {
    const b = body(n);
    return [analyzer(fn, label, b, "hit"), analyzer(fn, label, b, "miss")];
  });
}

/** The floors: OPTIONS answered by the wrapper without the database, and /health (`select 1`). */
export const FLOORS: Endpoint[] = [
  {
    name: "OPTIONS preflight (no database)",
    request: functionCall("logistics-analyzer", {
      method: "OPTIONS",
      headers: { origin: "http://localhost:5173", "access-control-request-method": "POST" },
    }),
    expect: 204,
    signedIn: false,
  },
  {
    name: "GET /health (select 1)",
    request: functionCall("logistics-analyzer", { path: "/health" }),
    expect: 200,
    signedIn: false,
  },
];

/** Samples each bench user owns (a shoot, as in the seed): the stored-data analyses read them. */
export const STORED_SAMPLES = 40;

/** A chat message without a model (these users have no key): the rules' answer, logged. */
function chatMessage(label: string, body: Body, cacheHit = false): Endpoint {
  return {
    name: `chat-orchestrator ${label}`,
    request: functionCall("chat-orchestrator", {
      body: { sessionId: "00000000-0000-4000-8000-000000000001", ...body },
    }),
    expect: 200,
    signedIn: true,
    cacheHit,
    saysCached: false,
  };
}

/** A product description's body; `name` decides whether it is cached. */
const productDescription = (name: string) => ({
  kind: "product_description",
  inputs: {
    name,
    category: "outerwear",
    features: ["water-resistant cotton", "detachable hood", "storm flap"],
    audience: "city commuters",
    brandVoice: "confident",
  },
});

/** compose: a cached answer (one entry every user shares), a generation, the gallery. */
const COMPOSE_ENDPOINTS: Endpoint[] = [
  {
    name: "compose POST /compose, from the cache",
    request: functionCall("compose", { body: productDescription("Harbour Trench") }),
    expect: 200,
    signedIn: true,
  },
  {
    name: "compose POST /compose, generated (template; quota, cache write, history)",
    request: (target, user) =>
      functionCall("compose", {
        body: productDescription(`Trench ${crypto.randomUUID().slice(0, 8)}`),
      })(target, user),
    expect: 200,
    signedIn: true,
  },
  {
    name: `compose GET /compose/public search over ${PUBLIC_COMPOSITIONS.toLocaleString("en-US")}`,
    request: functionCall("compose", { method: "GET", path: "/public?search=linen&sort=likes" }),
    expect: 200,
    signedIn: true,
  },
];

/** Every implemented endpoint, at 1, 16 and 64 connections. One line each. */
export const ENDPOINTS: Endpoint[] = [
  ...analyzersAt(100),
  analyzer(
    "logistics-analyzer",
    `${STORED_SAMPLES} stored samples`,
    { analysisType: "all" },
    "hit",
  ),
  analyzer(
    "logistics-analyzer",
    `${STORED_SAMPLES} stored samples`,
    { analysisType: "all" },
    "miss",
  ),
  chatMessage("help (no data)", { message: "help", currentKit: "logistics" }),
  chatMessage(
    `readiness of ${STORED_SAMPLES} stored samples, cache hit`,
    { message: "What is our readiness?", currentKit: "logistics" },
    true,
  ),
  chatMessage("readiness of 100 supplied samples", {
    message: "What is our readiness?",
    currentKit: "logistics",
    userContext: { sampleList: samplesOf(100) },
  }),
  analyzer("recommendations", `next_actions (${STORED_SAMPLES} stored samples)`, {
    recommendationType: "next_actions",
  }, "hit"),
  analyzer("recommendations", `next_actions (${STORED_SAMPLES} stored samples)`, {
    recommendationType: "next_actions",
  }, "miss"),
  analyzer("recommendations", "packages (catalogue of 12)", {
    recommendationType: "packages",
    context: { budget: 5000, timeline: "2 weeks" },
  }, "miss"),
  analyzer("recommendations", "features (analytics usage)", {
    recommendationType: "features",
    context: { userRole: "producer", currentPage: "/logistics" },
  }, "miss"),
  ...COMPOSE_ENDPOINTS,
  {
    name: "preferences GET /preferences (document over defaults)",
    request: functionCall("preferences", { method: "GET" }),
    expect: 200,
    signedIn: true,
  },
  {
    name: "preferences PATCH /preferences (validate, merge, audit)",
    request: functionCall("preferences", {
      method: "PATCH",
      body: { preferences: { rowsPerPage: 50, qualityThresholds: { flagging: 5 } } },
    }),
    expect: 200,
    signedIn: true,
  },
  {
    name: "auth sign-in (password grant, bcrypt)",
    request: (target, user) =>
      new Request(`${target.url}/auth/v1/token?grant_type=password`, {
        method: "POST",
        headers: { apikey: target.anonKey, "content-type": "application/json" },
        body: JSON.stringify({ email: user.email, password: BENCH_PASSWORD }),
      }),
    expect: 200,
    signedIn: false,
  },
];

/** A user over the limit: the 429 answer (measured with one user whose budget is spent). */
export const OVER_LIMIT: Endpoint = {
  ...chatMessage("help", { message: "help" }),
  name: "over the rate limit (429)",
  expect: 429,
};

/** How the analyzers' cost grows with the list, at one connection. */
export const SIZES = [100, 1_000, 10_000];
