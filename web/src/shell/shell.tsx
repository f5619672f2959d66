/**
 * The assistant shell: header with the kit switcher (in the user's kit_order, opening on
 * default_kit), the live indicator, theme and sign-out; the current kit's view; the assistant.
 */
import type { Session } from "@supabase/supabase-js";
import { useEffect, useState } from "preact/hooks";
import { isAdmin } from "../auth/session.ts";
import { ChatPanel } from "../chat/chat_panel.tsx";
import { reportEvent } from "../chat/report.ts";
import { EventsView } from "../kits/events.tsx";
import { LogisticsView } from "../kits/logistics.tsx";
import { MediaView } from "../kits/media.tsx";
import { type LiveEvent, useLiveTopic } from "../live/channel.ts";
import { useLinkState } from "../live/link_state.ts";
import {
  type Kit,
  KITS,
  loadShellPreferences,
  type ShellPreferences,
  shellPreferencesOf,
} from "../preferences.ts";
import { navigate, screenOf, useRoute } from "../router.ts";
import { supabase } from "../supabase.ts";
import { EmptyState } from "../ui/states.tsx";
import { ThemeSwitch } from "../ui/theme_switch.tsx";
import {
  changeSettings,
  loadSettings,
  onSettings,
  reloadSettings,
  settingsState,
} from "../settings/store.ts";
import { lazyScreen } from "../ui/lazy.tsx";
import { useSectionFocus } from "./section_focus.ts";

const ComposePage = lazyScreen(
  () => import("../compose/compose_page.tsx").then((m) => m.ComposePage),
  "compose",
);
const AdminPage = lazyScreen(
  () => import("../admin/admin_page.tsx").then((m) => m.AdminPage),
  "administration",
);
const SettingsPage = lazyScreen(
  () => import("../settings/settings_page.tsx").then((m) => m.SettingsPage),
  "settings",
);

const KIT_LABELS: Record<Kit, string> = {
  logistics: "Logistics",
  events: "Events",
  media: "Media",
};

export function Shell({ session }: { session: Session }) {
  const route = useRoute();
  const [prefs, setPrefs] = useState<ShellPreferences | null>(null);
  const [chatOpen, setChatOpen] = useState(false);
  const link = useLinkState();
  const screen = screenOf(route.path);

  useEffect(() => {
    loadShellPreferences().then(setPrefs);
    // The stored theme applies on every device; later changes (settings page, other tabs)
    // reorder the kits at once.
    loadSettings();
    return onSettings((state) => {
      if (state.answer) setPrefs(shellPreferencesOf(state.answer.assistant));
    });
  }, [session.user.id]);

  // Settings saved on another device (this browser's tabs hear it sooner, over a
  // BroadcastChannel): reload them, unless this page already has that version.
  useLiveTopic(
    `preferences:${session.user.id}`,
    (event: LiveEvent) => {
      const shown = Date.parse(settingsState().answer?.updatedAt ?? "");
      if (Date.parse(String(event.updatedAt)) !== shown) reloadSettings();
    },
    reloadSettings,
  );

  // "/" opens the user's default kit.
  useEffect(() => {
    if (prefs && screen === "") navigate(`/${prefs.defaultKit}`, { replace: true });
  }, [prefs, screen]);

  useSectionFocus(route);

  const kits = prefs?.kitOrder ?? [...KITS];
  const kit = (KITS as readonly string[]).includes(screen) ? screen as Kit : null;

  function switchKit(next: Kit) {
    if (next === kit) return;
    reportEvent("kit_switched", { eventData: { from: kit, to: next }, kitContext: next });
    navigate(`/${next}`);
  }

  return (
    <div class="shell">
      <a class="skip-link" href="#main">Skip to content</a>
      <header class="topbar">
        <p class="brand">
          FashionOS <span>Assistant</span>
        </p>
        <nav class="kits" aria-label="Kits">
          {kits.map((k) => (
            <a
              key={k}
              href={`/${k}`}
              class={k === kit ? "kit selected" : "kit"}
              aria-current={k === kit ? "page" : undefined}
              onClick={(e) => {
                e.preventDefault();
                switchKit(k);
              }}
            >
              {KIT_LABELS[k]}
            </a>
          ))}
          <a
            href="/compose"
            class={screen === "compose" ? "kit selected" : "kit"}
            aria-current={screen === "compose" ? "page" : undefined}
            onClick={(e) => {
              e.preventDefault();
              navigate("/compose");
            }}
          >
            Compose
          </a>
        </nav>
        <div class="topbar-end">
          {link !== "idle" && (
            <span class={`link link-${link}`} role="status" data-testid="link-state">
              {link === "live" ? "Live" : link === "reconnecting" ? "Reconnecting…" : "Connecting…"}
            </span>
          )}
          <ThemeSwitch onChoose={(theme) => changeSettings({ preferences: { theme } })} />
          {isAdmin(session) && (
            <a
              href="/admin"
              class="button"
              aria-current={screen === "admin" ? "page" : undefined}
              onClick={(e) => {
                e.preventDefault();
                navigate("/admin");
              }}
            >
              Admin
            </a>
          )}
          <a
            href="/settings"
            class="button"
            aria-current={screen === "settings" ? "page" : undefined}
            onClick={(e) => {
              e.preventDefault();
              navigate("/settings");
            }}
          >
            Settings
          </a>
          <button
            type="button"
            class="button chat-toggle"
            aria-expanded={chatOpen}
            aria-controls="assistant"
            onClick={() => setChatOpen(!chatOpen)}
          >
            Assistant
          </button>
          <button
            type="button"
            class="button"
            onClick={() => supabase().auth.signOut()}
            title={session.user.email}
          >
            Sign out
          </button>
        </div>
      </header>
      <div class="workspace">
        <main id="main" class="content" tabIndex={-1}>
          {!prefs
            ? null
            : kit === "logistics"
            ? <LogisticsView userId={session.user.id} route={route} notify={prefs.notify} />
            : kit === "events"
            ? <EventsView route={route} notify={prefs.notify} />
            : kit === "media"
            ? <MediaView userId={session.user.id} route={route} notify={prefs.notify} />
            : screen === "settings"
            ? <SettingsPage />
            : screen === "compose"
            ? <ComposePage />
            : screen === "admin"
            ? <AdminPage session={session} />
            : screen === ""
            ? null
            : (
              <EmptyState title="This page does not exist">
                <button
                  type="button"
                  class="button"
                  onClick={() => navigate(`/${prefs.defaultKit}`)}
                >
                  Go to {KIT_LABELS[prefs.defaultKit]}
                </button>
              </EmptyState>
            )}
        </main>
        <aside id="assistant" class={chatOpen ? "assistant open" : "assistant"}>
          <ChatPanel
            kit={kit ?? "general"}
            route={route.path + (route.query.size ? `?${route.query}` : "")}
          />
        </aside>
      </div>
    </div>
  );
}
