/** The admin page: refused to a non-admin without asking the server, shown to an admin with
 * metrics, database health and a working maintenance button. */
import assert from "node:assert/strict";
import postgres from "postgres";
import {
  BROWSER_TEST,
  launchBrowser,
  newContext,
  openPage,
  PASSWORD,
  screenshot,
  signedUpPage,
  signInThroughForm,
  signUpThroughForm,
  unexpectedErrors,
  uniqueEmail,
  webUrl,
  withBrowser,
} from "./_browser.ts";

Deno.test("a non-admin cannot open the admin page", BROWSER_TEST, async () => {
  await withBrowser(async (browser) => {
    const { page, errors } = await signedUpPage(browser, uniqueEmail("e2e-not-admin"));
    assert.equal(await page.getByRole("link", { name: "Admin" }).count(), 0);
    const adminRequests: string[] = [];
    page.on("request", (r) => {
      if (r.url().includes("/preferences/admin")) adminRequests.push(r.url());
    });
    await page.goto(webUrl() + "/admin");
    await page.getByTestId("admin-refused").getByText("Administrators only", { exact: true })
      .waitFor();
    assert.equal(await page.getByTestId("admin-database").count(), 0);
    assert.deepEqual(adminRequests, []);
    assert.deepEqual(unexpectedErrors(errors), []);
  });
});

Deno.test(
  "an admin sees metrics and database health, and runs maintenance",
  BROWSER_TEST,
  async () => {
    const sql = postgres(Deno.env.get("SUPABASE_DB_URL")!, { max: 1, onnotice: () => {} });
    const browser = await launchBrowser();
    try {
      for (const [width, height] of [[1280, 860], [375, 812]]) {
        const context = await newContext(browser, width, height);
        const { page, errors } = await openPage(context);
        const email = uniqueEmail("e2e-admin");
        await signUpThroughForm(page, email);
        // The claim is written by the service role only; a new sign-in puts it in the token.
        await sql`update auth.users set raw_app_meta_data = raw_app_meta_data || '{"role": "admin"}'
                where email = ${email}`;
        await page.getByRole("button", { name: "Sign out" }).click();
        await signInThroughForm(page, email, PASSWORD);
        await page.getByRole("link", { name: "Admin" }).click();
        await page.getByTestId("admin-usage").waitFor();
        await page.getByTestId("admin-tables").getByRole("row", { name: /samples/ }).first()
          .waitFor();
        await screenshot(page, `admin-${width}`);
        if (width === 1280) {
          await page.getByRole("button", { name: "ANALYZE samples", exact: true }).click();
          const toast = page.getByTestId("toast").first();
          await toast.waitFor();
          assert.match((await toast.textContent()) ?? "", /ANALYZE done/);
        }
        assert.deepEqual(unexpectedErrors(errors), []);
        await context.close();
      }
    } finally {
      await browser.close();
      await sql.end();
    }
  },
);
