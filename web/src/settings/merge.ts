/** Deep merge of plain objects (arrays and values replace): how a PATCH applies, client side. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export function deepMerge(base: JsonObject, patch: JsonObject): JsonObject {
  const out: JsonObject = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    out[key] = isObject(value) && isObject(out[key])
      ? deepMerge(out[key] as JsonObject, value)
      : value;
  }
  return out;
}

/** The value at a dotted path ("preferences.qualityThresholds.flagging"). */
export function valueAt(document: JsonObject, path: string): Json | undefined {
  let node: Json | undefined = document;
  for (const key of path.split(".")) {
    if (!isObject(node)) return undefined;
    node = node[key];
  }
  return node;
}

/** `{a: {b: value}}` for the path "a.b". */
export function patchAt(path: string, value: Json): JsonObject {
  return path.split(".").reduceRight<Json>((inner, key) => ({ [key]: inner }), value) as JsonObject;
}
