/**
 * Theme `light | dark | system`, applied at once as `data-theme` on <html>; `system` follows
 * prefers-color-scheme live. Kept in localStorage so the first paint after a reload is right.
 */
export type ThemeChoice = "light" | "dark" | "system";

const KEY = "fashionos.theme";
const media = matchMedia("(prefers-color-scheme: dark)");
let choice: ThemeChoice = readStored();
const listeners = new Set<(choice: ThemeChoice) => void>();

function readStored(): ThemeChoice {
  const stored = localStorage.getItem(KEY);
  return stored === "light" || stored === "dark" ? stored : "system";
}

function apply() {
  const dark = choice === "dark" || (choice === "system" && media.matches);
  document.documentElement.dataset.theme = dark ? "dark" : "light";
}

media.addEventListener("change", apply);
apply();

export function themeChoice(): ThemeChoice {
  return choice;
}

export function setTheme(next: ThemeChoice) {
  choice = next;
  localStorage.setItem(KEY, next);
  apply();
  for (const listener of listeners) listener(next);
}

export function onThemeChange(listener: (choice: ThemeChoice) => void): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}
