import { EventEmitter } from 'node:events';
import { getConfig } from '../config';
import { isOutage } from '../errors';
import { createSubscriberClient, sessionRedisTarget } from '../redis/client';
import { saleKeys } from '../redis/keys';
import type { FollowingSubscriber } from '../redis/subscriber';
import { decodeSaleChange } from './events';
import { loadSales, type SaleRecord } from './load';
import { saleStatus, type LineFront } from './types';
import { followUnitsLeft } from './units-metric';

/*
 * Every instance's copy of the sales that matter now (not cancelled, not over for more than a day): what
 * the product page, the cart, checkout and the event streams ask on every request, so none of them asks
 * PostgreSQL. It stays current three ways:
 * - a change published on the sales channel (./events.ts: created, cancelled, ended, a unit sold or given
 *   back) reloads that sale from PostgreSQL: one subscription per instance, whatever the number of streams;
 * - a full reload every RELOAD_MS, and at once when the subscription comes back (messages published while
 *   it was away are lost: pub/sub is at-most-once);
 * - timers at each sale's prewarm moment, start and end, for the changes the clock makes by itself.
 * It emits 'change' (a SaleRecord) whenever a sale's state may have changed (a sale that is gone, cancelled
 * or long over, one last time as ended), and 'prewarm' (a SaleRecord)
 * SALE_PREWARM_SECONDS before a sale starts (at once, if that moment has passed when the sale is learnt).
 */

const RELOAD_MS = 15_000;
/** Timers further ahead than this are set at a later reload (Node's timers overflow past 24.8 days). */
const TIMER_HORIZON_MS = 60 * 60 * 1000;
const CLOCK_SLACK_MS = 5;
/** A line's moves reach its watchers at most this often (setLine). */
const LINE_EVENT_MS = 1_000;

export interface SaleRegistryEvents {
  change: [SaleRecord];
  prewarm: [SaleRecord];
}

export class SaleRegistry extends EventEmitter<SaleRegistryEvents> {
  private records = new Map<number, SaleRecord>();
  private versions = new Map<number, number>();
  private loaded: Promise<void> | undefined;
  private reloads = new Map<number, Promise<void>>();
  private again = new Set<number>();
  private timers = new Map<number, NodeJS.Timeout[]>();
  private prewarmed = new Set<number>();
  private reloadTimer: NodeJS.Timeout | undefined;
  private subscriber: FollowingSubscriber | undefined;
  /** Numbers each read from PostgreSQL as it starts; per sale, the number of the read last applied. */
  private reads = 0;
  private appliedRead = new Map<number, number>();
  /** Each queued sale's line as lib/queue last read it (Redis): shown in the Sale and its events. */
  private lines = new Map<number, LineFront>();
  /** When each line's last move was sent, and the send waiting for its second (setLine). */
  private lineSent = new Map<number, number>();
  private lineFlush = new Map<number, NodeJS.Timeout>();

  constructor(
    private readonly load: (ids?: readonly number[]) => Promise<SaleRecord[]> = loadSales,
    private readonly prewarmMs: number = getConfig().SALE_PREWARM_SECONDS * 1000,
  ) {
    super();
  }

  /** Starts listening for changes and reloading; the first call also loads every sale. */
  start(channel: string = saleKeys().changes): this {
    if (this.subscriber) return this;
    this.subscriber = createSubscriberClient({
      target: sessionRedisTarget(),
      connectionName: 'storefront-sales',
    });
    this.subscriber.on('error', () => {});
    this.subscriber.on('ready', () => {
      void this.subscriber?.subscribe(channel).catch(() => this.subscriber?.disconnect(true));
      // What was published while the subscription was away is lost: read everything again.
      void this.reloadAll().catch(logged);
    });
    this.subscriber.on('message', (from: string, raw: string) => {
      const message = from === channel ? decodeSaleChange(raw) : undefined;
      if (message) void this.reload(message.saleId).catch(logged);
    });
    this.reloadTimer = setInterval(() => void this.reloadAll().catch(logged), RELOAD_MS);
    this.reloadTimer.unref();
    return this;
  }

  async stop(): Promise<void> {
    clearInterval(this.reloadTimer);
    for (const timers of this.timers.values()) timers.forEach(clearTimeout);
    this.timers.clear();
    for (const timer of this.lineFlush.values()) clearTimeout(timer);
    this.lineFlush.clear();
    await this.subscriber?.quit().catch(() => undefined);
    this.subscriber = undefined;
  }

