import { deepEqual } from "node:assert/strict";
import { inputsOf } from "./kinds.ts";

Deno.test("inputsOf() turns lines into lists and leaves blank optional fields out", () => {
  deepEqual(
    inputsOf("product_description", {
      name: " Silk dress ",
      category: "dresses",
      features: "Bias cut\n\n 100% silk \n",
      audience: "evening",
      brandVoice: "quiet luxury",
    }),
    {
      name: "Silk dress",
      category: "dresses",
      features: ["Bias cut", "100% silk"],
      audience: "evening",
      brandVoice: "quiet luxury",
    },
  );
  deepEqual(inputsOf("sample_request", { recipientName: "Ana", company: " " }), {
    recipient: { name: "Ana", type: "designer", company: undefined },
    designer: undefined,
    senderName: undefined,
  });
});
