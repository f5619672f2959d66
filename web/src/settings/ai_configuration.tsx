/** The AI configuration in effect, and which layer (you, your organization, the deployment or
 * the defaults) supplied each value. */
import { callFunction } from "../api.ts";
import { Card, ErrorState, Skeleton } from "../ui/states.tsx";
import { useLoad } from "../use_load.ts";
import { type JsonObject, valueAt } from "./merge.ts";

interface AiConfiguration {
  effective: JsonObject;
  layers: Record<string, string>;
}

const LAYER_WORDS: Record<string, string> = {
  user: "you",
  organization: "your organization",
  environment: "this deployment",
  default: "default",
};

/** Strings as they are, everything else as JSON. */
const shown = (value: unknown) => typeof value === "string" ? value : JSON.stringify(value ?? null);

export function AiConfigurationCard() {
  const ai = useLoad(() => callFunction<AiConfiguration>("preferences/ai", { method: "GET" }), []);
  return (
    <Card title="AI configuration" wide testId="settings-ai">
      {ai.loading
        ? <Skeleton lines={4} label="AI configuration" />
        : ai.error
        ? <ErrorState error={ai.error} onRetry={ai.reload} />
        : ai.data && (
          <div class="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">Setting</th>
                  <th scope="col">In effect</th>
                  <th scope="col">Set by</th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(ai.data.layers).map(([path, layer]) => (
                  <tr key={path}>
                    <th scope="row">{path}</th>
                    <td>{shown(valueAt(ai.data!.effective, path))}</td>
                    <td>
                      <span class={layer === "default" ? "tag" : "tag tag-set"}>
                        {LAYER_WORDS[layer] ?? layer}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
    </Card>
  );
}
