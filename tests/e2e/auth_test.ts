/** Sign up, sign in with auth errors in words, a session that survives a reload, sign out. */
import assert from "node:assert/strict";
import {
  BROWSER_TEST,
  newContext,
  openPage,
  PASSWORD,
  signUpThroughForm,
  unexpectedErrors,
  uniqueEmail,
  withBrowser,
} from "./_browser.ts";

Deno.test(
  "sign up opens the assistant shell, which a reload keeps and sign out leaves",
  BROWSER_TEST,
  async () => {
    await withBrowser(async (browser) => {
      const context = await newContext(browser);
      const { page, errors } = await openPage(context);
      const email = uniqueEmail("e2e-signup");
      await signUpThroughForm(page, email);
      // A new user has no preferences row: the shell opens on the first kit of the default order.
      await page.waitForURL(/\/logistics$/);
      await page.getByText("No samples yet").waitFor();

      await page.reload();
      await page.getByRole("navigation", { name: "Kits" }).waitFor();
      assert.equal(
        await page.getByRole("link", { name: "Logistics" }).getAttribute("aria-current"),
        "page",
      );

      await page.getByRole("button", { name: "Sign out" }).click();
      await page.getByRole("heading", { name: "Sign in" }).waitFor();
      await page.reload();
      await page.getByRole("heading", { name: "Sign in" }).waitFor();
      assert.deepEqual(unexpectedErrors(errors), []);
    });
  },
);

Deno.test(
  "auth errors are shown in words: wrong password, existing account, short password",
  BROWSER_TEST,
  async () => {
    await withBrowser(async (browser) => {
      const context = await newContext(browser);
      const { page } = await openPage(context);
      const email = uniqueEmail("e2e-errors");
      await signUpThroughForm(page, email);
      await page.getByRole("button", { name: "Sign out" }).click();

      await page.getByLabel("E-mail").fill(email);
      await page.getByLabel("Password").fill("not-the-password");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("alert").filter({ hasText: "do not match an account" }).waitFor();

      await page.getByRole("button", { name: "Create an account" }).click();
      await page.getByLabel("E-mail").fill(email);
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Create your account" }).click();
      await page.getByRole("alert").filter({ hasText: "already exists" }).waitFor();
      // 400 and 422 auth answers are the errors under test here, so the console is not checked.
    });
  },
);
