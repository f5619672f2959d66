import { render } from "preact";
import { App } from "./app.tsx";
import { readClientConfig } from "./config.ts";
import { initSupabase } from "./supabase.ts";
import "./theme.ts";
import "./styles.css";

const root = document.getElementById("app")!;
const config = readClientConfig();
if (config) {
  initSupabase(config);
  render(<App />, root);
} else {
  // A build without a project to talk to: say how to give it one rather than fail.
  root.innerHTML = `<main class="auth"><div class="auth-card"><h1>Not configured</h1>
    <p>Build with VITE_SUPABASE_URL and VITE_SUPABASE_ANON_KEY, or serve it with <code>npm start</code>.</p>
    </div></main>`;
}
