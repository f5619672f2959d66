/** Runs one skill over the request's sources: the only place that maps a skill to its data. */
import { nextActions } from "../../recommendations/next_actions.ts";
import type { Understanding } from "../intent.ts";
import type { Sources } from "../sources.ts";
import type { SkillAnswer, SkillName } from "../types.ts";
import {
  criticalPathAnswer,
  deadlinesAnswer,
  noEventAnswer,
  runOfShowAnswer,
  staffingAnswer,
} from "./events.ts";
import { helpAnswer } from "./help.ts";
import { batchingAnswer, blockersAnswer, readinessAnswer } from "./logistics.ts";
import { missingShotsAnswer, qualityAnswer, selectsAnswer } from "./media.ts";
import { navigationAnswer } from "./navigation.ts";
import { recommendationsAnswer } from "./recommendations.ts";

/** What a skill reads besides its sources. */
export interface SkillRequest {
  message: string;
  understanding: Understanding;
  /** The event the request names (context or route), for deep links. */
  eventId?: string;
}

/**
 * The answer of `skill`.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { understand } from "../intent.ts";
 * import type { Sources } from "../sources.ts";
 * import { runSkill } from "./run.ts";
 *
 * const understanding = understand("", "media");
 * const answer = await runSkill("help", {} as Sources, { message: "", understanding });
 * equal(answer.severity, "info");
 * ```
 */
export async function runSkill(
  skill: SkillName,
  sources: Sources,
  request: SkillRequest,
): Promise<SkillAnswer> {
  const { understanding } = request;
  switch (skill) {
    case "readiness":
      return readinessAnswer(await sources.logistics());
    case "blockers":
      return blockersAnswer(await sources.logistics());
    case "batching":
      return batchingAnswer(await sources.logistics());
    case "critical_path":
    case "staffing":
    case "run_of_show": {
      const data = await sources.event();
      if (!data) return noEventAnswer();
      const answer = skill === "critical_path"
        ? criticalPathAnswer
        : skill === "staffing"
        ? staffingAnswer
        : runOfShowAnswer;
      return answer(data.subject, data.full);
    }
    case "deadlines": {
      const data = await sources.eventTasks();
      return data ? deadlinesAnswer(data.subject, data.tasks, sources.now) : noEventAnswer();
    }
    case "quality":
      return qualityAnswer(await sources.media());
    case "missing_shots":
      return missingShotsAnswer(await sources.media());
    case "selects":
      return selectsAnswer(await sources.media());
    case "recommendations":
      return recommendationsAnswer(nextActions(await sources.work(), sources.now));
    case "navigation":
      return navigationAnswer(request.message, understanding.kit, request.eventId);
    case "help":
      return helpAnswer(understanding.kit, understanding.clarity);
  }
}
