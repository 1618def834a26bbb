import { SingleFlight } from '../concurrency';
import { isOutage } from '../errors';
import { getQueueMetrics } from '../metrics/queue';
import { getSessionRedis } from '../redis/client';
import { queueKeys } from '../redis/keys';
import { getSaleRegistry, recordStatus, saleStatus, type SaleRecord, type SaleRegistry } from '../sales';
import { QueueStore, type LineSnapshot, type LineSpec } from './store';

/*
 * Each instance's view of every running queued sale's line, read once a second and shared by all of its
 * waiting shoppers: a waiter's status is computed from this view (and its own place, read once), so
 * waiting costs no Redis command per waiter (CONTRACT.md, "The line"; docs/queue.md).
 *
 * Each read is also the line's heartbeat: the script ends expired admissions and gives free ones to the
 * next places. Every instance reads, so the line moves while any instance runs, and a freed admission
 * (an order placed, ./index.ts release) moves it at once. A read that finds the front moved tells the
 * registry (SaleRegistry.setLine), which pushes the sale to its event streams: a waiting page learns of
 * its turn from the stream it holds, within a second.
 */

export const TICK_MS = 1_000;
/** How far back the admission rate is measured, for the waiting time shown. */
const RATE_WINDOW_MS = 60_000;

export interface LineView {
  spec: LineSpec;
  /** The last reading; null before the draw (the sale has not started, or its first read is under way). */
  snapshot: LineSnapshot | null;
  /** When the last reading was made (this process's clock, ms), and whether the last attempt failed. */
  readAt: number;
  stale: boolean;
  soldOut: boolean;
  /** Admissions per second lately (0: none seen yet). */
  rate: number;
}

interface Sample {
  at: number;
  front: number;
}

export class QueueLines {
  private readonly views = new Map<number, LineView>();
  private readonly samples = new Map<number, Sample[]>();
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private readonly reads = new SingleFlight<LineView | undefined>();
  private readonly onChange = (record: SaleRecord) => this.follow(record);

  constructor(
    private readonly registry: SaleRegistry,
    readonly store: QueueStore,
    private readonly tickMs: number = TICK_MS,
  ) {
    registry.on('change', this.onChange);
    void registry
      .list()
      .then((records) => records.forEach((record) => this.follow(record)))
      .catch(() => undefined); // the registry's own reloads follow; each change comes through onChange
  }

  /**
   * The line of `record`'s sale as this instance last read it, reading it now if that was more than a tick
   * ago (or never). Undefined for a sale without a line.
   */
  async view(record: SaleRecord): Promise<LineView | undefined> {
    const spec = specOf(record);
    if (!spec) return undefined;
    this.follow(record);
    const known = this.views.get(spec.saleId);
    if (known && Date.now() - known.readAt < this.tickMs) return known;
    return this.read(record);
  }

  /** The holder placed their order: their admission ends, and the next place is admitted at once. */
  async release(record: SaleRecord, userId: number): Promise<void> {
    await this.read(record, userId);
  }

  /** Stops every line's timer (shutdown, and after each test file). */
  stop(): void {
    this.registry.off('change', this.onChange);
    for (const timer of this.timers.values()) clearInterval(timer);
    this.timers.clear();
  }

  /** Reads the line of a queued sale that has started and not ended, every tick, from now on. */
  private follow(record: SaleRecord): void {
    const spec = specOf(record);
    const running = spec && saleStatus(record, []) !== 'ended' && Date.now() >= spec.startsAt;
    // The admissions counter exists at 0 before the first admission, so the alert on a line that does
    // not move (deploy/prometheus/rules/) sees the first ones as an increase.
    if (spec && saleStatus(record, []) !== 'ended')
      getQueueMetrics().admitted.inc({ sale: String(spec.saleId) }, 0);
    const timer = this.timers.get(record.id);
    if (running && !timer) {
      const next = setInterval(() => void this.tick(record.id), this.tickMs);
      next.unref();
      this.timers.set(record.id, next);
      void this.tick(record.id);
    } else if (!running && timer) {
      clearInterval(timer);
      this.timers.delete(record.id);
      getQueueMetrics().waiting.remove({ sale: String(record.id) });
    }
  }

