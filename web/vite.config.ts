/**
 * Builds web/ into web/dist. The built client reads its Supabase URL and anon key from the
 * `fashionos-config` meta tag (filled in by local/web.ts) or, for a hosted project, from
 * VITE_SUPABASE_URL / VITE_SUPABASE_ANON_KEY at build time. `npm run dev:web` falls back to
 * the SUPABASE_URL / SUPABASE_ANON_KEY that `npm start` writes to .env.local.
 */
import preact from "@preact/preset-vite";
import { defineConfig, loadEnv } from "vite";

const root = new URL(".", import.meta.url).pathname;
const repoRoot = new URL("..", import.meta.url).pathname;

export default defineConfig(({ command, mode }) => {
  const env = loadEnv(mode, repoRoot, ["VITE_", "SUPABASE_URL", "SUPABASE_ANON_KEY", "WEB_PORT"]);
  // Only the URL and the anon key: never the service role key, whatever the env holds.
  const devFallback = command === "serve"
    ? {
      "import.meta.env.VITE_SUPABASE_URL": JSON.stringify(
        env.VITE_SUPABASE_URL ?? env.SUPABASE_URL ?? "",
      ),
      "import.meta.env.VITE_SUPABASE_ANON_KEY": JSON.stringify(
        env.VITE_SUPABASE_ANON_KEY ?? env.SUPABASE_ANON_KEY ?? "",
      ),
    }
    : {};
  return {
    root,
    envDir: repoRoot,
    plugins: [preact()],
    define: devFallback,
    server: { port: Number(env.WEB_PORT || 5173), strictPort: true },
    build: {
      outDir: "dist",
      emptyOutDir: true,
      target: "es2022",
      reportCompressedSize: false,
    },
  };
});
