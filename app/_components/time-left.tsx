'use client';

import { useEffect, useState } from 'react';

/** "2 d 03:04:05" / "03:04:05" to a moment, from the browser's clock; "now" once it has passed. */
function format(ms: number): string {
  if (ms <= 0) return 'now';
  const seconds = Math.ceil(ms / 1000);
  const days = Math.floor(seconds / 86_400);
  const clock = [Math.floor(seconds / 3600) % 24, Math.floor(seconds / 60) % 60, seconds % 60]
    .map((part) => String(part).padStart(2, '0'))
    .join(':');
  return days > 0 ? `${days} d ${clock}` : clock;
}

/**
 * The time left to `iso`, ticking every second in the browser (the /sales list's countdowns). Nothing is
 * shown before hydration: the page's `<time>` elements already say when.
 */
export function TimeLeft({ iso, label }: { iso: string; label: string }) {
  const now = useClock();
  if (now === null) return null;
  return (
    <span className="ml-2 font-mono text-sm tabular-nums text-zinc-800">
      ({label} {format(Date.parse(iso) - now)})
    </span>
  );
}

/** The browser's clock, ticking every second once hydrated; null while the server's HTML is what shows. */
export function useClock(): number | null {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    const tick = () => setNow(Date.now());
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, 1000);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, []);
  return now;
}
