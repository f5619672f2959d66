/** Compose a product description, see its score and keywords, save it to the gallery, find it
 * there and like it. */
import assert from "node:assert/strict";
import {
  BROWSER_TEST,
  signedUpPage,
  unexpectedErrors,
  uniqueEmail,
  withBrowser,
} from "./_browser.ts";

Deno.test(
  "compose a product description, save it, find it in the gallery and like it",
  BROWSER_TEST,
  async () => {
    await withBrowser(async (browser) => {
      const { page, errors } = await signedUpPage(browser, uniqueEmail("e2e-compose"));
      await page.getByRole("link", { name: "Compose", exact: true }).click();
      const form = page.getByTestId("compose-form");
      await form.getByLabel("Kind").selectOption("product_description");
      await form.getByLabel("Product name").fill("Moonlit silk slip dress");
      await form.getByLabel("Category").fill("dresses");
      await form.getByLabel("Features").fill("bias-cut silk\nadjustable straps\nhand-rolled hem");
      await form.getByLabel("Audience").fill("evening wear buyers");
      await form.getByLabel("Brand voice").fill("quiet luxury");
      await form.getByRole("button", { name: "Compose" }).click();

      const result = page.getByTestId("compose-result");
      await result.getByTestId("quality-score").waitFor();
      const score = Number(
        (await result.getByTestId("quality-score").textContent())?.match(/\d+/)?.[0],
      );
      assert.ok(score > 0 && score <= 100, `a quality score, got ${score}`);
      assert.ok(await result.getByRole("list", { name: "Keywords" }).locator("li").count() > 0);
      assert.match(
        (await result.getByTestId("composed-text").textContent()) ?? "",
        /Moonlit silk slip dress/,
      );
      await result.getByRole("button", { name: "Alternative 1" }).click();
      assert.equal(
        await result.getByRole("button", { name: "Alternative 1" }).getAttribute("aria-pressed"),
        "true",
      );

      const name = `Moonlit slip ${crypto.randomUUID().slice(0, 6)}`;
      await result.getByLabel("Name").fill(name);
      await result.getByLabel("Tags").fill("dresses, evening");
      await result.getByLabel("Share in the gallery").check();
      await result.getByRole("button", { name: "Save" }).click();
      await page.getByTestId("toast").filter({ hasText: "is in the public gallery" }).waitFor();

      await page.getByRole("link", { name: "Gallery" }).click();
      await page.getByTestId("gallery").getByLabel("Search").fill(name);
      const item = page.getByTestId("gallery-item").filter({ hasText: name });
      await item.waitFor();
      await item.getByRole("button", { name: /^Like/ }).click();
      await item.getByRole("button", { name: /\(1 likes\)/ }).waitFor();
      // And it is among the producer's own saved texts.
      await page.getByRole("link", { name: "Saved", exact: true }).click();
      await page.getByTestId("saved-item").filter({ hasText: name }).waitFor();
      assert.deepEqual(unexpectedErrors(errors), []);
    });
  },
);
