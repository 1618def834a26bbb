/** The time axis under the operator's hour-long charts: where the hour starts and where it ends. */
export function HourAxis({ left, right, y }: { left: number; right: number; y: number }) {
  return (
    <>
      <text x={left} y={y} fontSize="11" fill="#71717a">
        60 min ago
      </text>
      <text x={right} y={y} textAnchor="end" fontSize="11" fill="#71717a">
        now
      </text>
    </>
  );
}
