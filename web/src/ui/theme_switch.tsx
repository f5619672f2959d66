/** Light / dark / system as a labelled radio group: one click applies it. */
import { useEffect, useState } from "preact/hooks";
import { onThemeChange, setTheme, type ThemeChoice, themeChoice } from "../theme.ts";

const CHOICES: { value: ThemeChoice; label: string }[] = [
  { value: "light", label: "Light" },
  { value: "dark", label: "Dark" },
  { value: "system", label: "System" },
];

/** `onChoose`: also keep the choice elsewhere (the signed-in user's settings). */
export function ThemeSwitch({ onChoose }: { onChoose?: (choice: ThemeChoice) => void }) {
  const [choice, setChoice] = useState(themeChoice);
  useEffect(() => onThemeChange(setChoice), []);
  return (
    <fieldset class="segmented" aria-label="Theme">
      <legend class="visually-hidden">Theme</legend>
      {CHOICES.map((c) => (
        <label key={c.value} class={choice === c.value ? "segment selected" : "segment"}>
          <input
            type="radio"
            name="theme"
            value={c.value}
            checked={choice === c.value}
            onChange={() => {
              setTheme(c.value);
              onChoose?.(c.value);
            }}
          />
          {c.label}
        </label>
      ))}
    </fieldset>
  );
}
