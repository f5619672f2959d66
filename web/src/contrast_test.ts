/**
 * WCAG AA in both themes: every text colour of styles.css against each background it is used
 * on, computed from the theme variables (4.5:1 for text, as WCAG 2.x defines contrast).
 */
import assert from "node:assert/strict";

const css = await Deno.readTextFile(new URL("./styles.css", import.meta.url));

function themeVariables(selector: string): Record<string, string> {
  const start = css.indexOf(selector);
  const block = css.slice(css.indexOf("{", start) + 1, css.indexOf("}", start));
  return Object.fromEntries(
    [...block.matchAll(/--([a-z0-9-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1], m[2]]),
  );
}

type Rgb = [number, number, number];
const rgb = (hex: string): Rgb => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as Rgb;
/** `color-mix(in srgb, a p%, b)`, as the badges use. */
const mix = (a: Rgb, b: Rgb, p: number): Rgb => a.map((v, i) => v * p + b[i] * (1 - p)) as Rgb;

function luminance([r, g, b]: Rgb): number {
  const [lr, lg, lb] = [r, g, b].map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * lr + 0.7152 * lg + 0.0722 * lb;
}

export function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** [text, background] pairs as the stylesheet uses them. */
const PAIRS: [string, string][] = [
  ["text", "bg"],
  ["text", "surface"],
  ["text", "surface-2"],
  ["muted", "bg"],
  ["muted", "surface"],
  ["muted", "surface-2"],
  ["accent", "surface"],
  ["accent", "bg"],
  ["accent-text", "accent"],
  ["critical", "surface"],
  ["warning", "surface"],
  ["success", "surface"],
  ["info", "surface"],
  ["success", "bg"],
  ["critical", "bg"],
];

for (
  const [name, selector] of [["light", '[data-theme="light"]'], ["dark", '[data-theme="dark"]']]
) {
  Deno.test(`styles.css ${name} theme: every text colour passes WCAG AA on its backgrounds`, () => {
    const v = themeVariables(selector);
    for (const [text, background] of PAIRS) {
      assert.ok(v[text] && v[background], `--${text} and --${background} are defined`);
      const ratio = contrast(rgb(v[text]), rgb(v[background]));
      assert.ok(ratio >= 4.5, `--${text} on --${background}: ${ratio.toFixed(2)} < 4.5`);
    }
    // Badges: the severity colour on a 13% tint of itself.
    for (const severity of ["critical", "warning", "success", "info"]) {
      const background = mix(rgb(v[severity]), rgb(v.surface), 0.13);
      const ratio = contrast(rgb(v[severity]), background);
      assert.ok(ratio >= 4.5, `badge ${severity}: ${ratio.toFixed(2)} < 4.5`);
    }
  });
}

Deno.test("contrast() is 21 for black on white and 1 for a colour on itself", () => {
  assert.equal(Math.round(contrast([0, 0, 0], [255, 255, 255])), 21);
  assert.equal(contrast([90, 90, 90], [90, 90, 90]), 1);
});
