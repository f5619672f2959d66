/** Signed out: the auth screen. Signed in: the shell. Restoring a session: a quiet splash. */
import { useSession } from "./auth/session.ts";
import { AuthScreen } from "./auth/auth_screen.tsx";
import { Shell } from "./shell/shell.tsx";
import { Toasts } from "./ui/toasts.tsx";

export function App() {
  const session = useSession();
  return (
    <>
      {session === undefined
        ? <div class="splash" role="status" aria-label="Loading">FashionOS</div>
        : session
        ? <Shell session={session} />
        : <AuthScreen />}
      <Toasts />
    </>
  );
}
