/** Words and sentences of a composed text, as quality.ts and keywords.ts count them. @module */

/** Lower-case words (letters, digits, inner apostrophes and hyphens). */
export function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? [];
}

/** Sentences: split after `.`, `!`, `?` or a line break; headings and list items count as one. */
export function sentencesOf(text: string): string[] {
  return text.split(/(?<=[.!?])\s+|\n+/).map((s) => s.trim()).filter((s) => wordsOf(s).length > 0);
}

/** A crude stem, so "dresses" covers "dress" and "tailored" covers "tailoring". */
export function stem(word: string): string {
  let w = word;
  if (/ies$/.test(w)) w = w.slice(0, -3) + "y";
  else if (/(?:ss|x|z|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (/[^s]s$/.test(w)) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith("ing")) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith("ed")) w = w.slice(0, -2);
  return w;
}

/** Words that say nothing about the subject. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  ("a about above after again all also am an and any are as at be because been before being " +
    "below between both but by can could did do does doing down during each every few for from " +
    "further had has have having he her here hers him his how i if in into is it its itself just " +
    "let me more most my no nor not now of off on once only or other our ours out over own per " +
    "same she should so some such than that the their theirs them then there these they this " +
    "those through to too under until up very was we were what when where which while who whom " +
    "why will with within without would you your yours one two three get got may might must us " +
    "via please thanks hi dear").split(" "),
);
