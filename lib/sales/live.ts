import { sseClientsGauge } from '../metrics/sse';
import type { SaleRecord } from './load';
import { getSaleRegistry, type SaleRegistry } from './registry';
import { toSale } from './view';

/*
 * The sale event streams (`GET /api/sales/{id}/events`, CONTRACT.md): every open stream of this instance,
 * fed from the registry's one 'change' event, which itself comes from the instance's one subscription to
 * the sales channel. A change is turned into its frame once and written to every open stream of that sale:
 * a thousand watchers cost one Redis message and one PostgreSQL read per instance, not a thousand.
 *
 * Every event is the whole sale (`event: sale`, `data:` the Sale as JSON), so a reconnecting browser needs
 * only the current state: its `Last-Event-ID` tells whether it already has it. Ids are the registry's
 * version of the sale (an increasing number per instance, near the clock in ms), raised per stream so they
 * never go back within it nor below the id a browser brings from another instance.
 */

/** A comment line this often keeps proxies (nginx's read timeout is above it) and browsers from giving up. */
export const HEARTBEAT_MS = 15_000;
/** How long a browser waits before reconnecting (`retry:`): a lost stream catches up within a second. */
const RETRY_MS = 1_000;
/** A stream whose reader lags this far behind (a stalled browser) is ended rather than buffered for. */
const MAX_BUFFERED_BYTES = 256 * 1024;
/** A start timer may fire a millisecond early: within this of the start, the sale is shown as started. */
const START_SLACK_MS = 25;

const encoder = new TextEncoder();

interface Watcher {
  /** The last id sent on this stream: the next one is above it. */
  lastId: number;
  send(frame: string): void;
  end(): void;
}

export class SaleStreams {
  private readonly watchers = new Map<number, Set<Watcher>>();
  /** Each watched sale's last record: what a cancelled sale's streams are told before they end. */
  private readonly lastSeen = new Map<number, SaleRecord>();
  private heartbeat: NodeJS.Timeout | undefined;
  private closing = false;

  constructor(
    private readonly registry: SaleRegistry,
    private readonly heartbeatMs: number = HEARTBEAT_MS,
  ) {
    registry.on('change', (record) => this.broadcast(record));
  }

  /** Open streams on this instance. */
  get size(): number {
    let count = 0;
    for (const set of this.watchers.values()) count += set.size;
    return count;
  }

