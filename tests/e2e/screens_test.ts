/**
 * Every main screen at desktop (1280 px) and phone (375 px) width, signed in as the seed's demo
 * producer: no console errors, no error state, every control labelled, and a screenshot of each
 * into .local/screenshots for a person to look at.
 */
import assert from "node:assert/strict";
import {
  BROWSER_TEST,
  newContext,
  openPage,
  screenshot,
  signInThroughForm,
  unexpectedErrors,
  unlabelledControls,
  waitForLoaded,
  withBrowser,
} from "./_browser.ts";

const DEMO = { email: "demo@fashionos.local", password: "demo-password-123" };

/** Each screen, the link that opens it, and what it shows once its data has arrived. */
const SCREENS = [
  { path: "/logistics", link: "Logistics", ready: "readiness" },
  { path: "/events", link: "Events", ready: "critical-path" },
  { path: "/media", link: "Media", ready: "quality" },
  { path: "/compose", link: "Compose", ready: "compose-form" },
  { path: "/compose/gallery", link: "Gallery", ready: "gallery" },
  { path: "/compose/saved", link: "Saved", ready: "saved" },
  { path: "/settings", link: "Settings", ready: "settings-display" },
];

for (const [width, height] of [[1280, 860], [375, 812]]) {
  Deno.test(
    `every main screen at ${width} px: no console errors, no error states`,
    BROWSER_TEST,
    async () => {
      await withBrowser(async (browser) => {
        const context = await newContext(browser, width, height);
        const { page, errors } = await openPage(context);
        await page.getByRole("heading", { name: "Sign in" }).waitFor();
        await screenshot(page, `sign-in-${width}`);
        await signInThroughForm(page, DEMO.email, DEMO.password);
        for (const screen of SCREENS) {
          // Through the app's own links, as a person moves around (and within the demo user's
          // request budget: a page load costs more requests than a switch).
          await page.getByRole("link", { name: screen.link, exact: true }).click();
          await page.waitForURL((url) => url.pathname === screen.path);
          await page.getByTestId(screen.ready).waitFor().catch(async (error) => {
            await screenshot(page, `failed-${screen.path.slice(1)}-${width}`);
            throw error;
          });
          await waitForLoaded(page);
          assert.equal(
            await page.locator(".state-error").count(),
            0,
            `error state on ${screen.path}`,
          );
          assert.deepEqual(
            await unlabelledControls(page),
            [],
            `unlabelled controls on ${screen.path}`,
          );
          await screenshot(page, `${screen.path.slice(1).replaceAll("/", "-")}-${width}`);
        }
        // The assistant answering a suggested question (a panel opened from the top bar on phones).
        await page.getByRole("link", { name: "Logistics", exact: true }).click();
        await page.getByTestId("readiness").waitFor();
        if (width < 1000) await page.getByRole("button", { name: "Assistant" }).click();
        const chat = page.getByTestId("chat");
        await chat.getByRole("button", { name: "What is blocking us?" }).click();
        await chat.getByTestId("assistant-answer").locator(".chat-actions").waitFor();
        await screenshot(page, `assistant-${width}`);

        // One screen in the dark theme, to look at its contrast.
        await page.getByRole("group", { name: "Theme" }).getByText("Dark").click();
        await page.getByTestId("readiness").waitFor();
        await screenshot(page, `logistics-dark-${width}`);
        assert.deepEqual(unexpectedErrors(errors), []);
      });
    },
  );
}
