/** Recommendations (next actions) for a kit, from the recommendations function. */
import { callFunction } from "../api.ts";
import { navigate } from "../router.ts";
import { Card, EmptyState, ErrorState, Skeleton } from "../ui/states.tsx";
import { useLoad } from "../use_load.ts";

interface Recommendation {
  item: string | { title?: string; name?: string };
  score: number;
  rationale: string;
  action?: string | { target?: string; label?: string };
}

function itemTitle(item: Recommendation["item"]): string {
  return typeof item === "string" ? item : item.title ?? item.name ?? "Next step";
}

function actionTarget(action: Recommendation["action"]): string | null {
  if (!action) return null;
  if (typeof action === "string") return action.startsWith("/") ? action : null;
  return action.target?.startsWith("/") ? action.target : null;
}

export function NextActions({ kit, refreshKey }: { kit: string; refreshKey: number }) {
  const { data, error, loading, reload } = useLoad(
    () =>
      callFunction<{ recommendations: Recommendation[] }>("recommendations", {
        body: { recommendationType: "next_actions", context: { currentPage: `/${kit}` } },
      }),
    [kit, refreshKey],
  );
  return (
    <Card title="Next actions" testId="next-actions">
      {loading
        ? <Skeleton lines={3} label="next actions" />
        : error?.status === 501
        ? (
          <EmptyState title="Suggestions are on their way">
            The assistant will list what to do next here as soon as its recommendations are switched
            on.
          </EmptyState>
        )
        : error
        ? <ErrorState error={error} onRetry={reload} />
        : !data?.recommendations.length
        ? <EmptyState title="Nothing urgent">Nothing needs your attention right now.</EmptyState>
        : (
          <ol class="list">
            {data.recommendations.map((r, i) => {
              const target = actionTarget(r.action);
              return (
                <li key={i} class="list-row">
                  <div class="grow">
                    <strong>{itemTitle(r.item)}</strong>
                    <p class="muted small">{r.rationale}</p>
                  </div>
                  {target && (
                    <button type="button" class="button" onClick={() => navigate(target)}>
                      Open
                    </button>
                  )}
                </li>
              );
            })}
          </ol>
        )}
    </Card>
  );
}
