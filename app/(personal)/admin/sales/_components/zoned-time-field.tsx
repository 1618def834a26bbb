'use client';

import { useState } from 'react';
import { FormField } from '@/app/_components/form-field';
import { useHydrated } from '@/app/_components/use-hydrated';

/**
 * A "Starts at" / "Ends at" picker. The admin picks a time in the browser's own zone; the browser sends
 * it as UTC in a hidden field (`name`). Without JavaScript the hidden field stays empty and the server
 * reads the picker (`<name>Local`) as UTC, which is what the form then says (ZoneNote).
 */
export function ZonedTimeField({
  label,
  name,
  initial,
  error,
}: {
  label: string;
  name: string;
  initial: string;
  error?: string;
}) {
  const hydrated = useHydrated();
  const [local, setLocal] = useState(initial);
  const parsed = local ? new Date(local) : null;
  const utc = hydrated && parsed && !Number.isNaN(parsed.getTime()) ? parsed.toISOString() : '';
  return (
    <>
      <FormField
        label={label}
        name={`${name}Local`}
        type="datetime-local"
        step={1}
        required
        value={local}
        onChange={(event) => setLocal(event.target.value)}
        error={error}
      />
      <input type="hidden" name={name} value={utc} />
    </>
  );
}

/** Which zone the pickers are in: the browser's once JavaScript runs, UTC before (and without it). */
export function ZoneNote() {
  const hydrated = useHydrated();
  const zone = hydrated ? Intl.DateTimeFormat().resolvedOptions().timeZone : null;
  return (
    <p className="text-sm text-zinc-600" data-testid="sale-time-zone">
      {zone
        ? `Times are in your time zone (${zone}); they are sent as UTC.`
        : 'Times are in UTC (Coordinated Universal Time).'}
    </p>
  );
}
