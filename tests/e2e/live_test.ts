/**
 * Live over realtime: a sample's status changed in a second page shows in the first page
 * without a reload, with a toast; rows added through supabase-js appear as well.
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

Deno.test(
  "a status changed in a second page updates the first page live, with a toast",
  BROWSER_TEST,
  async () => {
    await withBrowser(async (browser) => {
      const context = await newContext(browser);
      const first = await openPage(context);
      const email = uniqueEmail("e2e-live");
      await signUpThroughForm(first.page, email);
      await first.page.getByText("No samples yet").waitFor();
      await first.page.getByTestId("link-state").filter({ hasText: "Live" }).waitFor();

      // The same producer on another device adds two samples: the first page shows them live.
      await withSignedInClient(email, async (client) => {
        const { error } = await client.from("samples").insert([
          { name: "Silk slip dress", category: "dresses", is_hero: true, status: "in_transit" },
          { name: "Wool coat", category: "outerwear", is_hero: false, status: "requested" },
        ]);
        assert.equal(error, null);
        const firstRow = first.page.getByTestId("sample-row").filter({
          hasText: "Silk slip dress",
        });
        await firstRow.waitFor();

        // A second page (same session, as a second tab) changes the hero's status.
        const second = await openPage(context, "/logistics");
        const control = second.page.getByLabel("Status of Silk slip dress");
        await control.selectOption("on_set");

        await first.page.getByTestId("toast").filter({
          hasText: "Silk slip dress: in transit → on set",
        })
          .waitFor();
        const select = await firstRow.locator("select").elementHandle();
        await first.page.waitForFunction(
          (el) => (el as unknown as { value: string }).value === "on_set",
          select,
        );
        // The analysis refreshed too: one of two samples on set is 50 %.
        await first.page.getByTestId("readiness").getByText("50%").waitFor();
        // The page that made the change refreshes too, but gets no toast for its own change.
        await second.page.getByTestId("readiness").getByText("50%").waitFor();
        assert.equal(await second.page.getByTestId("toast").count(), 0);
        assert.deepEqual(unexpectedErrors([...first.errors, ...second.errors]), []);
      });
    });
  },
);

Deno.test(
  "offline, the header says so; back online, the page catches up",
  BROWSER_TEST,
  async () => {
    await withBrowser(async (browser) => {
      const context = await newContext(browser);
      const { page, errors } = await openPage(context);
      const email = uniqueEmail("e2e-offline");
      await signUpThroughForm(page, email);
      await withSignedInClient(email, async (client) => {
        // Joined before the change: a broadcast made before the join reaches nobody.
        await page.getByTestId("link-state").filter({ hasText: "Live" }).waitFor();
        const { error } = await client.from("samples").insert({
          name: "Cashmere wrap",
          category: "knitwear",
          is_hero: false,
          status: "requested",
        });
        assert.equal(error, null);
        const row = page.getByTestId("sample-row").filter({ hasText: "Cashmere wrap" });
        await row.waitFor();
        await page.getByTestId("link-state").filter({ hasText: "Live" }).waitFor();

        await context.setOffline(true);
        await page.getByTestId("link-state").filter({ hasText: "Reconnecting" }).waitFor();
        // Changed elsewhere while this page is offline.
        await client.from("samples").update({ status: "shot" }).eq("name", "Cashmere wrap");
        await context.setOffline(false);
        const select = await row.locator("select").elementHandle();
        await page.waitForFunction(
          (el) => (el as unknown as { value: string }).value === "shot",
          select,
        );
        await page.getByTestId("link-state").filter({ hasText: "Live" }).waitFor();
        assert.deepEqual(unexpectedErrors(errors), []);
      });
    });
  },
);
