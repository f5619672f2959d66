/**
 * Settings: a change is saved once per burst, persists after a reload and appears in a second
 * tab without one; an invalid value gets the server's message beside its field.
 */
import assert from "node:assert/strict";
import {
  BROWSER_TEST,
  newContext,
  openPage,
  signUpThroughForm,
  unexpectedErrors,
  uniqueEmail,
  waitForInputValue,
  withBrowser,
} from "./_browser.ts";

Deno.test(
  "a preference persists after a reload and appears in a second tab without one",
  BROWSER_TEST,
  async () => {
    await withBrowser(async (browser) => {
      const context = await newContext(browser);
      const first = await openPage(context);
      await signUpThroughForm(first.page, uniqueEmail("e2e-settings"));
      await first.page.getByRole("link", { name: "Settings" }).click();
      await first.page.getByLabel("Rows per page").waitFor();
      // The second tab is open on the settings before the change.
      const second = await openPage(context, "/settings");
      await second.page.getByLabel("Rows per page").waitFor();
      assert.equal(await second.page.getByLabel("Rows per page").inputValue(), "25");

      const patches: string[] = [];
      first.page.on("request", (request) => {
        if (request.method() === "PATCH" && request.url().includes("/functions/v1/preferences")) {
          patches.push(request.postData() ?? "");
        }
      });
      await first.page.getByLabel("Rows per page").selectOption("50");
      // A burst of keystrokes in another field: the same single write carries both.
      await first.page.getByLabel("Keep conversations (days)").fill("");
      await first.page.getByLabel("Keep conversations (days)").pressSequentially("365");
      await first.page.getByTestId("save-status").filter({ hasText: "All changes saved" })
        .waitFor();
      assert.equal(patches.length, 1, `one PATCH for the burst, got ${patches.length}`);
      assert.deepEqual(JSON.parse(patches[0]), {
        preferences: { rowsPerPage: 50 },
        assistant: { conversation_history_retention_days: 365 },
      });

      // The other tab shows it without a reload ...
      await waitForInputValue(second.page, "#field-preferences-rowsPerPage", "50");
      // ... and it is stored: a reload shows it too.
      await first.page.reload();
      await first.page.getByLabel("Rows per page").waitFor();
      assert.equal(await first.page.getByLabel("Rows per page").inputValue(), "50");
      assert.equal(await first.page.getByLabel("Keep conversations (days)").inputValue(), "365");

      // History lists the change; resetting the section puts the default back everywhere.
      await first.page.getByTestId("settings-history").getByText("preferences.rowsPerPage").first()
        .waitFor();
      await first.page.getByRole("button", { name: "Reset display" }).click();
      await waitForInputValue(second.page, "#field-preferences-rowsPerPage", "25");
      assert.deepEqual(unexpectedErrors([...first.errors, ...second.errors]), []);
    });
  },
);

Deno.test(
  "an invalid threshold shows the server's message beside the field and is not saved",
  BROWSER_TEST,
  async () => {
    await withBrowser(async (browser) => {
      const context = await newContext(browser);
      const { page } = await openPage(context);
      await signUpThroughForm(page, uniqueEmail("e2e-settings-422"));
      await page.goto(page.url().replace(/\/[^/]*$/, "/settings"));
      const flagging = page.getByLabel("Flag below");
      await flagging.fill("9.5");
      await page.getByTestId("save-status").filter({ hasText: "Fix the highlighted field" })
        .waitFor();
      assert.equal(await flagging.getAttribute("aria-invalid"), "true");
      const message = await page.locator("#field-preferences-qualityThresholds-flagging-error")
        .textContent();
      assert.ok(message && message.length > 0, "a message beside the field");
      // Fixing it saves.
      await flagging.fill("5");
      await page.getByTestId("save-status").filter({ hasText: "All changes saved" }).waitFor();
      assert.equal(await flagging.getAttribute("aria-invalid"), null);
      // The 422 is the error under test here, so the console is not checked.
    });
  },
);
