/*
 * A sale's live state in the browser: one stream of `GET /api/sales/{id}/events` per sale and page, shared
 * by every component that shows it (the sale section, the "Add to cart" button) through a small store.
 *
 * Read with fetch rather than EventSource: the countdown runs on the server's clock, and only fetch can read
 * the stream's `X-Server-Time` header (EventSource exposes no headers; a field in the data would change
 * the contract's Sale). The rest is what EventSource does: events parsed as the standard says, and on a
 * lost stream a reconnection after the server's `retry:` with the last id as `Last-Event-ID`, so the
 * server sends what was missed (the whole current state).
 */

export type LiveSaleStatus = 'scheduled' | 'live' | 'sold_out' | 'ended';

interface StreamedSale {
  status: LiveSaleStatus;
  startsAt: string;
  endsAt: string;
  items: { productId: number; unitsLeft: number }[];
  /** A queued sale's line: where its front stands (the line's page follows it). */
  queue?: { admittedThrough: number | null } | null;
}

export interface SaleSnapshot {
  /** The last state the server sent, or null before the first event. */
  sale: StreamedSale | null;
  /** The server's clock less this browser's (ms), from the stream's X-Server-Time; 0 until known. */
  offsetMs: number;
}

type Listener = () => void;

/** Reconnection delay before the server said otherwise, and the most it backs off to. */
const FIRST_RETRY_MS = 1_000;
const LONGEST_RETRY_MS = 30_000;
/** 404s in a row after which the sale is taken to be cancelled. */
const GONE_AFTER_NOT_FOUND = 3;

class SaleStream {
  snapshot: SaleSnapshot = { sale: null, offsetMs: 0 };
  private readonly listeners = new Set<Listener>();
  private controller: AbortController | undefined;
  private lastEventId: string | undefined;
  private retryMs = FIRST_RETRY_MS;
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private notFound = 0;
  /** The sale is over (ended, or 404 after 404): no reconnection. */
  private gone = false;

  constructor(private readonly saleId: number) {}

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.connect();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.disconnect();
    };
  }

  private publish(next: Partial<SaleSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...next };
    for (const listener of this.listeners) listener();
  }

  private connect(): void {
    const controller = new AbortController();
    this.controller = controller;
    void this.read(controller.signal).finally(() => {
      if (controller.signal.aborted || this.controller !== controller || this.gone) return;
      // Lost (a deploy, a network change, nginx's timeout): back again after the server's delay, longer if
      // it keeps failing, and a little random so a thousand pages do not come back in one instant.
      const delay = Math.min(LONGEST_RETRY_MS, this.retryMs * 2 ** Math.min(this.failures, 5));
      this.timer = setTimeout(() => this.connect(), delay * (0.75 + Math.random() / 2));
    });
  }

  private disconnect(): void {
    clearTimeout(this.timer);
    this.controller?.abort();
    this.controller = undefined;
  }

  private async read(signal: AbortSignal): Promise<void> {
    const sentAt = Date.now();
    let response: Response;
    try {
      response = await fetch(`/api/sales/${this.saleId}/events`, {
        headers: {
          accept: 'text/event-stream',
          ...(this.lastEventId ? { 'last-event-id': this.lastEventId } : {}),
        },
        cache: 'no-store',
        signal,
      });
    } catch {
      this.failures += 1;
      return;
    }
    if (!response.ok || !response.body) {
      this.failures += 1;
      await response.body?.cancel().catch(() => {});
      // Not found again and again: the sale was cancelled (a first 404 may be an instance that has not
      // heard of a sale created a moment ago). Shown as ended; the connection is not tried again.
      this.notFound = response.status === 404 ? this.notFound + 1 : 0;
      if (this.notFound >= GONE_AFTER_NOT_FOUND) {
        this.gone = true;
        const ended = {
          ...(this.snapshot.sale ?? { startsAt: '', endsAt: '', items: [] }),
          status: 'ended' as const,
        };
        this.publish({ sale: ended });
      }
      return;
    }
    this.notFound = 0;
    const serverTime = Number(response.headers.get('x-server-time'));
    if (Number.isFinite(serverTime) && serverTime > 0) {
      // The header was written about halfway through the round trip.
      this.publish({ offsetMs: serverTime - (sentAt + Date.now()) / 2 });
    }
    this.failures = 0;
    await this.consume(response.body, signal);
  }

  private async consume(body: ReadableStream<Uint8Array>, signal: AbortSignal): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    let event = { name: 'message', id: undefined as string | undefined, data: [] as string[] };
    try {
      while (!signal.aborted) {
        const { done, value } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        const lines = buffer.split(/\r\n|\r|\n/);
        buffer = lines.pop() ?? '';
        for (const line of lines) {
          if (line === '') {
            if (event.id !== undefined) this.lastEventId = event.id;
            if (event.name === 'sale' && event.data.length > 0) this.receive(event.data.join('\n'));
            event = { name: 'message', id: undefined, data: [] };
            continue;
          }
          if (line.startsWith(':')) continue; // the heartbeat
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const fieldValue = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'event') event.name = fieldValue;
          else if (field === 'data') event.data.push(fieldValue);
          else if (field === 'id') event.id = fieldValue;
          else if (field === 'retry' && /^\d+$/.test(fieldValue)) this.retryMs = Number(fieldValue);
        }
      }
    } catch {
      // cut: connect() comes back
    } finally {
      reader.releaseLock();
    }
  }

  private receive(data: string): void {
    let sale: StreamedSale;
    try {
      sale = JSON.parse(data) as StreamedSale;
    } catch {
      return; // a frame that is not a Sale is ignored; the next one brings the whole state again
    }
    this.publish({ sale });
    // An ended sale never changes again: the page lets the connection go.
    if (sale.status === 'ended') {
      this.gone = true;
      this.disconnect();
    }
  }
}

const streams = new Map<number, SaleStream>();

/** The page's one stream of sale `saleId` (opened on the first subscription, closed after the last). */
export function saleStream(saleId: number): Pick<SaleStream, 'subscribe' | 'snapshot'> {
  let stream = streams.get(saleId);
  if (!stream) {
    stream = new SaleStream(saleId);
    streams.set(saleId, stream);
  }
  return stream;
}

/**
 * The status a page shows at `now` (the server's clock): the clock decides the start to the second,
 * without waiting for the server's event; units left decide sold out; the server's word decides the end.
 */
export function liveStatus(
  fixed: { startsAt: string; endsAt: string },
  snapshot: SaleSnapshot,
  productId: number,
  now: number,
): { status: LiveSaleStatus; unitsLeft: number | null } {
  const sale = snapshot.sale;
  const unitsLeft = sale?.items.find((item) => item.productId === productId)?.unitsLeft ?? null;
  const startsAt = Date.parse(sale?.startsAt ?? fixed.startsAt);
  const endsAt = Date.parse(sale?.endsAt ?? fixed.endsAt);
  if (sale?.status === 'ended' || now >= endsAt) return { status: 'ended', unitsLeft };
  if (now < startsAt) return { status: 'scheduled', unitsLeft };
  if (unitsLeft !== null && unitsLeft <= 0) return { status: 'sold_out', unitsLeft };
  return { status: 'live', unitsLeft };
}
