'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { formatCountdown } from '@/app/(shop)/products/[slug]/_components/use-live-sale';
import { saleStream, type SaleSnapshot } from '@/lib/client/sale-stream';
import type { LinePageSale } from '@/lib/pages/queue-data';
import { EnterSaleForm } from './enter-sale-form';
import { aheadOf, frontOf, turnMayHaveCome, waitText, type LineState } from './line-copy';

/*
 * Where the shopper stands, kept current without a reload. The sale's event stream (the one every sale
 * page holds: lib/client/sale-stream.ts) carries the line's front, `queue.admittedThrough`, pushed within
 * a second of each move: the progress bar follows it, and when it reaches this shopper's place, or the
 * sale's status changes, the page asks `GET /api/sales/{id}/queue` once. A poll of the same GET at the
 * server's `retryAfterSeconds` (10 s at least) is the backstop for a lost stream. Once admitted, that GET
 * has set the admission cookie, and the page goes to the product (or to the sale, for a sale of several).
 * Rendered on the server too, with the status of the render: without JavaScript the page refreshes itself
 * (the page's meta refresh).
 */

const NO_SNAPSHOT: SaleSnapshot = { sale: null, offsetMs: 0 };
/** When the stream says it is this shopper's turn and the answer does not yet: ask again this soon. */
const SOON_MS = 2_000;
/** After a failed question (the server busy or away), the poll's interval. */
const FAILED_RETRY_SECONDS = 10;

export function LineFollower({ sale, initial }: { sale: LinePageSale; initial: LineState }) {
  const router = useRouter();
  const [state, setState] = useState(initial);
  const stateRef = useRef(initial);
  const snapshot = useLineStream(sale.id);
  const saleStatus = snapshot.sale?.status ?? sale.status;
  const streamedFront =
    snapshot.sale?.queue?.admittedThrough ?? (snapshot.sale ? null : sale.admittedThrough);
  const { entry } = sale;

  const ask = useCallback(async (): Promise<LineState | null> => {
    let response: Response;
    try {
      response = await fetch(`/api/sales/${sale.id}/queue`, { cache: 'no-store' });
    } catch {
      return null;
    }
    if (response.status === 401) window.location.reload(); // signed out meanwhile: the login page
    if (response.status === 404) router.refresh(); // not in line (any more): the page offers to join
    if (!response.ok) return null;
    const body = (await response.json()) as LineState;
    return { ...body, paused: body.paused === true };
  }, [sale.id, router]);

  // The one loop that asks: at the server's interval, or at once when `askNow` is called.
  const askNow = useRef<(eager: boolean) => void>(() => {});
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let asking = false;
    let stopped = false;
    const schedule = (ms: number) => {
      clearTimeout(timer);
      timer = setTimeout(() => void run(false), ms);
    };
    const run = async (eager: boolean) => {
      if (asking || stopped) return;
      asking = true;
      const before = stateRef.current;
      const next = await ask();
      asking = false;
      if (stopped) return;
      const shown = next ?? { ...before, paused: true };
      stateRef.current = shown;
      setState(shown);
      if (next?.status === 'admitted') {
        window.location.assign(entry.href); // the answer set the admission cookie
        return;
      }
      const unchanged = next?.status === before.status;
      schedule(eager && unchanged ? SOON_MS : (next?.retryAfterSeconds ?? FAILED_RETRY_SECONDS) * 1000);
    };
    askNow.current = (eager) => void run(eager);
    // Admitted at the render: the cookie is the GET's to set (a page cannot), then the product (or the sale).
    if (stateRef.current.status === 'admitted') void run(false);
    else schedule(stateRef.current.retryAfterSeconds * 1000);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [ask, entry.href]);

  // The stream's news: the front at this shopper's place, or the sale's status changed.
  const seenStatus = useRef(sale.status);
  useEffect(() => {
    const statusChanged = saleStatus !== seenStatus.current;
    seenStatus.current = saleStatus;
    if (statusChanged || turnMayHaveCome(stateRef.current, streamedFront)) askNow.current(true);
  }, [saleStatus, streamedFront]);

  const front = frontOf(state, streamedFront);
  return (
    <div className="space-y-4">
      {state.paused && (
        <p role="status" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-amber-900">
          The line is paused for a moment; your place is kept.
        </p>
      )}
      <Standing state={state} front={front} saleEnded={saleStatus === 'ended'} />
      {state.status === 'registered' && <Countdown sale={sale} offsetMs={snapshot.offsetMs} />}
      {state.status === 'admitted' && (
        <div className="space-y-2">
          <p>
            Taking you to <span className="font-medium">{entry.name}</span>…
          </p>
          <EnterSaleForm saleId={sale.id} label={entry.label} />
        </div>
      )}
    </div>
  );
}

