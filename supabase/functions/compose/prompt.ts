/**
 * The model's brief for a composition: the template's best draft is the starting point, so the
 * model improves a text that already covers the inputs instead of inventing one. @module
 */
import type { ModelCall } from "../_shared/llm/types.ts";
import { compositionOf } from "./compose.ts";
import type { Draft } from "./kinds/kind.ts";
import type { ComposeRequest } from "./schemas.ts";

const GUIDANCE: Record<ComposeRequest["kind"], string> = {
  product_description:
    "Write an SEO-friendly product description. Highlight benefits over features, weave the features in naturally, and end with a clear call to action.",
  shoot_brief:
    "Write a shoot brief the crew can follow: overview, mood, location and call time, the looks and the shot list, in that order.",
  run_of_show:
    "Write the run of show: each phase with its times and tasks in order; call out any overrun plainly.",
  sample_request:
    "Write a courteous, specific e-mail chasing the late samples listed, asking for a dispatch date and tracking.",
  kit_configuration:
    "Describe the assistant's kits in the given order for this role, with each kit's quick actions.",
};

/**
 * The model call for a request (without budget or signal).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { kitConfiguration } from "./kinds/kit_configuration.ts";
 * import { composeCall } from "./prompt.ts";
 *
 * const options = { tone: "warm", length: "short" } as const;
 * const request = { kind: "kit_configuration", inputs: { role: "stylist" }, options } as const;
 * const call = composeCall(request, kitConfiguration(request.inputs, options));
 * ok(call.messages[0].content.includes("stylist"));
 * ```
 */
export function composeCall(request: ComposeRequest, draft: Draft): ModelCall {
  const [min, max] = draft.words;
  return {
    feature: "compose",
    system: [
      "You compose documents for fashion producers.",
      GUIDANCE[request.kind],
      `Tone: ${request.options.tone}. Length: ${min} to ${max} words.`,
      "Use only the facts given; invent no names, dates or numbers. Answer with the document text only.",
    ].join("\n"),
    messages: [{
      role: "user",
      content: `Inputs (JSON):\n${JSON.stringify(request.inputs)}\n\nDraft to improve:\n${
        compositionOf(draft).content
      }`,
    }],
  };
}
