import { randomUUID } from 'node:crypto';
import { SingleFlight } from '../concurrency';
import { callRedis } from '../redis/call';
import type { RedisClient } from '../redis/client';
import type { SaleKeys } from '../redis/keys';
import { runScript } from '../redis/lua';
import { readSaleScript, seedSaleScript, settleSaleScript, takeSaleScript } from './gate-scripts';

/*
 * The sale gate: each live sale item's units AND each customer's allowance in Redis, in front of
 * PostgreSQL, taken together in one Lua step (./gate-scripts.ts). In a drop almost every checkout loses;
 * the gate answers them (sold out, or over the limit) from Redis alone, and lets through only plausible
 * winners. Like the stock gate it never decides a sale: place_order does, inside the order's transaction
 * (drizzle/0007_sales.sql), units and limit both. So the gate may be too generous (a winner it let
 * through still loses in PostgreSQL, cleanly), and where it is unsure (no value, Redis away) it lets the
 * attempt through.
 *
 * How it stays honest: seeded from PostgreSQL (the sale's units left, capped by the product's stock, and
 * every buyer's units from sale_purchases) only when it has no value, in one step; every taken unit and
 * allowance held by its checkout until settled (kept on a commit, given back on a failure), or given back
 * when the hold expires (a crashed checkout); dropped after a cancelled order gives units and allowance
 * back in PostgreSQL, so the next reader re-seeds it.
 */

/** How long a checkout holds its units and allowance before they go back unless settled. */
export const SALE_HOLD_MS = 30_000;
/** The gate lives this long past the sale's end: a checkout racing the end still finds it. */
const AFTER_END_MS = 60 * 60 * 1000;

/** What PostgreSQL says of one sale item: the gate's seed. */
export interface SaleGateSeed {
  /** The sale's units left, capped by the product's stock. */
  units: number;
  limit: number;
  endsAt: Date;
  /** Units each user bought in committed orders (user id → units). */
  bought: ReadonlyMap<number, number>;
}

/** Reads one sale item's seed from PostgreSQL; null: no such sale item. */
export type SaleSeedReader = (saleId: number, productId: number) => Promise<SaleGateSeed | null>;

export interface SaleLine {
  saleId: number;
  productId: number;
  quantity: number;
}

export interface SaleHold {
  saleId: number;
  productId: number;
  member: string;
}

/** The gate's answer to a checkout's sale lines: the holds, or the first line it refuses and why. */
export type SaleGateDecision =
  | { kind: 'held'; holds: SaleHold[] }
  | { kind: 'sold_out'; productId: number; available: number; contended: boolean }
  | { kind: 'over_limit'; productId: number; limit: number; bought: number; contended: boolean };

/** What a cart clamps a sale item to: units left, the limit, and what this user bought (0 for a guest). */
export interface SaleAllowance {
  unitsLeft: number;
  limit: number;
  bought: number;
}

