import { randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { callRedis } from '../redis/call';
import type { RedisClient } from '../redis/client';
import { runScript } from '../redis/lua';
import type { StockKeys } from '../redis/keys';
import { SingleFlight } from '../concurrency';
import { inSpan } from '../telemetry';
import {
  gateStateScript,
  peekStockScript,
  seedStockScript,
  settleStockScript,
  takeStockScript,
} from './scripts';

/*
 * The stock gate: each product's sellable units in Redis, in front of PostgreSQL. In a flash sale most
 * checkouts of a hot product lose; the gate answers them "sold out" without a PostgreSQL transaction, and
 * lets through only plausible winners. It never decides a sale: PostgreSQL's conditional update does
 * (lib/orders/place.ts). So the gate may be too generous (a winner it let through still loses in
 * PostgreSQL, cleanly), and where it is unsure (no value, Redis away) it lets the attempt through.
 *
 * How it stays honest (./scripts.ts): a value seeded from PostgreSQL on first use, living on while the
 * product sells; every taken unit held by its checkout until settled; a crashed checkout's hold expires and
 * its units come back; admin stock edits and cancelled orders drop the value after their commit, so the
 * next reader re-seeds it.
 */

/** The stock gate's span attributes (`stock.take`, `stock.settle`). */
export const STOCK_SPAN_ATTRIBUTES = {
  lines: 'storefront.stock.lines',
  decision: 'storefront.stock.decision',
  productId: 'storefront.stock.refused_product_id',
  available: 'storefront.stock.available',
  holds: 'storefront.stock.holds',
  giveBack: 'storefront.stock.give_back',
} as const;

/** How long a checkout holds its units before they go back unless settled: longer than any checkout. */
export const HOLD_MS = 30_000;

/** Reads PostgreSQL's current stock of some products (absent: no such product). */
export type StockReader = (productIds: readonly number[]) => Promise<Map<number, number>>;

export interface StockLine {
  productId: number;
  quantity: number;
}

/** What the gate said of a checkout's lines: the units it holds for them, or the line it cannot fill. */
export type GateDecision =
  { kind: 'held'; holds: Hold[] } | { kind: 'refused'; productId: number; available: number };

export interface Hold {
  productId: number;
  member: string;
}

/** The gate's value and the units held by checkouts under way. */
export interface GateState {
  value: number;
  held: number;
}

export class StockGate {
  private readonly seeds = new SingleFlight<number | null>();
  /** Products this process took units of lately: the ones the drift check (./drift.ts) looks at. */
  private readonly sold = new LRUCache<number, true>({ max: 200, ttl: 60 * 60 * 1000 });

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: StockKeys,
    private readonly readStock: StockReader,
    /**
     * How long a value lives after its product's last sale. Longer than any cached product page, so while
     * a page older than the product's last sale can still be served, the gate that knows better is there
     * (display reads the gate first and falls back to the page's copy only when the gate has no value).
     */
    private readonly ttlMs: number,
    /** How long a take holds its units unless settled (shorter only in tests of a crashed checkout). */
    private readonly holdMs: number = HOLD_MS,
  ) {}

  /**
   * Takes every line's units, in product-id order, or none: a line that cannot be filled gives back what
   * the earlier ones took. Rejects only when Redis fails (the caller goes on without the gate). Traced as
   * `stock.take` (lib/telemetry), with its decision.
   */
  take(lines: readonly StockLine[]): Promise<GateDecision> {
    return inSpan('stock.take', { [STOCK_SPAN_ATTRIBUTES.lines]: lines.length }, async (span) => {
      const decision = await this.takeAll(lines);
      span?.setAttribute(STOCK_SPAN_ATTRIBUTES.decision, decision.kind);
      if (decision.kind === 'refused') {
        span?.setAttribute(STOCK_SPAN_ATTRIBUTES.productId, decision.productId);
        span?.setAttribute(STOCK_SPAN_ATTRIBUTES.available, decision.available);
      }
      return decision;
    });
  }

  private async takeAll(lines: readonly StockLine[]): Promise<GateDecision> {
    const attempt = randomUUID();
    const holds: Hold[] = [];
    for (const { productId, quantity } of [...lines].sort((a, b) => a.productId - b.productId)) {
      const member = `${attempt}:${quantity}`;
      let [taken, available] = await this.takeOne(productId, quantity, member);
      if (taken === -1 && (await this.seed(productId)) !== null) {
        [taken, available] = await this.takeOne(productId, quantity, member);
      }
      if (taken === 1) {
        holds.push({ productId, member });
        this.sold.set(productId, true);
      }
      // No value even now (no such product, or it was just reset): the gate cannot say; PostgreSQL will.
      if (taken !== 0) continue;
      await this.settle(holds, { giveBack: true });
      return { kind: 'refused', productId, available };
    }
    return { kind: 'held', holds };
  }

  /** Ends holds: after a commit (`giveBack: false`) or a failed order (`true`). Never throws. */
  async settle(holds: readonly Hold[], { giveBack }: { giveBack: boolean }): Promise<void> {
    if (holds.length === 0) return;
    const attributes = {
      [STOCK_SPAN_ATTRIBUTES.holds]: holds.length,
      [STOCK_SPAN_ATTRIBUTES.giveBack]: giveBack,
    };
    await inSpan('stock.settle', attributes, () => this.settleAll(holds, giveBack));
  }

  private async settleAll(holds: readonly Hold[], giveBack: boolean): Promise<void> {
    await Promise.all(
      holds.map(({ productId, member }) => {
        const { gate, holds: holdsKey } = this.keys.product(productId);
        return callRedis(this.redis, () =>
          runScript(this.redis, settleStockScript, [gate, holdsKey], [member, giveBack ? 1 : 0]),
        ).catch((error: unknown) => {
          // The hold expires by itself: its units come back within the hold's time.
          console.error(`stock gate: hold not settled: ${error instanceof Error ? error.message : error}`);
        });
      }),
    );
  }

  /**
   * The live stock of some products (PostgreSQL's stock less the units held by checkouts under way),
   * seeding the gate where it has no value: what a cart clamps quantities to. Absent: no such product.
   */
  async available(productIds: readonly number[]): Promise<Map<number, number>> {
    const values = await Promise.all(
      [...new Set(productIds)].map(async (productId) => {
        const peeked = await this.peek(productId);
        return [productId, peeked ?? (await this.seed(productId))] as const;
      }),
    );
    return new Map(values.filter((entry): entry is [number, number] => entry[1] !== null));
  }

  /**
   * The gate's value, or null when it has none (nothing is seeded: a page view costs PostgreSQL nothing).
   * A plain GET, the cheapest read a hot page can make: units of a crashed checkout's expired hold show as
   * sold until the next take or `available()` gives them back.
   */
  async glance(productId: number): Promise<number | null> {
    const { gate } = this.keys.product(productId);
    const value = await callRedis(this.redis, () => this.redis.get(gate));
    return value === null ? null : Number(value);
  }

  /** The gate's value after giving back expired holds, or null when it has none (nothing is seeded). */
  async peek(productId: number): Promise<number | null> {
    const { gate, holds } = this.keys.product(productId);
    const value = await callRedis(this.redis, () =>
      runScript(this.redis, peekStockScript, [gate, holds], []),
    );
    return value === null ? null : Number(value);
  }

  /** Products this process took units of in the last hour (at most 200, most recent first). */
  recentlySold(): number[] {
    return [...this.sold.keys()];
  }

  /** The gate's value and held units after reaping, or null when it has no value. */
  async state(productId: number): Promise<GateState | null> {
    const { gate, holds } = this.keys.product(productId);
    const [value, held] = (await callRedis(this.redis, () =>
      runScript(this.redis, gateStateScript, [gate, holds], []),
    )) as [number, number];
    return value === -1 ? null : { value, held };
  }

  /** Drops the gate of products whose stock changed in PostgreSQL (after the commit): re-seeded on next use. */
  async reset(productIds: readonly number[]): Promise<void> {
    await Promise.all(
      productIds.map((productId) => {
        const { gate } = this.keys.product(productId);
        return callRedis(this.redis, () => this.redis.del(gate));
      }),
    );
  }

  private async takeOne(productId: number, quantity: number, member: string) {
    const { gate, holds } = this.keys.product(productId);
    const reply = await callRedis(this.redis, () =>
      runScript(this.redis, takeStockScript, [gate, holds], [quantity, member, this.holdMs, this.ttlMs]),
    );
    return reply as [number, number];
  }

  /** Seeds one product's gate from PostgreSQL, once per process at a time; null: no such product. */
  private seed(productId: number): Promise<number | null> {
    return this.seeds.run(String(productId), async () => {
      const stock = (await this.readStock([productId])).get(productId);
      if (stock === undefined) return null;
      const { gate, holds } = this.keys.product(productId);
      const value = await callRedis(this.redis, () =>
        runScript(this.redis, seedStockScript, [gate, holds], [stock, this.ttlMs]),
      );
      return Number(value);
    });
  }
}
