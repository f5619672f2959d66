/** The theme control changes the page's colours at once; `system` follows the OS live. */
import assert from "node:assert/strict";
import {
  bodyColours,
  BROWSER_TEST,
  newContext,
  openPage,
  signUpThroughForm,
  unexpectedErrors,
  uniqueEmail,
  waitForBackgroundChange,
  withBrowser,
} from "./_browser.ts";

Deno.test(
  "the theme toggle changes the page's colours, and system follows the OS",
  BROWSER_TEST,
  async () => {
    await withBrowser(async (browser) => {
      const context = await newContext(browser);
      const { page, errors } = await openPage(context);
      await page.emulateMedia({ colorScheme: "light" });
      await signUpThroughForm(page, uniqueEmail("e2e-theme"));
      const colours = () => bodyColours(page);

      const system = await colours();
      await page.getByRole("group", { name: "Theme" }).getByText("Dark").click();
      const dark = await colours();
      assert.notEqual(dark.background, system.background);
      assert.notEqual(dark.text, system.text);

      await page.getByRole("group", { name: "Theme" }).getByText("Light").click();
      assert.deepEqual(await colours(), system);

      // The choice survives a reload (first paint included) ...
      await page.getByRole("group", { name: "Theme" }).getByText("Dark").click();
      await page.reload();
      await page.getByRole("navigation", { name: "Kits" }).waitFor();
      assert.deepEqual(await colours(), dark);

      // ... and `system` follows prefers-color-scheme as it changes.
      await page.getByRole("group", { name: "Theme" }).getByText("System").click();
      assert.deepEqual(await colours(), system);
      await page.emulateMedia({ colorScheme: "dark" });
      await waitForBackgroundChange(page, system.background);
      assert.deepEqual(await colours(), dark);
      assert.deepEqual(unexpectedErrors(errors), []);
    });
  },
);
