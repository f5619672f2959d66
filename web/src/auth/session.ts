/** The signed-in session, from supabase-js (which keeps it in localStorage across reloads). */
import type { Session } from "@supabase/supabase-js";
import { useEffect, useState } from "preact/hooks";
import { supabase } from "../supabase.ts";

/** `undefined` while supabase-js restores a stored session, `null` when signed out. */
export function useSession(): Session | null | undefined {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  useEffect(() => {
    const auth = supabase().auth;
    auth.getSession().then(({ data }) => setSession(data.session));
    const { data } = auth.onAuthStateChange((_event, next) => setSession(next));
    return () => data.subscription.unsubscribe();
  }, []);
  return session;
}

/** Admins carry app_metadata.role = 'admin' in their token (set by the service role only). */
export function isAdmin(session: Session): boolean {
  return session.user.app_metadata?.role === "admin";
}
