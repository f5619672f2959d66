/** Opens per day as SVG bars, with the figures in a table for screen readers. */
export function DailyChart({ days }: { days: { day: string; opens: number; users: number }[] }) {
  const most = Math.max(1, ...days.map((d) => d.opens));
  const width = 600;
  const height = 160;
  const bar = width / days.length;
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${width} ${height + 20}`} role="img" aria-label="Assistant opens per day">
        {days.map((d, i) => {
          const h = (d.opens / most) * height;
          return (
            <g key={d.day}>
              <rect
                x={i * bar + bar * 0.15}
                y={height - h}
                width={bar * 0.7}
                height={h}
                rx="3"
                class="chart-bar"
              />
              {days.length <= 14 && (
                <text
                  x={i * bar + bar / 2}
                  y={height + 15}
                  text-anchor="middle"
                  class="chart-label"
                >
                  {d.day.slice(5)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <table class="visually-hidden">
        <caption>Assistant opens per day</caption>
        <tbody>
          {days.map((d) => (
            <tr key={d.day}>
              <th scope="row">{d.day}</th>
              <td>{d.opens} opens by {d.users} users</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
