import { equal, ok } from "node:assert/strict";
import { sampleRequest, SampleRequestInputs } from "./sample_request.ts";

const request = SampleRequestInputs.parse({
  recipient: { name: "Maison Vale", type: "showroom" },
  senderName: "Ada",
  shootName: "Resort 26",
});
const late = [
  {
    name: "Silk gown",
    category: "dresses",
    daysLate: 3,
    daysToShoot: 1,
    isHero: true,
    reasonCodes: ["overdue" as const],
  },
  {
    name: "Raffia bag",
    category: "bags",
    daysLate: 0,
    daysToShoot: 2,
    isHero: false,
    reasonCodes: ["arrives_after_shoot" as const],
  },
];

Deno.test("SampleRequestInputs defaults the recipient to a designer", () => {
  equal(SampleRequestInputs.parse({ recipient: { name: "Ines" } }).recipient.type, "designer");
});

Deno.test("sampleRequest() is an e-mail listing each late sample with how late it is", () => {
  for (
    const text of sampleRequest({ request, late }, { tone: "professional", length: "medium" })
      .variants
  ) {
    ok(text.startsWith("Subject: "));
    ok(text.includes("Resort 26"));
    ok(text.includes("- Silk gown (dresses, hero piece): 3 days overdue, shoot in 1 days"), text);
    ok(text.includes("- Raffia bag (bags): expected after the shoot"), text);
    ok(text.includes("from your showroom"));
    ok(text.trimEnd().endsWith("Ada"));
  }
});
