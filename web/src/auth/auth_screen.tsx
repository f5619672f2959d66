/** Sign in and sign up with e-mail and password. */
import { useState } from "preact/hooks";
import { supabase } from "../supabase.ts";
import { ThemeSwitch } from "../ui/theme_switch.tsx";
import { authErrorMessage } from "./auth_errors.ts";

type Mode = "sign-in" | "sign-up";

export function AuthScreen() {
  const [mode, setMode] = useState<Mode>("sign-in");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const auth = supabase().auth;
    const { error } = mode === "sign-in"
      ? await auth.signInWithPassword({ email, password })
      : await auth.signUp({ email, password });
    setBusy(false);
    if (error) setError(authErrorMessage(error));
  }

  const title = mode === "sign-in" ? "Sign in" : "Create your account";
  return (
    <main class="auth">
      <div class="auth-card">
        <p class="brand">
          FashionOS <span>Assistant</span>
        </p>
        <h1>{title}</h1>
        <p class="muted">
          Samples, events and shoot photos in one place, with an assistant that tells you what needs
          attention.
        </p>
        <form onSubmit={submit} class="stack">
          <label class="field">
            <span>E-mail</span>
            <input
              type="email"
              name="email"
              autocomplete="email"
              required
              value={email}
              onInput={(e) => setEmail(e.currentTarget.value)}
            />
          </label>
          <label class="field">
            <span>Password</span>
            <input
              type="password"
              name="password"
              autocomplete={mode === "sign-in" ? "current-password" : "new-password"}
              required
              minLength={6}
              value={password}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
          </label>
          {error && <p class="form-error" role="alert">{error}</p>}
          <button type="submit" class="button button-primary" disabled={busy}>
            {busy ? "Please wait…" : title}
          </button>
        </form>
        <p class="auth-switch">
          {mode === "sign-in" ? "New here?" : "Already have an account?"}{" "}
          <button
            type="button"
            class="link-button"
            onClick={() => {
              setMode(mode === "sign-in" ? "sign-up" : "sign-in");
              setError(null);
            }}
          >
            {mode === "sign-in" ? "Create an account" : "Sign in"}
          </button>
        </p>
        <div class="auth-theme">
          <ThemeSwitch />
        </div>
      </div>
    </main>
  );
}
