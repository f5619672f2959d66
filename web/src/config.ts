/** Where the client finds its Supabase project: see vite.config.ts. */
export interface ClientConfig {
  url: string;
  anonKey: string;
}

/** The served page's meta tag wins (one build, any stack); else the build-time variables. */
export function readClientConfig(): ClientConfig | null {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="fashionos-config"]');
  if (meta?.content) {
    try {
      const parsed = JSON.parse(meta.content) as Partial<ClientConfig>;
      if (parsed.url && parsed.anonKey) return { url: parsed.url, anonKey: parsed.anonKey };
    } catch { /* a malformed tag falls through to the build's values */ }
  }
  const url = import.meta.env.VITE_SUPABASE_URL as string | undefined;
  const anonKey = import.meta.env.VITE_SUPABASE_ANON_KEY as string | undefined;
  return url && anonKey ? { url, anonKey } : null;
}
