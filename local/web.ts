/**
 * The web client for the local stack: builds web/ with Vite when its sources changed (a
 * SHA-256 of them kept beside the build, as the cluster keeps its schema's), and serves the
 * static build with the stack's URL and anon key written into the page, so one build works
 * against any stack. `npm start` serves it on WEB_PORT (5173); the test runner on a free port.
 */
import { ROOT, schemaChecksum } from "./cluster.ts";
import { join } from "./paths.ts";

/** What a build is made from: a change to any of these rebuilds. */
export const WEB_SOURCES = [
  join(ROOT, "web", "src"),
  join(ROOT, "web", "index.html"),
  join(ROOT, "web", "vite.config.ts"),
  join(ROOT, "web", "tsconfig.json"),
  join(ROOT, "package-lock.json"),
];

export const WEB_DIST = join(ROOT, "web", "dist");
const CHECKSUM_FILE = ".sources.sha256";

export interface WebBuildOptions {
  /** Where the build goes (default web/dist). */
  outDir?: string;
  log?: (line: string) => void;
}

/** Builds unless `outDir` already holds a build of the current sources. */
export async function buildWeb(options: WebBuildOptions = {}): Promise<"built" | "unchanged"> {
  const outDir = options.outDir ?? WEB_DIST;
  const checksum = await schemaChecksum(WEB_SOURCES);
  const stored = await Deno.readTextFile(join(outDir, CHECKSUM_FILE)).catch(() => "");
  if (stored.trim() === checksum) return "unchanged";
  options.log?.("building the web client (vite)…");
  const vite = join(ROOT, "node_modules", "vite", "bin", "vite.js");
  const { success, stderr, stdout } = await new Deno.Command("node", {
    args: [vite, "build", "--config", join(ROOT, "web", "vite.config.ts"), "--outDir", outDir],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!success) {
    const text = new TextDecoder().decode(stderr) || new TextDecoder().decode(stdout);
    throw new Error(`the web client did not build:\n${text.trim()}`);
  }
  await Deno.writeTextFile(join(outDir, CHECKSUM_FILE), checksum + "\n");
  return "built";
}

export interface WebServerOptions {
  port: number;
  supabaseUrl: string;
  anonKey: string;
  outDir?: string;
}

export interface WebServer {
  url: string;
  stop(): Promise<void>;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
};

function extensionOf(path: string): string {
  const dot = path.lastIndexOf(".");
  return dot > path.lastIndexOf("/") ? path.slice(dot) : "";
}

/** The page with the project's settings in its `fashionos-config` meta tag. */
export function configuredIndex(html: string, supabaseUrl: string, anonKey: string): string {
  const value = JSON.stringify({ url: supabaseUrl, anonKey })
    .replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll("<", "&lt;");
  return html.replace(
    /<meta name="fashionos-config" content="[^"]*"\s*\/?>/,
    `<meta name="fashionos-config" content="${value}" />`,
  );
}

export function serveWeb(options: WebServerOptions): WebServer {
  const outDir = options.outDir ?? WEB_DIST;
  const api = new URL(options.supabaseUrl);
  const websocket = `${api.protocol === "https:" ? "wss:" : "ws:"}//${api.host}`;
  const securityHeaders = {
    // Scripts and styles only from this origin; data only to the Supabase API.
    "Content-Security-Policy": [
      "default-src 'self'",
      `connect-src 'self' ${api.origin} ${websocket}`,
      "img-src 'self' data:",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ].join("; "),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
  };
  // Read on every request (it is small): a rebuild while serving names new assets.
  const readIndex = () =>
    Deno.readTextFile(join(outDir, "index.html"))
      .then((html) => configuredIndex(html, options.supabaseUrl, options.anonKey));

  async function handle(req: Request): Promise<Response> {
    if (req.method !== "GET" && req.method !== "HEAD") {
      return new Response("Method not allowed", { status: 405, headers: { Allow: "GET, HEAD" } });
    }
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url).pathname);
    } catch {
      return new Response("Bad request", { status: 400 });
    }
    const ext = extensionOf(path);
    // Files only from the build folder: no dot-segments, no hidden files (the checksum).
    if (ext && !path.includes("..") && !path.includes("/.") && path !== "/index.html") {
      const file = await Deno.readFile(join(outDir, path)).catch(() => null);
      if (!file) return new Response("Not found", { status: 404, headers: securityHeaders });
      return new Response(req.method === "HEAD" ? null : file, {
        headers: {
          ...securityHeaders,
          "Content-Type": TYPES[ext] ?? "application/octet-stream",
          // Vite names assets by content hash: they never change under the same name.
          "Cache-Control": path.startsWith("/assets/")
            ? "public, max-age=31536000, immutable"
            : "no-cache",
        },
      });
    }
    if (ext && ext !== ".html") {
      return new Response("Not found", { status: 404, headers: securityHeaders });
    }
    // Every app route (/logistics, /events/<id>, ...) is the single page.
    return new Response(req.method === "HEAD" ? null : await readIndex(), {
      headers: {
        ...securityHeaders,
        "Content-Type": TYPES[".html"],
        "Cache-Control": "no-cache",
      },
    });
  }

  const server = Deno.serve(
    { hostname: "127.0.0.1", port: options.port, onListen: () => {} },
    handle,
  );
  return {
    url: `http://127.0.0.1:${options.port}`,
    stop: () => server.shutdown(),
  };
}
