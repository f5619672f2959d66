/**
 * What a message asks, decided by rules: the intent (navigation, question, action, help) and
 * the skill that answers it, from the words of the message, the kit the producer is in and
 * the route they are on. A handful of regular expressions over a normalized copy of the
 * message: well under a millisecond, and the same answer every time.
 */
import type { Intent, Kit, SkillName } from "./types.ts";

export interface Understanding {
  intent: Intent;
  skill: SkillName;
  kit: Kit;
  /**
   * `blank` (nothing to read), `unclear` (no word the assistant knows) or `understood`. The
   * first two are answered kindly by the help skill, with suggestions.
   */
  clarity: "blank" | "unclear" | "understood";
  /** An event id named by the route (`/events/<id>/...`), if any. */
  routeEventId?: string;
}

const KITS: ReadonlySet<string> = new Set(["logistics", "events", "media"]);

/** Which kit owns a skill: a message's kit breaks ties between skills of different kits. */
export const SKILL_KIT: Record<SkillName, Kit> = {
  readiness: "logistics",
  blockers: "logistics",
  batching: "logistics",
  critical_path: "events",
  staffing: "events",
  run_of_show: "events",
  deadlines: "events",
  quality: "media",
  missing_shots: "media",
  selects: "media",
  recommendations: "general",
  navigation: "general",
  help: "general",
};

/** The skill a kit answers when the message names no topic ("how are we doing?"). */
export const KIT_DEFAULT_SKILL: Record<Kit, SkillName> = {
  logistics: "readiness",
  events: "critical_path",
  media: "missing_shots",
  general: "recommendations",
};

/**
 * Words that point at a skill, matched on the normalized message (lower case, letters and
 * digits separated by single spaces, padded with a space at both ends). Each pattern that
 * matches scores one point; the order of this table breaks remaining ties (recommendations
 * first: a question about priorities names other topics in passing, "what's urgent today").
 */
const TOPICS: ReadonlyArray<[SkillName, RegExp[]]> = [
  ["recommendations", [
    / what should (i|we) /,
    / what s next /,
    / next (steps?|actions?|up) /,
    / priorit(y|ies|ise|ize) /,
    / recommend(ation|ations)? /,
    / suggest(ion|ions)? /,
    / focus on /,
    / what now /,
    / to ?do list /,
    / (most )?urgent /,
    / where (do|should) (i|we) start /,
  ]],
  ["missing_shots", [
    / missing (shots?|photos?|images?|angles?) /,
    / shots? (are |is )?(still )?missing /,
    / shot ?list /,
    / coverage /,
    / (still )?(need|have) to (shoot|capture) /,
    / not (yet )?(shot|captured|covered) /,
  ]],
  ["selects", [
    / selects? /,
    / best /,
    / top \d* ?(photos?|shots?|images?|pictures?|frames?) /,
    / (pick|choose) (the )?(photos?|shots?|images?|best) /,
    / shortlist /,
    / favou?rites? /,
  ]],
  ["quality", [
    / quality /,
    / scores? /,
    / blurr?y /,
    / sharp(ness)? /,
    / (over|under)? ?exposed /,
    / exposure /,
    / resolution /,
    / (bad|weak|poor|good) (photos?|shots?|images?) /,
    / how (good|sharp|usable) /,
  ]],
  ["readiness", [
    / ready /,
    / readiness /,
    / prepared /,
    / on set /,
    / how many samples /,
    / samples? status /,
    / status of (the |my |our )?samples? /,
    / progress /,
  ]],
  ["blockers", [
    / late /,
    / blockers? /,
    / blocking /,
    / overdue /,
    / delay(ed|s)? /,
    / behind /,
    / missing samples? /,
    / samples? (is |are )?missing /,
    / (not|never) arrived /,
    / (hasn t|haven t|has not|have not) arrived /,
    / where is /,
    / chase /,
    / stuck /,
    / blocked samples? /,
    / samples? (are |is )?blocked /,
  ]],
  ["batching", [
    / batch(es|ing)? /,
    / group(s|ed|ing)? /,
    / save time /,
    / efficient(ly)? /,
    / (order|sequence) (to|of) (shoot|shooting) /,
  ]],
  ["critical_path", [
    / critical (path|tasks?) /,
    / on track /,
    / blocked /,
    / bottlenecks? /,
    / blocking /,
    / dependenc(y|ies) /,
    / at risk /,
    / (will|can) we (make|finish) /,
    / schedule /,
  ]],
  ["staffing", [
    / staff(ing|ed)? /,
    / crew /,
    / dressers? /,
    / (hair|makeup|make up) (artists?|team) /,
    / people /,
    / short ?handed /,
    / (under|over) ?staffed /,
    / volunteers? /,
    / hands /,
    / (enough|more) (people|staff|hands|crew) /,
  ]],
  ["run_of_show", [
    / run ?of ?show /,
    / running order /,
    / rundown /,
    / agenda /,
    / timeline /,
    / set ?up /,
    / tear ?down /,
    / show flow /,
    / programme? /,
  ]],
  ["deadlines", [
    / deadlines? /,
    / due /,
    / today /,
    / tomorrow /,
    / next 24 /,
    / this week /,
    / tonight /,
    / overdue tasks? /,
    / tasks? (are |is )?(late|overdue) /,
  ]],
];

