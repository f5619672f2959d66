/** The kinds of document compose writes, and how each form's fields become its inputs. */
export type KindName =
  | "product_description"
  | "shoot_brief"
  | "run_of_show"
  | "sample_request"
  | "kit_configuration";

export interface FieldSpec {
  name: string;
  label: string;
  type: "text" | "lines" | "select" | "event";
  required?: boolean;
  options?: { value: string; label: string }[];
  hint?: string;
}

export interface KindSpec {
  name: KindName;
  label: string;
  fields: FieldSpec[];
}

const ROLES = ["producer", "stylist", "photographer", "event_coordinator", "retoucher"];

export const KINDS: KindSpec[] = [
  {
    name: "product_description",
    label: "Product description",
    fields: [
      { name: "name", label: "Product name", type: "text", required: true },
      { name: "category", label: "Category", type: "text", required: true },
      { name: "features", label: "Features", type: "lines", required: true, hint: "One per line." },
      { name: "audience", label: "Audience", type: "text", required: true },
      { name: "brandVoice", label: "Brand voice", type: "text", required: true },
    ],
  },
  {
    name: "shoot_brief",
    label: "Shoot brief",
    fields: [
      { name: "title", label: "Title", type: "text" },
      { name: "looks", label: "Looks", type: "lines", required: true, hint: "One per line." },
      {
        name: "shotList",
        label: "Shot list",
        type: "lines",
        required: true,
        hint: "One per line.",
      },
      { name: "mood", label: "Mood", type: "text", required: true },
      { name: "location", label: "Location", type: "text", required: true },
      {
        name: "callTime",
        label: "Call time",
        type: "text",
        required: true,
        hint: "For example 07:30.",
      },
    ],
  },
  {
    name: "run_of_show",
    label: "Run of show",
    fields: [{ name: "eventId", label: "Event", type: "event", required: true }],
  },
  {
    name: "sample_request",
    label: "Sample request e-mail",
    fields: [
      { name: "recipientName", label: "To", type: "text", required: true },
      {
        name: "recipientType",
        label: "They are a",
        type: "select",
        options: [{ value: "designer", label: "Designer" }, {
          value: "showroom",
          label: "Showroom",
        }],
      },
      { name: "company", label: "Company", type: "text" },
      { name: "designer", label: "Only samples of designer", type: "text" },
      { name: "senderName", label: "From", type: "text" },
    ],
  },
  {
    name: "kit_configuration",
    label: "Kit configuration",
    fields: [
      {
        name: "role",
        label: "Team role",
        type: "select",
        required: true,
        options: ROLES.map((r) => ({ value: r, label: r.replace("_", " ") })),
      },
      {
        name: "primaryKit",
        label: "First kit",
        type: "select",
        options: [
          { value: "", label: "The role's usual order" },
          ...["logistics", "events", "media", "compose"].map((k) => ({ value: k, label: k })),
        ],
      },
    ],
  },
];

const lines = (text = "") => text.split("\n").map((s) => s.trim()).filter(Boolean);
const optional = (text = "") => text.trim() || undefined;

/** The form's values as the kind's `inputs`. */
export function inputsOf(kind: KindName, values: Record<string, string>): Record<string, unknown> {
  switch (kind) {
    case "product_description":
      return {
        name: values.name?.trim(),
        category: values.category?.trim(),
        features: lines(values.features),
        audience: values.audience?.trim(),
        brandVoice: values.brandVoice?.trim(),
      };
    case "shoot_brief":
      return {
        title: optional(values.title),
        looks: lines(values.looks),
        shotList: lines(values.shotList),
        mood: values.mood?.trim(),
        location: values.location?.trim(),
        callTime: values.callTime?.trim(),
      };
    case "run_of_show":
      return { eventId: values.eventId };
    case "sample_request":
      return {
        recipient: {
          name: values.recipientName?.trim(),
          type: values.recipientType || "designer",
          company: optional(values.company),
        },
        designer: optional(values.designer),
        senderName: optional(values.senderName),
      };
    case "kit_configuration":
      return { role: values.role || "producer", primaryKit: optional(values.primaryKit) };
  }
}
