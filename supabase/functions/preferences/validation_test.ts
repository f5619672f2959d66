import assert from "node:assert/strict";
import { applyPreferencesPatch, type Settings } from "./validation.ts";

const current: Settings = {
  preferences: {
    theme: "system",
    rowsPerPage: 25,
    defaultFilters: { tier: null, status: null, qualityRange: [0, 10] },
    qualityThresholds: { autoApproval: 8, flagging: 6, minimumAcceptable: 4 },
    notifications: { toast: true, email: false, inApp: true, frequency: "immediate" },
  },
  assistant: {
    default_kit: null,
    auto_suggestions_enabled: true,
    notification_preferences: { sample_added: true, task_assigned: true },
    kit_order: ["logistics", "events", "media"],
    favorite_actions: [],
    conversation_history_retention_days: 90,
  },
};

/** Each refused body and exactly the fields it fails on. */
const refused: Array<[string, unknown, string[]]> = [
  ["rows per page outside 10/25/50/100", { preferences: { rowsPerPage: 30 } }, [
    "preferences.rowsPerPage",
  ]],
  ["an unknown theme", { preferences: { theme: "neon" } }, ["preferences.theme"]],
  ["an unknown density", { preferences: { tableDensity: "dense" } }, [
    "preferences.tableDensity",
  ]],
  ["a threshold over 10", { preferences: { qualityThresholds: { autoApproval: 11 } } }, [
    "preferences.qualityThresholds.autoApproval",
  ]],
  ["a threshold below 0", { preferences: { qualityThresholds: { minimumAcceptable: -1 } } }, [
    "preferences.qualityThresholds.minimumAcceptable",
  ]],
  ["flagging above the stored autoApproval", {
    preferences: { qualityThresholds: { flagging: 9 } },
  }, [
    "preferences.qualityThresholds.flagging",
  ]],
  ["autoApproval below the stored flagging", {
    preferences: { qualityThresholds: { autoApproval: 5 } },
  }, [
    "preferences.qualityThresholds.autoApproval",
  ]],
  ["minimumAcceptable above flagging", {
    preferences: { qualityThresholds: { minimumAcceptable: 7 } },
  }, [
    "preferences.qualityThresholds.minimumAcceptable",
  ]],
  ["a reversed quality range", { preferences: { defaultFilters: { qualityRange: [8, 2] } } }, [
    "preferences.defaultFilters.qualityRange",
  ]],
  ["a quality range outside 0-10", { preferences: { defaultFilters: { qualityRange: [0, 12] } } }, [
    "preferences.defaultFilters.qualityRange.1",
  ]],
  ["retention over 3650 days", { assistant: { conversation_history_retention_days: 4000 } }, [
    "assistant.conversation_history_retention_days",
  ]],
  ["retention of 0 days", { assistant: { conversation_history_retention_days: 0 } }, [
    "assistant.conversation_history_retention_days",
  ]],
  ["retention in fractions", { assistant: { conversation_history_retention_days: 1.5 } }, [
    "assistant.conversation_history_retention_days",
  ]],
  ["an unknown kit", { assistant: { default_kit: "finance" } }, ["assistant.default_kit"]],
  ["an unknown kit in the order", { assistant: { kit_order: ["logistics", "finance"] } }, [
    "assistant.kit_order.1",
  ]],
  ["a kit twice in the order", { assistant: { kit_order: ["media", "media"] } }, [
    "assistant.kit_order",
  ]],
  ["an unknown notification", { assistant: { notification_preferences: { spam: true } } }, [
    "assistant.notification_preferences.spam",
  ]],
  ["an unknown setting", { preferences: { fontSize: 3 } }, ["preferences.fontSize"]],
  ["an unknown part", { settings: {} }, ["settings"]],
  ["a body that is not an object", [1], ["(body)"]],
  ["a string where a flag goes", { preferences: { enableAnimations: "yes" } }, [
    "preferences.enableAnimations",
  ]],
  ["an unknown export format", { preferences: { exportPreferences: { defaultFormat: "xml" } } }, [
    "preferences.exportPreferences.defaultFormat",
  ]],
  ["too many brand keywords", { preferences: { brandKeywords: Array(51).fill("x") } }, [
    "preferences.brandKeywords",
  ]],
  ["several at once", {
    preferences: {
      rowsPerPage: 7,
      theme: "neon",
      qualityThresholds: { autoApproval: 3, flagging: 5, minimumAcceptable: 12 },
    },
    assistant: { conversation_history_retention_days: 0, kit_order: ["x"] },
  }, [
    "assistant.conversation_history_retention_days",
    "assistant.kit_order.0",
    "preferences.qualityThresholds.autoApproval",
    "preferences.qualityThresholds.minimumAcceptable",
    "preferences.rowsPerPage",
    "preferences.theme",
  ]],
  // found by the fuzzer: a plain object's inherited names are fields like any other
  [
    "keys named like Object's own",
    JSON.parse(
      '{"constructor": false, "__proto__": 1, "preferences": {"toString": "x"}}',
    ),
    ["__proto__", "constructor", "preferences.toString"],
  ],
];

for (const [name, body, fields] of refused) {
  Deno.test(`applyPreferencesPatch() refuses ${name}`, () => {
    const result = applyPreferencesPatch(current, body);
    assert.equal(result.ok, false);
    if (!result.ok) assert.deepEqual(Object.keys(result.errors).sort(), fields);
  });
}

const accepted: Array<[string, unknown]> = [
  ["an empty patch", {}],
  ["every rows-per-page value", { preferences: { rowsPerPage: 100 } }],
  ["equal thresholds", {
    preferences: { qualityThresholds: { autoApproval: 5, flagging: 5, minimumAcceptable: 5 } },
  }],
  ["thresholds moved together", {
    preferences: { qualityThresholds: { autoApproval: 3, flagging: 2, minimumAcceptable: 1 } },
  }],
  ["a cleared filter", { preferences: { defaultFilters: { tier: null, status: ["approved"] } } }],
  ["retention at both ends", { assistant: { conversation_history_retention_days: 3650 } }],
  ["no default kit", { assistant: { default_kit: null, kit_order: ["compose", "media"] } }],
  ["custom key bindings", {
    preferences: { keyboardShortcuts: { customBindings: { approve: "A" } } },
  }],
];

for (const [name, body] of accepted) {
  Deno.test(`applyPreferencesPatch() accepts ${name}`, () => {
    const result = applyPreferencesPatch(current, body);
    assert.ok(result.ok, JSON.stringify(!result.ok && result.errors));
  });
}

Deno.test("applyPreferencesPatch() merges deeply and leaves the rest as stored", () => {
  const result = applyPreferencesPatch(current, {
    preferences: { notifications: { email: true }, qualityThresholds: { flagging: 5 } },
    assistant: { notification_preferences: { sample_added: false }, default_kit: "media" },
  });
  assert.ok(result.ok);
  if (!result.ok) return;
  assert.deepEqual(result.next.preferences.notifications, {
    toast: true,
    email: true,
    inApp: true,
    frequency: "immediate",
  });
  assert.deepEqual(result.next.preferences.qualityThresholds, {
    autoApproval: 8,
    flagging: 5,
    minimumAcceptable: 4,
  });
  assert.equal(result.next.preferences.theme, "system");
  assert.deepEqual(result.next.assistant.notification_preferences, {
    sample_added: false,
    task_assigned: true,
  });
  assert.equal(result.next.assistant.default_kit, "media");
  assert.equal(result.next.assistant.conversation_history_retention_days, 90);
  assert.equal(current.preferences.theme, "system", "the current settings are not changed");
});
