/**
 * The assistant: asked about readiness in the logistics kit, it streams an answer with the
 * figures, and its primary action changes the view; feedback is recorded; the exchange is in
 * the session's history after a reload.
 */
import assert from "node:assert/strict";
import {
  BROWSER_TEST,
  newContext,
  openPage,
  signUpThroughForm,
  unexpectedErrors,
  uniqueEmail,
  withBrowser,
  withSignedInClient,
} from "./_browser.ts";

const DAY = 86_400_000;

Deno.test(
  "ask the assistant about readiness and follow its primary action",
  BROWSER_TEST,
  async () => {
    await withBrowser(async (browser) => {
      const context = await newContext(browser);
      const { page, errors } = await openPage(context);
      const email = uniqueEmail("e2e-chat");
      await signUpThroughForm(page, email);
      await withSignedInClient(email, async (client) => {
        // A late hero piece for a shoot tomorrow, and one sample on set.
        const { error } = await client.from("samples").insert([
          {
            name: "Velvet gown",
            category: "dresses",
            is_hero: true,
            status: "requested",
            expected_at: new Date(Date.now() - 2 * DAY).toISOString(),
            shoot_date: new Date(Date.now() + DAY).toISOString().slice(0, 10),
          },
          { name: "Linen shirt", category: "tops", is_hero: false, status: "on_set" },
        ]);
        assert.equal(error, null);
        await page.getByTestId("sample-row").filter({ hasText: "Velvet gown" }).waitFor();

        const chat = page.getByTestId("chat");
        await chat.getByLabel("Ask the assistant").fill("How ready are we for the shoot?");
        await chat.getByRole("button", { name: "Send" }).click();
        const answer = chat.getByTestId("assistant-answer").last();
        // The figures: 1 of 2 samples ready is 50 %.
        await answer.filter({ hasText: "50%" }).waitFor();
        const primary = answer.locator(".button-primary");
        const target = await primary.textContent();
        assert.ok(target, "the answer has a primary action");
        await primary.click();
        await page.waitForURL((url) => url.pathname !== "/logistics" || url.search !== "");
        assert.notEqual(new URL(page.url()).pathname + new URL(page.url()).search, "/logistics");

        // Thumbs up is recorded and shown as pressed.
        await answer.getByRole("button", { name: "Helpful", exact: true }).click();
        await answer.getByRole("button", { name: "Helpful", exact: true }).and(
          page.locator('[aria-pressed="true"]'),
        ).waitFor();

        // The session's history comes back after a reload.
        await page.reload();
        await page.getByTestId("chat").getByText("How ready are we for the shoot?").waitFor();
        assert.deepEqual(unexpectedErrors(errors), []);
      });
    });
  },
);
