'use client';

import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { liveStatus, saleStream, type LiveSaleStatus, type SaleSnapshot } from '@/lib/client/sale-stream';
import type { PageSale } from '@/lib/pages/sale-data';

export type { PageSale };

const NO_SNAPSHOT: SaleSnapshot = { sale: null, offsetMs: 0 };
const noSubscription = () => () => {};

export interface LiveSale {
  /** False on the server and before hydration: show what the cached page says, nothing live. */
  mounted: boolean;
  status: LiveSaleStatus;
  unitsLeft: number | null;
  /** Until the start on the server's clock (ms); 0 once started. */
  untilStartMs: number;
}

/**
 * The product's sale as this page sees it now: the stream's last state and the server's clock, ticking
 * four times a second so the countdown changes on the second and the page turns live at the start.
 */
export function useLiveSale(productId: number, sale: PageSale | null): LiveSale {
  const saleId = sale?.id;
  const subscribe = useCallback(
    (listener: () => void) =>
      saleId === undefined ? noSubscription() : saleStream(saleId).subscribe(listener),
    [saleId],
  );
  const snapshot = useSyncExternalStore(
    subscribe,
    () => (saleId === undefined ? NO_SNAPSHOT : saleStream(saleId).snapshot),
    () => NO_SNAPSHOT,
  );
  const [localNow, setLocalNow] = useState<number | null>(null);
  useEffect(() => {
    if (!sale) return;
    const tick = () => setLocalNow(Date.now());
    tick();
    const timer = setInterval(tick, 250);
    return () => clearInterval(timer);
  }, [sale]);

  if (!sale || localNow === null) {
    return { mounted: false, status: 'scheduled', unitsLeft: null, untilStartMs: 0 };
  }
  const now = localNow + snapshot.offsetMs;
  const { status, unitsLeft } = liveStatus(sale, snapshot, productId, now);
  return { mounted: true, status, unitsLeft, untilStartMs: Math.max(0, Date.parse(sale.startsAt) - now) };
}

/** "2d 03:04:05", "00:00:05": the time left to the second, rounded up (it reads 00:00:00 only at the start). */
export function formatCountdown(ms: number): string {
  const total = Math.ceil(ms / 1000);
  const days = Math.floor(total / 86_400);
  const clock = [Math.floor(total / 3600) % 24, Math.floor(total / 60) % 60, total % 60]
    .map((part) => String(part).padStart(2, '0'))
    .join(':');
  return days > 0 ? `${days}d ${clock}` : clock;
}

/** The start in the visitor's own time zone (the server's render says UTC). */
export function localTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}
