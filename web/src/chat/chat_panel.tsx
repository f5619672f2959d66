/**
 * The assistant: asks chat-orchestrator with the current kit and route, streams the answer
 * (fetch with the user's token and Accept: text/event-stream), shows severity, action buttons
 * that change the view, follow-up chips and thumbs up/down, and keeps the session's history.
 * While the function is not deployed (501) it says so kindly instead of failing.
 */
import { SEVERITY_WORDS } from "../ui/severity.ts";
import { useEffect, useRef, useState } from "preact/hooks";
import { callFunction, problemToError } from "../api.ts";
import { readClientConfig } from "../config.ts";
import { navigate } from "../router.ts";
import { supabase } from "../supabase.ts";
import { reportEvent, SESSION_ID } from "./report.ts";
import { readEventStream } from "./sse.ts";

interface Action {
  label: string;
  target: string;
  primary?: boolean;
}

interface Answer {
  content: string;
  severity?: "info" | "warning" | "critical" | "success";
  actions?: Action[];
  followUp?: string[];
  conversationId?: string;
}

interface Message extends Answer {
  role: "user" | "assistant";
  pending?: boolean;
  failed?: boolean;
  feedback?: boolean;
}

interface HistoryRow {
  id: string;
  message: string;
  response: Answer;
  helpful: boolean | null;
}

const STARTERS: Record<string, string[]> = {
  logistics: [
    "How ready are we for the shoot?",
    "What is blocking us?",
    "How should I batch the samples?",
  ],
  events: ["Are we on track?", "Where are we short of staff?", "What is due in the next 24 hours?"],
  media: ["Which shots are missing?", "How good are the photos?", "Show me the selects"],
};

export function ChatPanel({ kit, route }: { kit: string; route: string }) {
  const [messages, setMessages] = useState<Message[]>([]);
  const [draft, setDraft] = useState("");
  const [busy, setBusy] = useState(false);
  const [unavailable, setUnavailable] = useState(false);
  const log = useRef<HTMLDivElement>(null);

  useEffect(() => {
    // Once per session, not on every page load.
    if (!sessionStorage.getItem("fashionos.opened")) {
      sessionStorage.setItem("fashionos.opened", "1");
      reportEvent("assistant_opened", { kitContext: kit });
    }
    callFunction<{ conversations: HistoryRow[] }>(
      `chat-orchestrator/history?sessionId=${SESSION_ID}&limit=20`,
      { method: "GET" },
    ).then(({ data, error }) => {
      if (error?.status === 501 || error?.status === 404) setUnavailable(true);
      if (!data) return;
      // Newest first from the server; oldest first on screen.
      setMessages(
        data.conversations.slice().reverse().flatMap((row) => [
          { role: "user" as const, content: row.message },
          {
            role: "assistant" as const,
            ...row.response,
            conversationId: row.id,
            feedback: row.helpful ?? undefined,
          },
        ]),
      );
    });
  }, []);

  useEffect(() => {
    log.current?.scrollTo({ top: log.current.scrollHeight });
  }, [messages]);

  async function ask(text: string) {
    const message = text.trim();
    if (!message || busy) return;
    setDraft("");
    setBusy(true);
    const history = messages.slice(-10).map((m) => ({ role: m.role, content: m.content }));
    setMessages((
      list,
    ) => [...list, { role: "user", content: message }, {
      role: "assistant",
      content: "",
      pending: true,
    }]);
    const update = (patch: Partial<Message>) =>
      setMessages((list) => [...list.slice(0, -1), { ...list[list.length - 1], ...patch }]);
    try {
      const answer = await streamAnswer(
        {
          message,
          currentKit: kit,
          currentRoute: route,
          sessionId: SESSION_ID,
          conversationHistory: history,
        },
        (partial) => update({ content: partial }),
      );
      update({ ...answer, pending: false });
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status === 501) {
        setUnavailable(true);
        setMessages((list) => list.slice(0, -2));
      } else {
        update({ content: (error as Error).message, pending: false, failed: true });
      }
    } finally {
      setBusy(false);
    }
  }

  function follow(action: Action) {
    reportEvent("action_clicked", {
      eventData: { label: action.label, target: action.target },
      kitContext: kit,
    });
    navigate(action.target);
    reportEvent("deep_link_followed", { eventData: { target: action.target }, kitContext: kit });
  }

  async function rate(index: number, helpful: boolean) {
    const message = messages[index];
    if (!message.conversationId) return;
    setMessages((list) => list.map((m, i) => (i === index ? { ...m, feedback: helpful } : m)));
    await callFunction("chat-orchestrator/feedback", {
      body: { conversationId: message.conversationId, helpful },
    });
  }

  return (
    <section class="chat" aria-label="Assistant" data-testid="chat">
      <h2 class="chat-title">Assistant</h2>
      {unavailable
        ? (
          <div class="state state-empty" data-testid="chat-unavailable">
            <p class="state-title">The assistant is not available yet</p>
            <p class="muted">
              Its answers are being switched on. Until then, the views beside this panel show the
              same figures: readiness, blockers, critical path and missing shots.
            </p>
          </div>
        )
        : (
          <>
            <div class="chat-log" ref={log} aria-live="polite">
              {messages.length === 0 && (
                <p class="muted">
                  Ask about your{" "}
                  {({ logistics: "samples", events: "event", media: "photos" } as Record<
                    string,
                    string
                  >)[kit] ?? "samples, events and photos"}.
                </p>
              )}
              {messages.map((m, i) => (
                <div
                  key={i}
                  class={`bubble bubble-${m.role}${m.severity ? ` severity-${m.severity}` : ""}${
                    m.failed ? " failed" : ""
                  }`}
                  data-testid={m.role === "assistant" ? "assistant-answer" : undefined}
                >
                  {m.severity && m.severity !== "info" && (
                    <span class={`badge badge-${m.severity}`}>{SEVERITY_WORDS[m.severity]}</span>
                  )}
                  <p>{m.content || (m.pending ? "Thinking…" : "")}</p>
                  {!m.pending && m.actions && m.actions.length > 0 && (
                    <div class="chat-actions">
                      {m.actions.map((a) => (
                        <button
                          key={a.target}
                          type="button"
                          class={a.primary ? "button button-primary" : "button"}
                          onClick={() => follow(a)}
                        >
                          {a.label}
                        </button>
                      ))}
                    </div>
                  )}
                  {m.role === "assistant" && !m.pending && m.conversationId && (
                    <div class="feedback" role="group" aria-label="Was this helpful?">
                      <button
                        type="button"
                        class="icon-button"
                        aria-label="Helpful"
                        aria-pressed={m.feedback === true}
                        onClick={() =>
                          rate(i, true)}
                      >
                        <Thumb />
                      </button>
                      <button
                        type="button"
                        class="icon-button"
                        aria-label="Not helpful"
                        aria-pressed={m.feedback === false}
                        onClick={() =>
                          rate(i, false)}
                      >
                        <Thumb down />
                      </button>
                    </div>
                  )}
                </div>
              ))}
            </div>
            <div class="chips" aria-label="Suggested questions">
              {(messages.at(-1)?.followUp ?? (messages.length ? [] : STARTERS[kit] ?? [])).map((
                q,
              ) => (
                <button
                  key={q}
                  type="button"
                  class="chip"
                  onClick={() => ask(q)}
                  disabled={busy}
                >
                  {q}
                </button>
              ))}
            </div>
            <form
              class="chat-form"
              onSubmit={(e) => {
                e.preventDefault();
                ask(draft);
              }}
            >
              <label class="visually-hidden" for="chat-input">Ask the assistant</label>
              <input
                id="chat-input"
                placeholder="Ask the assistant…"
                value={draft}
                maxLength={2000}
                onInput={(e) => setDraft(e.currentTarget.value)}
              />
              <button type="submit" class="button button-primary" disabled={busy || !draft.trim()}>
                Send
              </button>
            </form>
          </>
        )}
    </section>
  );
}

