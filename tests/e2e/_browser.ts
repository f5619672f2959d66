/**
 * What the browser tests share: headless Debian Chromium driven by playwright-core, pages that
 * record every console error and uncaught exception (a test fails on any), and the served web
 * client's URL from the test runner (WEB_URL).
 */
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

/** The password every browser test's user signs up with. */
export const PASSWORD = "correct-horse-battery";

export function webUrl(): string {
  const url = Deno.env.get("WEB_URL");
  if (!url) throw new Error("WEB_URL is not set: run the browser tests with `npm test`");
  return url;
}

function chromiumPath(): string {
  const found = new Deno.Command("sh", { args: ["-c", "command -v chromium"], stdout: "piped" })
    .outputSync();
  const path = new TextDecoder().decode(found.stdout).trim();
  if (!path) throw new Error("Chromium is missing: apt-get install -y chromium");
  return path;
}

export async function launchBrowser(): Promise<Browser> {
  return await chromium.launch({
    executablePath: chromiumPath(),
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Deno.test options for browser tests: the browser's sockets outlive a test's own ops. */
export const BROWSER_TEST = { sanitizeOps: false, sanitizeResources: false };

/** Runs `run` with a browser of its own, closed however `run` ends. */
export async function withBrowser(run: (browser: Browser) => Promise<void>): Promise<void> {
  const browser = await launchBrowser();
  try {
    await run(browser);
  } finally {
    await browser.close();
  }
}

export interface WatchedPage {
  page: Page;
  /** Console errors and page errors seen so far, in order. */
  errors: string[];
}

/** A page whose console errors are collected: `errors` must be empty at the end of a test. */
export async function openPage(
  context: BrowserContext,
  path = "/",
): Promise<WatchedPage> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`page: ${error.message}`));
  await page.goto(webUrl() + path);
  return { page, errors };
}

/**
 * The console errors a test must not see. A function whose issue has not landed yet answers 501
 * by design and the app shows a friendly state for it, but Chromium logs every non-2xx fetch:
 * those 501s alone are let through.
 */
export function unexpectedErrors(errors: readonly string[]): string[] {
  return errors.filter((e) => !/status of 501 \(Not Implemented\)/.test(e));
}

/** Waits are for conditions, never fixed sleeps; the bound is generous because the machine
 * running the suite may be busy. */
const WAIT_MS = 60_000;

export async function newContext(
  browser: Browser,
  width = 1280,
  height = 860,
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width, height } });
  context.setDefaultTimeout(WAIT_MS);
  return context;
}

/** Signs up through the form and waits for the shell. */
export async function signUpThroughForm(page: Page, email: string, password = PASSWORD) {
  await page.getByRole("button", { name: "Create an account" }).click();
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create your account" }).click();
  await page.getByRole("navigation", { name: "Kits" }).waitFor();
}

/** A new context and page on the app, with a new user signed up through the form. */
export async function signedUpPage(browser: Browser, email: string): Promise<WatchedPage> {
  const watched = await openPage(await newContext(browser));
  await signUpThroughForm(watched.page, email);
  return watched;
}

/**
 * Runs `run` with supabase-js signed in as `email`, a user the form signed up: the same producer
 * on another device. Signed out when `run` ends.
 */
export async function withSignedInClient(
  email: string,
  run: (client: SupabaseClient) => Promise<void>,
): Promise<void> {
  const client = createClient(Deno.env.get("SUPABASE_URL")!, Deno.env.get("SUPABASE_ANON_KEY")!, {
    auth: { persistSession: false, autoRefreshToken: false },
  });
  const { error } = await client.auth.signInWithPassword({ email, password: PASSWORD });
  if (error) throw error;
  try {
    await run(client);
  } finally {
    await client.auth.signOut().catch(() => {});
  }
}

export async function signInThroughForm(page: Page, email: string, password: string) {
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("navigation", { name: "Kits" }).waitFor();
}

export function uniqueEmail(label: string): string {
  return `${label}-${crypto.randomUUID().slice(0, 8)}@example.test`;
}

/** Screenshots go to .local/screenshots (gitignored): looked at by people, asserted by nobody. */
export const SCREENSHOT_DIR = new URL("../../.local/screenshots/", import.meta.url).pathname;

export async function screenshot(page: Page, name: string) {
  await Deno.mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOT_DIR}${name}.png`, fullPage: true });
}

/**
 * The little of the page's globals these tests read. Checks run as functions (the page's CSP
 * forbids evaluating strings), and the tests' own types do not describe the DOM.
 */
interface PageWindow {
  document: { querySelector(selector: string): { value?: string } | null; body: unknown };
  getComputedStyle(element: unknown): { backgroundColor: string; color: string };
}

/** Waits until the control matching `selector` holds `value`. */
export async function waitForInputValue(page: Page, selector: string, value: string) {
  await page.waitForFunction(
    ([s, v]) => (globalThis as unknown as PageWindow).document.querySelector(s)?.value === v,
    [selector, value],
  );
}

export interface Colours {
  background: string;
  text: string;
}

export function bodyColours(page: Page): Promise<Colours> {
  return page.evaluate(() => {
    const w = globalThis as unknown as PageWindow;
    const style = w.getComputedStyle(w.document.body);
    return { background: style.backgroundColor, text: style.color };
  });
}

/** Waits until the page's background is no longer `background`. */
export async function waitForBackgroundChange(page: Page, background: string) {
  await page.waitForFunction((bg) => {
    const w = globalThis as unknown as PageWindow;
    return w.getComputedStyle(w.document.body).backgroundColor !== bg;
  }, background);
}

interface ControlLike {
  tagName: string;
  id: string;
  type?: string;
  labels?: ArrayLike<unknown> | null;
  textContent: string | null;
  getAttribute(name: string): string | null;
}

/** Controls on the page with no accessible name (no label, aria-label(ledby) or text). */
export function unlabelledControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const w = globalThis as unknown as {
      document: { querySelectorAll(selector: string): ArrayLike<ControlLike> };
    };
    const controls = Array.from(
      w.document.querySelectorAll("input, select, textarea, button, a[href]"),
    );
    return controls
      .filter((c) => c.type !== "hidden")
      .filter((c) =>
        !(c.labels && c.labels.length > 0) && !c.getAttribute("aria-label") &&
        !c.getAttribute("aria-labelledby") && !(c.textContent ?? "").trim()
      )
      .map((c) => `${c.tagName.toLowerCase()}#${c.id}`);
  });
}

/** Waits until no loading skeleton is left on the page. */
export async function waitForLoaded(page: Page) {
  await page.waitForFunction(() =>
    (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document
      .querySelector(".skeleton") === null
  );
}

/** The focused element's name and outline, as a keyboard user sees it. */
export function focusedOutline(page: Page): Promise<{ text: string; outline: string }> {
  return page.evaluate(() => {
    const w = globalThis as unknown as {
      document: { activeElement: { textContent: string | null } | null };
      getComputedStyle(e: unknown): { outlineStyle: string; outlineWidth: string };
    };
    const element = w.document.activeElement;
    const style = w.getComputedStyle(element);
    return {
      text: (element?.textContent ?? "").trim(),
      outline: `${style.outlineStyle} ${style.outlineWidth}`,
    };
  });
}
