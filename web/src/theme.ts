/**
 * Theme `light | dark | system`, applied at once as `data-theme` on <html>; `system` follows
 * prefers-color-scheme live. Kept in localStorage so the first paint after a reload is right.
 */
export type ThemeChoice = "light" | "dark" | "system";

const KEY = "fashionos.theme";
const AT_KEY = "fashionos.theme.at";
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

/** When this device last chose (ms since the epoch; 0 if never): a saved setting newer than
 * that wins when the settings load, an older one does not undo a newer local choice. */
export function themeChosenAt(): number {
  return Number(localStorage.getItem(AT_KEY) ?? 0);
}

export function setTheme(next: ThemeChoice) {
  choice = next;
  localStorage.setItem(KEY, next);
  localStorage.setItem(AT_KEY, String(Date.now()));
  apply();
  for (const listener of listeners) listener(next);
}

export function onThemeChange(listener: (choice: ThemeChoice) => void): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}