/** A thumb in SVG: emoji depend on the fonts a machine happens to have. */
function Thumb({ down }: { down?: boolean }) {
  return (
    <svg
      viewBox="0 0 24 24"
      width="18"
      height="18"
      aria-hidden="true"
      style={down ? { transform: "rotate(180deg)" } : undefined}
    >
      <path
        fill="currentColor"
        d="M2 21h4V9H2v12zm20-11a2 2 0 0 0-2-2h-6.3l1-4.6v-.3c0-.4-.2-.8-.4-1.1L13.2 1 6.6 7.6C6.2 8 6 8.5 6 9v10a2 2 0 0 0 2 2h9c.8 0 1.5-.5 1.8-1.2l3-7.1c.1-.2.2-.5.2-.7v-2z"
      />
    </svg>
  );
}

/** POSTs the question and reads the streamed answer; `onText` gets the text so far. */
async function streamAnswer(
  body: Record<string, unknown>,
  onText: (text: string) => void,
): Promise<Answer> {
  const config = readClientConfig()!;
  const { data } = await supabase().auth.getSession();
  let response: Response;
  try {
    response = await fetch(`${config.url}/functions/v1/chat-orchestrator`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Accept: "text/event-stream",
        apikey: config.anonKey,
        Authorization: `Bearer ${data.session?.access_token ?? config.anonKey}`,
      },
      body: JSON.stringify(body),
    });
  } catch {
    throw Object.assign(new Error("Cannot reach the assistant. Check your connection."), {
      status: 0,
    });
  }
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    const error = problemToError(response.status, problem, response.headers.get("Retry-After"));
    throw Object.assign(new Error(error.message), { status: response.status });
  }
  if (!response.headers.get("Content-Type")?.includes("text/event-stream") || !response.body) {
    return await response.json() as Answer;
  }
  // `delta` events carry text as it is written, `reset` starts it over (a model answer that
  // failed half way), `response` is the full answer, `error` a problem.
  let text = "";
  let final: Answer | null = null;
  for await (const event of readEventStream(response.body)) {
    let payload: Record<string, unknown> = {};
    try {
      payload = JSON.parse(event.data);
    } catch { /* a comment or keep-alive */ }
    if (event.event === "delta" && typeof payload.text === "string") {
      text += payload.text;
      onText(text);
    } else if (event.event === "reset") {
      text = "";
      onText(text);
    } else if (event.event === "response") {
      final = payload as unknown as Answer;
    } else if (event.event === "error") {
      const error = problemToError(Number(payload.status ?? 500), payload, null);
      throw Object.assign(new Error(error.message), { status: error.status });
    }
  }
  return final ?? { content: text };
}
