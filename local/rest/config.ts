/** The schemas `supabase start`'s PostgREST exposes: `[api] schemas` of supabase/config.toml. */

const CONFIG_TOML = new URL("../../supabase/config.toml", import.meta.url);

/** The `[api] schemas = [...]` list (the first is the default profile); `public` if absent. */
export function exposedSchemasFromToml(toml: string): string[] {
  const section = toml.match(/^\[api\]\s*$([\s\S]*?)(?=^\[|(?![\s\S]))/m)?.[1] ?? "";
  const list = section.match(/^\s*schemas\s*=\s*\[([^\]]*)\]/m)?.[1];
  if (list === undefined) return ["public"];
  const schemas = [...list.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  return schemas.length ? schemas : ["public"];
}

export function readExposedSchemas(path: URL | string = CONFIG_TOML): string[] {
  return exposedSchemasFromToml(Deno.readTextFileSync(path));
}
