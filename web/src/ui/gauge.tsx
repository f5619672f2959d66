/** A semicircle gauge in SVG: the readiness percentage at a glance, with the number in text. */
export function Gauge({ percent, label }: { percent: number; label: string }) {
  const clamped = Math.max(0, Math.min(100, percent));
  const radius = 52;
  const length = Math.PI * radius;
  const tone = clamped >= 80 ? "good" : clamped >= 50 ? "fair" : "poor";
  return (
    <figure class="gauge" aria-label={`${label}: ${clamped}%`} role="img">
      <svg viewBox="0 0 120 68" aria-hidden="true">
        <path class="gauge-track" d="M8 62 A52 52 0 0 1 112 62" />
        <path
          class={`gauge-value gauge-${tone}`}
          d="M8 62 A52 52 0 0 1 112 62"
          stroke-dasharray={`${(clamped / 100) * length} ${length}`}
        />
      </svg>
      <figcaption>
        <span class="gauge-number">{Math.round(clamped)}%</span>
        <span class="gauge-label">{label}</span>
      </figcaption>
    </figure>
  );
}