/** The start of a request to go somewhere in the app. */
const NAVIGATION = [
  /^ (please )?(go|navigate|jump|take me|bring me|switch) (to|back to|over to)? /,
  /^ (please )?open( up)? (the )?/,
  /^ (please )?(bring up|pull up) (the )?/,
  / (take me|bring me|navigate|go) to /,
  / (where|how) (do|can) i find /,
];

/** A request to do something (the app does it; the assistant says where and why). */
const ACTION = [
  /^ (please )?(can you |could you )?(mark|create|add|send|chase|remind|assign|move|email|notify|update|approve|reject|draft|generate|reorder|book|cancel|reschedule|batch|plan) /,
  / (let s|lets|i want to|i need to|i d like to) (mark|create|add|send|chase|remind|assign|move|email|notify|update|approve|reject|draft|book|cancel|reschedule|batch|plan) /,
];

const HELP = [
  / help /,
  / what can you (do|help) /,
  / how do (i|you) use /,
  / how does (this|it) work /,
  / (list of )?commands /,
  / what are you /,
  / who are you /,
];

/** Words that make a message a sentence about the work even when it names no topic. */
const GENERAL =
  / (how|what|which|who|when|where|why|status|update|overview|summary|summari[sz]e|going|doing|things|anything|everything|tell|show|give|list|any|samples?|events?|tasks?|photos?|shots?|images?|gallery|media|shoot|looks?|hello|hi|hey|thanks|thank) /;

/** Lower case, apostrophes dropped, anything but letters and digits as one space, padded. */
export function normalizeMessage(message: string): string {
  const folded = message.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  return ` ${folded.replace(/['’]/g, " ").replace(/[^\p{L}\p{N}]+/gu, " ").trim()} `;
}

/** The kit of the request: `currentKit` when it is a kit, else the route's first segment. */
export function kitOf(currentKit: string | undefined, currentRoute: string | undefined): Kit {
  const named = currentKit?.trim().toLowerCase();
  if (named && KITS.has(named)) return named as Kit;
  const segment = currentRoute?.match(/^\/?([a-z]+)/i)?.[1]?.toLowerCase();
  return segment && KITS.has(segment) ? segment as Kit : "general";
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** The event id in a route such as `/events/<id>/tasks`. */
export function eventIdOfRoute(currentRoute: string | undefined): string | undefined {
  const match = currentRoute?.match(/^\/?events\/([^/?#]+)/i)?.[1];
  return match && UUID.test(match) && match.length === 36 ? match.toLowerCase() : undefined;
}

/** The skill whose words match the message best (its kit's skills win ties), if any. */
export function topicOf(text: string, kit: Kit): SkillName | undefined {
  let best: SkillName | undefined;
  let bestScore = 0;
  for (const [skill, patterns] of TOPICS) {
    let score = 0;
    for (const pattern of patterns) if (pattern.test(text)) score += 1;
    if (score === 0) continue;
    if (SKILL_KIT[skill] === kit) score += 0.5;
    if (score > bestScore) {
      best = skill;
      bestScore = score;
    }
  }
  return best;
}

const matchesAny = (text: string, patterns: readonly RegExp[]) =>
  patterns.some((p) => p.test(text));

/**
 * Reads a message: its intent, the skill that answers it, and whether it could be read at
 * all.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { understand } from "./intent.ts";
 *
 * const late = understand("Which samples are late?", "logistics", "/logistics");
 * equal(late.intent, "question");
 * equal(late.skill, "blockers");
 * equal(understand("   ", "media", "/media").clarity, "blank");
 * ```
 */
export function understand(
  message: string,
  currentKit?: string,
  currentRoute?: string,
): Understanding {
  const kit = kitOf(currentKit, currentRoute);
  const routeEventId = eventIdOfRoute(currentRoute);
  const text = normalizeMessage(message);
  const base = { kit, ...(routeEventId ? { routeEventId } : {}) };
  if (text.trim() === "") {
    return { ...base, intent: "help", skill: "help", clarity: "blank" };
  }
  const topic = topicOf(text, kit);
  if (matchesAny(text, NAVIGATION)) {
    return { ...base, intent: "navigation", skill: "navigation", clarity: "understood" };
  }
  if (matchesAny(text, HELP)) {
    return { ...base, intent: "help", skill: topic ?? "help", clarity: "understood" };
  }
  const intent: Intent = matchesAny(text, ACTION) ? "action" : "question";
  if (topic) return { ...base, intent, skill: topic, clarity: "understood" };
  if (intent === "action" || GENERAL.test(text)) {
    return { ...base, intent, skill: KIT_DEFAULT_SKILL[kit], clarity: "understood" };
  }
  return { ...base, intent: "help", skill: "help", clarity: "unclear" };
}