export class SaleGate {
  private readonly seeds = new SingleFlight<boolean>();

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: SaleKeys,
    private readonly readSeed: SaleSeedReader,
    /** How long a take holds (shorter only in tests of a crashed checkout). */
    private readonly holdMs: number = SALE_HOLD_MS,
  ) {}

  /**
   * Takes every line's units and the user's allowance, in (sale, product) order, or none: a line refused
   * gives back what the earlier ones took. Rejects only when Redis (or the seed's PostgreSQL read) fails.
   */
  async take(userId: number, lines: readonly SaleLine[]): Promise<SaleGateDecision> {
    const attempt = randomUUID();
    const holds: SaleHold[] = [];
    const sorted = [...lines].sort((a, b) => a.saleId - b.saleId || a.productId - b.productId);
    for (const { saleId, productId, quantity } of sorted) {
      const member = `${attempt}:${userId}:${quantity}`;
      let reply = await this.takeOne(saleId, productId, userId, quantity, member);
      if (reply[0] === -1 && (await this.seed(saleId, productId))) {
        reply = await this.takeOne(saleId, productId, userId, quantity, member);
      }
      const [code, first = 0, second = 0, third = 0] = reply;
      if (code === 1) holds.push({ saleId, productId, member });
      // No value even now (no such item, or it was just dropped): the gate cannot say; PostgreSQL will.
      if (code !== 0 && code !== 2) continue;
      await this.settle(holds, { giveBack: true });
      // `contended`: another checkout of this user holds units of the item (a double-click's first?).
      return code === 0
        ? { kind: 'sold_out', productId, available: first, contended: second > 0 }
        : { kind: 'over_limit', productId, limit: first, bought: second, contended: third > 0 };
    }
    return { kind: 'held', holds };
  }

  /** Ends holds: after a commit (`giveBack: false`) or a failed order (`true`). Never throws. */
  async settle(holds: readonly SaleHold[], { giveBack }: { giveBack: boolean }): Promise<void> {
    await Promise.all(
      holds.map(({ saleId, productId, member }) => {
        const { gate, holds: holdsKey } = this.keys.item(saleId, productId);
        return callRedis(this.redis, () =>
          runScript(this.redis, settleSaleScript, [gate, holdsKey], [member, giveBack ? 1 : 0]),
        ).catch((error: unknown) => {
          // The hold expires by itself: its units and allowance come back within the hold's time.
          console.error(`sale gate: hold not settled: ${error instanceof Error ? error.message : error}`);
        });
      }),
    );
  }

  /** Units left, limit and the user's bought units (`null`: a guest), seeding the gate when it has none. */
  async allowance(saleId: number, productId: number, userId: number | null): Promise<SaleAllowance | null> {
    const read = await this.read(saleId, productId, userId ?? 0);
    if (read || !(await this.seed(saleId, productId))) return read;
    return this.read(saleId, productId, userId ?? 0);
  }

  /** The units left as the gate knows them, or null when it has no value (nothing is seeded). */
  async unitsLeft(saleId: number, productId: number): Promise<number | null> {
    return (await this.read(saleId, productId, 0))?.unitsLeft ?? null;
  }

  /** Seeds an item's gate from PostgreSQL when it has no value (the prewarm's call); false: no such item. */
  prime(saleId: number, productId: number): Promise<boolean> {
    return this.seed(saleId, productId);
  }

  /** Drops items' gates (after PostgreSQL gave units or allowance back): re-seeded at the next use. */
  async reset(saleId: number, productIds: readonly number[]): Promise<void> {
    await Promise.all(
      productIds.map((productId) => {
        const { gate, holds } = this.keys.item(saleId, productId);
        return callRedis(this.redis, () => this.redis.del(gate, holds));
      }),
    );
  }

  private async takeOne(saleId: number, productId: number, userId: number, quantity: number, member: string) {
    const { gate, holds } = this.keys.item(saleId, productId);
    const reply = await callRedis(this.redis, () =>
      runScript(this.redis, takeSaleScript, [gate, holds], [userId, quantity, member, this.holdMs]),
    );
    return reply as number[];
  }

  private async read(saleId: number, productId: number, userId: number): Promise<SaleAllowance | null> {
    const { gate, holds } = this.keys.item(saleId, productId);
    const reply = await callRedis(this.redis, () =>
      runScript(this.redis, readSaleScript, [gate, holds], [userId]),
    );
    if (!Array.isArray(reply)) return null;
    const [unitsLeft, limit, bought] = reply as number[];
    return { unitsLeft: unitsLeft ?? 0, limit: limit ?? 0, bought: bought ?? 0 };
  }

  /** Seeds one item's gate from PostgreSQL, once per process at a time; false: no such sale item. */
  private seed(saleId: number, productId: number): Promise<boolean> {
    return this.seeds.run(`${saleId}:${productId}`, async () => {
      const seed = await this.readSeed(saleId, productId);
      if (!seed) return false;
      const { gate, holds } = this.keys.item(saleId, productId);
      const pairs = [...seed.bought].filter(([, units]) => units > 0).flat();
      const expiresAt = seed.endsAt.getTime() + AFTER_END_MS;
      await callRedis(this.redis, () =>
        runScript(
          this.redis,
          seedSaleScript,
          [gate, holds],
          [Math.max(0, seed.units), seed.limit, expiresAt, ...pairs],
        ),
      );
      return true;
    });
  }
}
