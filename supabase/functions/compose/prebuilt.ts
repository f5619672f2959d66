/**
 * Shipped compositions: the most common inputs, composed once when the module loads. Today that
 * is every team role's kit configuration in every tone and length (the kit a new member sets
 * up first). Compositions that become common later are promoted in the database instead
 * (private.composition_cache, at 10 generations). @module
 */
import { canonicalJson } from "./canonical.ts";
import { type Composition, compositionOf } from "./compose.ts";
import { kitConfiguration, ROLES } from "./kinds/kit_configuration.ts";
import { type ComposeOptions, LengthSchema, ToneSchema } from "./kinds/kind.ts";

/** The key of a request: its kind, normalized inputs and options, as canonical JSON. */
export function requestKey(kind: string, inputs: unknown, options: ComposeOptions): string {
  return canonicalJson({ kind, inputs, options });
}

function shipped(): Map<string, Composition> {
  const out = new Map<string, Composition>();
  for (const role of ROLES) {
    for (const tone of ToneSchema.options) {
      for (const length of LengthSchema.options) {
        const options = { tone, length };
        out.set(
          requestKey("kit_configuration", { role }, options),
          compositionOf(kitConfiguration({ role }, options)),
        );
      }
    }
  }
  return out;
}

const SHIPPED = shipped();

/**
 * The shipped composition for a request, if there is one.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { shippedComposition } from "./prebuilt.ts";
 *
 * const options = { tone: "professional", length: "medium" } as const;
 * ok(shippedComposition("kit_configuration", { role: "stylist" }, options));
 * ok(!shippedComposition("kit_configuration", { role: "stylist", primaryKit: "media" }, options));
 * ```
 */
export function shippedComposition(
  kind: string,
  inputs: unknown,
  options: ComposeOptions,
): Composition | undefined {
  return SHIPPED.get(requestKey(kind, inputs, options));
}

/** How many compositions ship. */
export const SHIPPED_COUNT = SHIPPED.size;
