/** Dates and durations the way a producer reads them. */
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const dayFormat = new Intl.DateTimeFormat(undefined, {
  weekday: "short",
  day: "numeric",
  month: "short",
  hour: "2-digit",
  minute: "2-digit",
});

export const formatTime = (iso: string) => timeFormat.format(new Date(iso));
export const formatDay = (iso: string) => dayFormat.format(new Date(iso));

export function formatMinutes(minutes: number): string {
  const h = Math.floor(Math.abs(minutes) / 60);
  const m = Math.round(Math.abs(minutes) % 60);
  const text = h ? (m ? `${h} h ${m} min` : `${h} h`) : `${m} min`;
  return minutes < 0 ? `−${text}` : text;
}

/** "in 5 h", "in 2 days", "3 h ago". */
export function fromNow(iso: string, now = Date.now()): string {
  const hours = (new Date(iso).getTime() - now) / 3_600_000;
  const abs = Math.abs(hours);
  const text = abs < 1
    ? `${Math.round(abs * 60)} min`
    : abs < 48
    ? `${Math.round(abs)} h`
    : `${Math.round(abs / 24)} days`;
  return hours >= 0 ? `in ${text}` : `${text} ago`;
}
