'use client';

import { useHydrated } from './use-hydrated';

const local = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: 'numeric',
  minute: '2-digit',
  timeZoneName: 'short',
});

/** "2026-12-24 18:00 UTC": what the server renders, and what a browser without JavaScript keeps. */
export const utcText = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/**
 * A moment (ISO 8601 UTC) in the shopper's own time zone. The server renders it in UTC inside a `<time>`
 * element (machine-readable in `dateTime`); the browser puts its local time in once hydrated.
 */
export function LocalTime({ iso }: { iso: string }) {
  const hydrated = useHydrated();
  return (
    <time dateTime={iso} title={iso}>
      {hydrated ? local.format(new Date(iso)) : utcText(iso)}
    </time>
  );
}