  /** Every listed sale (live, upcoming, ended within a day), earliest start first. */
  async list(): Promise<SaleRecord[]> {
    await this.ready();
    return [...this.records.values()].sort(
      (a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.id - b.id,
    );
  }

  async get(saleId: number): Promise<SaleRecord | undefined> {
    await this.ready();
    return this.records.get(saleId);
  }

  /** The sale `productId` is in that has not ended (scheduled, live or sold out), if any. */
  async forProduct(productId: number, now: number = Date.now()): Promise<SaleRecord | undefined> {
    await this.ready();
    for (const record of this.records.values()) {
      if (saleStatus(record, [], now) === 'ended') continue;
      if (record.items.some((item) => item.productId === productId)) return record;
    }
    return undefined;
  }

  /** Where the sale's line stands, as this instance last read it; undefined before the draw. */
  lineOf(saleId: number): LineFront | undefined {
    return this.lines.get(saleId);
  }

  /**
   * The line moved (lib/queue, after reading it in Redis): the sale changes for its watchers too, so a
   * waiting page learns of a freed admission from the event stream it already holds, without polling.
   */
  setLine(saleId: number, line: LineFront): void {
    const before = this.lines.get(saleId);
    if (before?.admittedThrough === line.admittedThrough && before.waiting === line.waiting) return;
    this.lines.set(saleId, line);
    // At most one event a second for the line's moves: each placed order frees an admission, and an event
    // per order to every waiting page was most of what waiting cost (the bench's waiting-room part). The
    // front a page waits for still arrives within the second, well inside the 2 s a freed admission has.
    if (this.lineFlush.has(saleId)) return;
    const wait = LINE_EVENT_MS - (Date.now() - (this.lineSent.get(saleId) ?? 0));
    const flush = () => {
      this.lineFlush.delete(saleId);
      this.lineSent.set(saleId, Date.now());
      const record = this.records.get(saleId);
      if (record) this.changed(record);
    };
    if (wait <= 0) return flush();
    const timer = setTimeout(flush, wait);
    timer.unref();
    this.lineFlush.set(saleId, timer);
  }

  /** An increasing number for the sale's state as this instance last saw it change (the event id). */
  version(saleId: number): number {
    return this.versions.get(saleId) ?? 0;
  }

  /** Reads one sale again from PostgreSQL (several calls at once share one read, and one more after it). */
  reload(saleId: number): Promise<void> {
    const running = this.reloads.get(saleId);
    if (running) {
      this.again.add(saleId);
      return running;
    }
    const reload = (async () => {
      try {
        do {
          this.again.delete(saleId);
          const read = ++this.reads;
          const [record] = await this.load([saleId]);
          this.applyRead(read, saleId, record);
        } while (this.again.has(saleId));
      } finally {
        this.reloads.delete(saleId);
      }
    })();
    this.reloads.set(saleId, reload);
    return reload;
  }

  /** Reads every sale again. */
  async reloadAll(): Promise<void> {
    const read = ++this.reads;
    const records = await this.load();
    const seen = new Set(records.map((record) => record.id));
    for (const record of records) this.applyRead(read, record.id, record);
    for (const id of [...this.records.keys()]) if (!seen.has(id)) this.applyRead(read, id, undefined);
  }

  /**
   * Applies what a read found, unless a read that started later was applied to the sale already: a full
   * reload that began before an admin's change and ends after the change's own reload must not put the
   * old state back (a cancelled sale would show again until the next reload).
   */
  private applyRead(read: number, saleId: number, record: SaleRecord | undefined): void {
    if ((this.appliedRead.get(saleId) ?? 0) > read) return;
    this.appliedRead.set(saleId, read);
    this.apply(saleId, record);
  }

  private ready(): Promise<void> {
    this.loaded ??= this.reloadAll().catch((error: unknown) => {
      // Not loaded: the next request tries again (an outage is the caller's 503; a bug is thrown).
      this.loaded = undefined;
      throw error;
    });
    return this.loaded;
  }

  private apply(saleId: number, record: SaleRecord | undefined): void {
    const before = this.records.get(saleId);
    if (record) this.records.set(saleId, record);
    else this.records.delete(saleId);
    this.schedule(saleId, record);
    if (record && !sameRecord(before, record)) this.changed(record);
    // Gone (cancelled, or over for more than a day): its watchers hear it ended, once.
    if (!record && before) this.changed({ ...before, endedAt: before.endedAt ?? new Date() });
  }

  private changed(record: SaleRecord): void {
    this.versions.set(record.id, Math.max(this.version(record.id) + 1, Date.now()));
    this.emit('change', record);
  }

  /** Timers for the moments the clock changes the sale: its prewarm, start and end. */
  private schedule(saleId: number, record: SaleRecord | undefined): void {
    for (const timer of this.timers.get(saleId) ?? []) clearTimeout(timer);
    this.timers.delete(saleId);
    if (!record) return;
    const now = Date.now();
    const timers: NodeJS.Timeout[] = [];
    const at = (moment: number, action: () => void) => {
      const wait = moment - now;
      if (wait <= 0 || wait > TIMER_HORIZON_MS) return;
      // A few ms late on purpose: a timer may fire a millisecond before Date.now() reaches its moment, and a
      // start read then would still say "scheduled".
      const timer = setTimeout(action, wait + CLOCK_SLACK_MS);
      timer.unref();
      timers.push(timer);
    };
    const prewarmAt = record.startsAt.getTime() - this.prewarmMs;
    const prewarm = () => {
      const current = this.records.get(saleId);
      if (!current || this.prewarmed.has(saleId) || saleStatus(current, []) === 'ended') return;
      this.prewarmed.add(saleId);
      this.emit('prewarm', current);
    };
    if (prewarmAt <= now) prewarm();
    else at(prewarmAt, prewarm);
    const clockChange = () => {
      const current = this.records.get(saleId);
      if (current) this.changed(current);
    };
    at(record.startsAt.getTime(), clockChange);
    at(record.endsAt.getTime(), clockChange);
    this.timers.set(saleId, timers);
  }
}

function sameRecord(a: SaleRecord | undefined, b: SaleRecord): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

function logged(error: unknown): void {
  if (!isOutage(error)) console.error(error);
  else console.error(`sales: reload failed: ${error instanceof Error ? error.message : error}`);
}

// One registry per process, on globalThis: Next.js bundles this module into several chunks.
const globalForSales = globalThis as unknown as { storefrontSales?: SaleRegistry };

/** The process's registry, listening from its first use. */
export function getSaleRegistry(): SaleRegistry {
  // Its changes also keep the live sales' units left on the metrics (./units-metric.ts).
  globalForSales.storefrontSales ??= followUnitsLeft(new SaleRegistry()).start();
  return globalForSales.storefrontSales;
}

/** Stops the process's registry if one was started (its subscription and timers), e.g. after a test file. */
export async function closeSaleRegistry(): Promise<void> {
  const registry = globalForSales.storefrontSales;
  globalForSales.storefrontSales = undefined;
  await registry?.stop();
}
