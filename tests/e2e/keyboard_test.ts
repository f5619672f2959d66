/** Keyboard use: a skip link first, then the kits, each with a visible focus ring, and a kit
 * opened with Enter. */
import assert from "node:assert/strict";
import {
  BROWSER_TEST,
  focusedOutline,
  signedUpPage,
  unexpectedErrors,
  uniqueEmail,
  withBrowser,
} from "./_browser.ts";

Deno.test(
  "the keyboard reaches the skip link and the kits with a visible focus ring",
  BROWSER_TEST,
  async () => {
    await withBrowser(async (browser) => {
      const { page, errors } = await signedUpPage(browser, uniqueEmail("e2e-keyboard"));
      await page.reload();
      await page.getByRole("navigation", { name: "Kits" }).waitFor();

      await page.keyboard.press("Tab");
      let focused = await focusedOutline(page);
      assert.equal(focused.text, "Skip to content");
      assert.doesNotMatch(focused.outline, /^none|0px$/, `a visible ring, got ${focused.outline}`);

      await page.keyboard.press("Tab");
      await page.keyboard.press("Tab");
      focused = await focusedOutline(page);
      assert.equal(focused.text, "Events");
      assert.doesNotMatch(focused.outline, /^none|0px$/, `a visible ring, got ${focused.outline}`);
      await page.keyboard.press("Enter");
      await page.waitForURL((url) => url.pathname === "/events");
      await page.getByText("No events yet").waitFor();
      assert.deepEqual(unexpectedErrors(errors), []);
    });
  },
);
