/** The assistant columns of user_preferences the shell needs, read with from(...). A new user
 * has no row yet: the defaults of the table apply. */
import { supabase } from "./supabase.ts";

export const KITS = ["logistics", "events", "media"] as const;
export type Kit = typeof KITS[number];

export interface ShellPreferences {
  kitOrder: Kit[];
  defaultKit: Kit;
  notify: Record<string, boolean>;
}

const isKit = (value: unknown): value is Kit => KITS.includes(value as Kit);

/** The same, from a GET /preferences answer (the settings page and other tabs). */
export function shellPreferencesOf(assistant: Record<string, unknown>): ShellPreferences {
  const stored = ((assistant.kit_order as string[] | null) ?? []).filter(isKit);
  const kitOrder = [...new Set([...stored, ...KITS])];
  const defaultKit = isKit(assistant.default_kit) ? assistant.default_kit : kitOrder[0];
  return {
    kitOrder,
    defaultKit,
    notify: (assistant.notification_preferences as Record<string, boolean> | null) ?? {},
  };
}

export async function loadShellPreferences(): Promise<ShellPreferences> {
  const { data } = await supabase().from("user_preferences")
    .select("default_kit,kit_order,notification_preferences").maybeSingle();
  const row = data as
    | {
      default_kit: string | null;
      kit_order: string[] | null;
      notification_preferences: Record<string, boolean> | null;
    }
    | null;
  // Every kit once, in the stored order first; unknown names dropped.
  return shellPreferencesOf(row ?? {});
}