function useLineStream(saleId: number): SaleSnapshot {
  const subscribe = useCallback((listener: () => void) => saleStream(saleId).subscribe(listener), [saleId]);
  return useSyncExternalStore(
    subscribe,
    () => saleStream(saleId).snapshot,
    () => NO_SNAPSHOT,
  );
}

function Position({ position }: { position: number }) {
  return (
    <span data-testid="queue-position" className="tabular-nums">
      {position.toLocaleString('en-US')}
    </span>
  );
}

function Standing({
  state,
  front,
  saleEnded,
}: {
  state: LineState;
  front: number | null;
  saleEnded: boolean;
}) {
  const { position } = state;
  switch (state.status) {
    case 'registered':
      return (
        <h2 className="text-2xl font-semibold" aria-live="polite">
          You&rsquo;re in line; places are drawn at the start
        </h2>
      );
    case 'waiting':
      return <Waiting state={state} front={front} />;
    case 'admitted':
      return (
        <h2 className="text-2xl font-semibold text-emerald-700" aria-live="assertive">
          It&rsquo;s your turn!
          {position !== null && (
            <span className="block text-base font-normal text-zinc-600">
              You were number <Position position={position} /> in line.
            </span>
          )}
        </h2>
      );
    case 'sold_out':
      return (
        <h2 className="text-2xl font-semibold" aria-live="assertive">
          Sold out: everyone in line has been told
        </h2>
      );
    case 'ended':
      return (
        <h2 className="text-2xl font-semibold" aria-live="polite">
          {saleEnded ? 'This sale has ended' : 'Your turn has passed: your admission was used or has run out'}
        </h2>
      );
  }
}

function Waiting({ state, front }: { state: LineState; front: number | null }) {
  const position = state.position!;
  const ahead = aheadOf(state, front);
  const wait = waitText(state.estimatedWaitSeconds);
  const through = Math.min(front ?? 0, position);
  return (
    <div className="space-y-3" aria-live="polite">
      <h2 className="text-2xl font-semibold">
        Number <Position position={position} /> in line
      </h2>
      <p className="text-zinc-700">
        {ahead !== null && (
          <>
            <span data-testid="queue-ahead" className="font-medium tabular-nums">
              {ahead.toLocaleString('en-US')}
            </span>{' '}
            {ahead === 1 ? 'shopper' : 'shoppers'} ahead of you.{' '}
          </>
        )}
        {wait && <span data-testid="queue-wait">{wait}.</span>}
      </p>
      <div>
        <div
          role="progressbar"
          aria-label="The line, up to your place"
          aria-valuemin={0}
          aria-valuemax={position}
          aria-valuenow={through}
          className="h-3 w-full overflow-hidden rounded-full bg-zinc-200"
        >
          <div
            className="h-full rounded-full bg-brand-600 transition-[width] duration-700"
            style={{ width: `${(100 * through) / position}%` }}
          />
        </div>
        <p className="mt-1 text-sm text-zinc-600" data-testid="queue-front">
          Admitted through place {through.toLocaleString('en-US')}; you are number{' '}
          {position.toLocaleString('en-US')}.
        </p>
      </div>
    </div>
  );
}

/** Until the start, on the server's clock (the stream's), to the second. */
function Countdown({ sale, offsetMs }: { sale: LinePageSale; offsetMs: number }) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    const tick = () => setNow(Date.now());
    tick();
    const timer = setInterval(tick, 250);
    return () => clearInterval(timer);
  }, []);
  const left = now === null ? null : Date.parse(sale.startsAt) - (now + offsetMs);
  if (left !== null && left <= 0)
    return <p className="text-zinc-700">The sale has started: drawing places…</p>;
  return (
    <p className="text-zinc-700">
      The sale starts{' '}
      {left === null ? (
        <time dateTime={sale.startsAt}>{`${sale.startsAt.replace('T', ' ').slice(0, 19)} UTC`}</time>
      ) : (
        <>
          in{' '}
          <span data-testid="queue-countdown" role="timer" className="font-semibold tabular-nums">
            {formatCountdown(left)}
          </span>
        </>
      )}
      . Everyone who joins before then gets a place by a fair draw, not by who clicked first.
    </p>
  );
}
