/** Settings: every section of the preferences document and the assistant columns, saved as
 * you go, each section with its own reset, and the history of changes. */
import type { ComponentChildren } from "preact";
import { useEffect } from "preact/hooks";
import { Card, ErrorState, Skeleton } from "../ui/states.tsx";
import { showToast } from "../ui/toasts.tsx";
import {
  ListField,
  NumberField,
  RangeField,
  SelectField,
  ToggleField,
  useSettings,
} from "./fields.tsx";
import { AiConfigurationCard } from "./ai_configuration.tsx";
import { SettingsHistory } from "./history.tsx";
import { KitOrderField } from "./kit_order_field.tsx";
import { loadSettings, reloadSettings, resetSettings } from "./store.ts";

const NOTIFY_EVENTS: [string, string][] = [
  ["sample_status_changed", "A sample's status changes"],
  ["sample_added", "A sample is added"],
  ["task_status_changed", "A task is blocked"],
  ["deadline_approaching", "A deadline is within 24 h"],
  ["asset_rejected", "A photo is rejected"],
];

function Section(
  { title, section, children }: { title: string; section: string; children: ComponentChildren },
) {
  async function reset() {
    const error = await resetSettings(section);
    showToast(
      error
        ? { kind: "critical", title: "Not reset", body: error.message }
        : { kind: "success", title: `${title} reset`, body: "Back to the defaults." },
    );
  }
  return (
    <Card title={title} testId={`settings-${section}`}>
      <div class="settings-fields">{children}</div>
      <button type="button" class="link-button reset" onClick={reset}>
        Reset {title.toLowerCase()}
      </button>
    </Card>
  );
}

function SaveIndicator() {
  const { status, message } = useSettings();
  const text = {
    idle: "Changes save automatically",
    saving: "Saving…",
    saved: "All changes saved",
    invalid: message ?? "Not saved",
    failed: message ?? "Not saved",
  }[status];
  return (
    <p class={`save-status save-${status}`} role="status" data-testid="save-status">
      {text}
    </p>
  );
}

export function SettingsPage() {
  const state = useSettings();
  useEffect(() => {
    loadSettings();
  }, []);
  if (state.loadError) return <ErrorState error={state.loadError} onRetry={reloadSettings} />;
  if (!state.answer) {
    return (
      <div class="grid">
        <section class="card">
          <Skeleton lines={5} label="your settings" />
        </section>
      </div>
    );
  }
  return (
    <>
      <div class="page-head">
        <h1>Settings</h1>
        <SaveIndicator />
      </div>
      <div class="grid">
        <Section title="Display" section="display">
          <SelectField
            path="preferences.theme"
            label="Theme"
            options={[{ value: "light", label: "Light" }, { value: "dark", label: "Dark" }, {
              value: "system",
              label: "System",
            }]}
          />
          <SelectField
            path="preferences.tableDensity"
            label="Density"
            options={[{ value: "compact", label: "Compact" }, {
              value: "comfortable",
              label: "Comfortable",
            }, {
              value: "spacious",
              label: "Spacious",
            }]}
          />
          <SelectField
            path="preferences.rowsPerPage"
            label="Rows per page"
            numeric
            options={[10, 25, 50, 100].map((n) => ({ value: n, label: String(n) }))}
          />
          <ToggleField path="preferences.enableAnimations" label="Animations" />
        </Section>
        <Section title="Assistant" section="assistant">
          <SelectField
            path="assistant.default_kit"
            label="Open on"
            options={[{ value: "logistics", label: "Logistics" }, {
              value: "events",
              label: "Events",
            }, {
              value: "media",
              label: "Media",
            }]}
          />
          <KitOrderField />
          <ToggleField path="assistant.auto_suggestions_enabled" label="Suggest next actions" />
          <NumberField
            path="assistant.conversation_history_retention_days"
            label="Keep conversations (days)"
            min={1}
            max={3650}
          />
          <fieldset class="setting-group">
            <legend>Notify me when</legend>
            {NOTIFY_EVENTS.map(([event, label]) => (
              <ToggleField
                key={event}
                path={`assistant.notification_preferences.${event}`}
                label={label}
              />
            ))}
          </fieldset>
        </Section>
        <Section title="Quality thresholds" section="qualityThresholds">
          <NumberField
            path="preferences.qualityThresholds.autoApproval"
            label="Approve automatically from"
            min={0}
            max={10}
            step={0.5}
          />
          <NumberField
            path="preferences.qualityThresholds.flagging"
            label="Flag below"
            min={0}
            max={10}
            step={0.5}
          />
          <NumberField
            path="preferences.qualityThresholds.minimumAcceptable"
            label="Reject below"
            min={0}
            max={10}
            step={0.5}
            hint="Approve ≥ flag ≥ reject, each from 0 to 10."
          />
        </Section>
        <Section title="Notifications" section="notifications">
          <ToggleField path="preferences.notifications.toast" label="Toasts in the app" />
          <ToggleField path="preferences.notifications.inApp" label="In-app inbox" />
          <ToggleField path="preferences.notifications.email" label="E-mail" />
          <SelectField
            path="preferences.notifications.frequency"
            label="E-mail frequency"
            options={[{ value: "immediate", label: "Immediately" }, {
              value: "daily",
              label: "Daily digest",
            }, {
              value: "weekly",
              label: "Weekly digest",
            }]}
          />
        </Section>
        <Section title="Default filters" section="defaultFilters">
          <RangeField path="preferences.defaultFilters.qualityRange" label="Quality range" />
        </Section>
        <Section title="Export" section="exportPreferences">
          <SelectField
            path="preferences.exportPreferences.defaultFormat"
            label="Format"
            options={["json", "jsonl", "csv", "markdown"].map((f) => ({
              value: f,
              label: f.toUpperCase(),
            }))}
          />
          <ToggleField
            path="preferences.exportPreferences.includeMetadata"
            label="Include metadata"
          />
          <ToggleField
            path="preferences.exportPreferences.includeQualityScores"
            label="Include quality scores"
          />
          <ToggleField
            path="preferences.exportPreferences.autoCompression"
            label="Compress large exports"
          />
        </Section>
        <Section title="Keyboard shortcuts" section="keyboardShortcuts">
          <ToggleField path="preferences.keyboardShortcutsEnabled" label="Keyboard shortcuts" />
        </Section>
        <Section title="Brand keywords" section="brandKeywords">
          <ListField
            path="preferences.brandKeywords"
            label="Keywords"
            hint="Separated by commas; photos tagged with them score higher."
          />
        </Section>
        <AiConfigurationCard />
        <SettingsHistory />
      </div>
    </>
  );
}