  private async tick(saleId: number): Promise<void> {
    const record = await this.registry.get(saleId).catch(() => undefined);
    if (!record) return;
    this.follow(record);
    if (this.timers.has(saleId)) await this.read(record).catch(() => undefined);
  }

  /** One reading (draw first if needed); several callers at once share it, a release never waits on one. */
  private read(record: SaleRecord, release?: number): Promise<LineView | undefined> {
    const spec = specOf(record);
    if (!spec) return Promise.resolve(undefined);
    const run = () => this.readNow(record, spec, release);
    return release === undefined ? this.reads.run(String(spec.saleId), run) : run();
  }

  private async readNow(record: SaleRecord, spec: LineSpec, release?: number): Promise<LineView> {
    const soldOut = recordStatus(record) === 'sold_out';
    const before = this.views.get(spec.saleId);
    try {
      let snapshot: LineSnapshot | null = null;
      if (Date.now() >= spec.startsAt) {
        snapshot = await this.store.advance(spec, { soldOut, release });
        if (!snapshot && (await this.store.draw(spec))) {
          snapshot = await this.store.advance(spec, { soldOut, release });
        }
      }
      const view: LineView = {
        spec,
        snapshot,
        readAt: Date.now(),
        stale: false,
        soldOut,
        rate: snapshot ? this.rate(spec.saleId, snapshot.front) : 0,
      };
      this.views.set(spec.saleId, view);
      if (snapshot) this.publish(spec, snapshot);
      return view;
    } catch (error) {
      if (!isOutage(error)) throw error;
      // Redis away: the line stands still (nobody is admitted, nobody jumps it); the last reading stays.
      const view: LineView = before
        ? { ...before, stale: true, soldOut }
        : { spec, snapshot: null, readAt: 0, stale: true, soldOut, rate: 0 };
      this.views.set(spec.saleId, view);
      if (release !== undefined) throw error;
      return view;
    }
  }

  private publish(spec: LineSpec, snapshot: LineSnapshot): void {
    const metrics = getQueueMetrics();
    const sale = String(spec.saleId);
    const waiting = Math.max(0, snapshot.total - snapshot.front);
    metrics.waiting.set({ sale }, waiting);
    for (const { joinedAt } of snapshot.admittedNow) {
      metrics.admitted.inc({ sale });
      metrics.admissionWait.observe(Math.max(0, snapshot.now - Math.max(spec.startsAt, joinedAt)) / 1000);
    }
    this.registry.setLine(spec.saleId, { admittedThrough: snapshot.front, waiting });
  }

  /** Admissions per second over the last minute of readings. */
  private rate(saleId: number, front: number): number {
    const now = Date.now();
    const samples = (this.samples.get(saleId) ?? []).filter((sample) => now - sample.at <= RATE_WINDOW_MS);
    samples.push({ at: now, front });
    this.samples.set(saleId, samples);
    const first = samples[0]!;
    const seconds = (now - first.at) / 1000;
    return seconds >= 1 ? (front - first.front) / seconds : 0;
  }
}

/** The store's view of a queued sale; undefined for a sale without a line. */
export function specOf(record: SaleRecord): LineSpec | undefined {
  if (!record.queue) return undefined;
  return {
    saleId: record.id,
    startsAt: record.startsAt.getTime(),
    endsAt: (record.endedAt ?? record.endsAt).getTime(),
    activeShoppers: record.queue.activeShoppers,
    admissionMinutes: record.queue.admissionMinutes,
    seed: record.queue.seed,
  };
}

// One set of lines per process, on globalThis: Next.js bundles this module into several chunks.
const globalForLines = globalThis as unknown as { storefrontQueueLines?: QueueLines };

export function getQueueLines(): QueueLines {
  globalForLines.storefrontQueueLines ??= new QueueLines(
    getSaleRegistry(),
    new QueueStore(getSessionRedis(), queueKeys()),
  );
  return globalForLines.storefrontQueueLines;
}

/** Stops the process's lines, if started (shutdown; after a test file). */
export function closeQueueLines(): void {
  globalForLines.storefrontQueueLines?.stop();
  globalForLines.storefrontQueueLines = undefined;
}