  /**
   * A stream of sale `saleId`'s events, or undefined for a sale the registry does not list (404). The
   * first event goes at once unless `lastEventId` is the very state this instance holds; the stream ends
   * when `signal` aborts (the browser went) or at shutdown (closeAll).
   */
  async open(
    saleId: number,
    lastEventId: string | null,
    signal: AbortSignal,
  ): Promise<ReadableStream<Uint8Array> | undefined> {
    const record = await this.registry.get(saleId);
    if (!record) return undefined;
    if (this.closing || signal.aborted) return emptyStream();
    const known = parseEventId(lastEventId);
    const current = this.registry.version(saleId);
    let watcher: Watcher | undefined;
    const detach = () => {
      if (watcher && this.watchers.get(saleId)?.delete(watcher)) sseClientsGauge().dec();
      if (this.watchers.get(saleId)?.size === 0) {
        this.watchers.delete(saleId);
        this.lastSeen.delete(saleId);
      }
      if (this.size === 0) this.stopHeartbeat();
    };
    return new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          let ended = false;
          watcher = {
            lastId: known ?? 0,
            send: (frame) => {
              if (ended) return;
              if ((controller.desiredSize ?? 0) < -MAX_BUFFERED_BYTES) return watcher!.end();
              try {
                controller.enqueue(encoder.encode(frame));
              } catch {
                watcher!.end(); // the stream was already torn down under us
              }
            },
            end: () => {
              if (ended) return;
              ended = true;
              detach();
              try {
                controller.close();
              } catch {
                // already closed by its reader
              }
            },
          };
          const set = this.watchers.get(saleId) ?? new Set<Watcher>();
          this.watchers.set(saleId, set.add(watcher));
          this.lastSeen.set(saleId, record);
          sseClientsGauge().inc();
          this.startHeartbeat();
          signal.addEventListener('abort', () => watcher?.end(), { once: true });
          watcher.send(`retry: ${RETRY_MS}\n\n`);
          // The browser's Last-Event-ID names what it has: send the current state unless it is that one.
          if (known === undefined || known !== current) this.sendTo(watcher, record, current);
        },
        cancel: () => {
          // The reader went (the route's response was dropped): same as an abort. Next.js cancels the body
          // when the browser goes, and this is the path to count on: a Request passes its signal on through a
          // weak reference (undici), so a request already garbage-collected never reports the abort.
          watcher?.end();
        },
      },
      // Counted in bytes, so desiredSize is minus what the reader has not taken yet.
      { highWaterMark: 0, size: (chunk) => chunk.byteLength },
    );
  }

  /** Ends every stream (shutdown): browsers reconnect, through the load balancer, to another instance. */
  closeAll(): void {
    this.closing = true;
    for (const set of [...this.watchers.values()]) for (const watcher of [...set]) watcher.end();
  }

  private broadcast(record: SaleRecord): void {
    const set = this.watchers.get(record.id);
    if (!set || set.size === 0) return;
    this.lastSeen.set(record.id, record);
    const version = this.registry.version(record.id);
    const body = eventBody(record, this.registry);
    for (const watcher of [...set]) this.sendTo(watcher, record, version, body);
  }

  private sendTo(
    watcher: Watcher,
    record: SaleRecord,
    version: number,
    body = eventBody(record, this.registry),
  ): void {
    watcher.lastId = Math.max(version, watcher.lastId + 1);
    watcher.send(`id: ${watcher.lastId}\n${body}`);
  }

  /** One timer for all streams: a comment to each, and a check that no watched sale was cancelled. */
  private startHeartbeat(): void {
    if (this.heartbeat) return;
    this.heartbeat = setInterval(() => void this.beat(), this.heartbeatMs);
    this.heartbeat.unref();
  }

  private stopHeartbeat(): void {
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  private async beat(): Promise<void> {
    for (const [saleId, set] of [...this.watchers]) {
      for (const watcher of [...set]) watcher.send(`: heartbeat ${Date.now()}\n\n`);
      // A cancelled sale leaves the registry without a 'change': its watchers learn it ended, then go.
      const record = await this.registry.get(saleId).catch(() => null);
      const last = this.lastSeen.get(saleId);
      if (record === undefined && last) {
        const gone = { ...last, cancelledAt: new Date() };
        const version = Date.now();
        for (const watcher of [...set]) {
          this.sendTo(watcher, gone, version);
          watcher.end();
        }
      }
    }
  }
}

/** `event: sale` and `data:` (the whole Sale), computed once per change for every stream. */
function eventBody(record: SaleRecord, registry: SaleRegistry): string {
  const now = Date.now();
  const untilStart = record.startsAt.getTime() - now;
  const at = untilStart > 0 && untilStart <= START_SLACK_MS ? record.startsAt.getTime() : now;
  return `event: sale\ndata: ${JSON.stringify(toSale(record, at, registry.lineOf(record.id)))}\n\n`;
}

function parseEventId(raw: string | null): number | undefined {
  if (raw === null || !/^\d{1,16}$/.test(raw.trim())) return undefined;
  return Number(raw.trim());
}

/** What a stream opened during shutdown gets: nothing, ended at once (the browser retries elsewhere). */
function emptyStream(): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start: (controller) => {
      controller.enqueue(encoder.encode(`retry: ${RETRY_MS}\n\n`));
      controller.close();
    },
  });
}

// One set of streams per process, on globalThis: the route's bundle and instrumentation.ts (which ends
// them at shutdown) each get their own copy of this module.
const globalForLive = globalThis as unknown as { storefrontSaleStreams?: SaleStreams };

export function getSaleStreams(): SaleStreams {
  globalForLive.storefrontSaleStreams ??= new SaleStreams(getSaleRegistry());
  return globalForLive.storefrontSaleStreams;
}

/** Ends this instance's streams, if it has any (the drain at SIGTERM). */
export function closeSaleStreams(): void {
  globalForLive.storefrontSaleStreams?.closeAll();
}
