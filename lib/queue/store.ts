import { callRedis } from '../redis/call';
import type { RedisClient } from '../redis/client';
import type { LineKeys, QueueKeys } from '../redis/keys';
import { runScript } from '../redis/lua';
import { drawOrder } from './order';
import { advanceLineScript, drawLineScript, joinLineScript, lookupLineScript } from './scripts';

/*
 * A sale's line in Redis (./scripts.ts): joining, the seeded draw at the start, admissions given and
 * ended. Every call is one script on one slot. The store keeps nothing in memory: ./lines.ts is each
 * instance's once-a-second view of it, shared by all of that instance's waiting shoppers.
 */

/** The line's keys live this long past the sale's end: a late status read or release still finds them. */
const AFTER_END_MS = 60 * 60 * 1000;

/** What the store needs of a queued sale (from the registry's record). */
export interface LineSpec {
  saleId: number;
  startsAt: number;
  endsAt: number;
  activeShoppers: number;
  admissionMinutes: number;
  /** The seed (hex) that orders the early joiners. */
  seed: string;
}

/** Where a drawn line stands, as one script read it. */
export interface LineSnapshot {
  /** Redis's clock when read (ms). */
  now: number;
  /** The last place admitted so far ("admitted through place N"); 0 before anyone is. */
  front: number;
  /** Places in line. */
  total: number;
  /** Accounts admitted by this very call, with when they joined (ms): the admission wait's start. */
  admittedNow: Array<{ userId: number; joinedAt: number }>;
  /** Every admission held: user id → its expiry (ms). */
  active: Map<number, number>;
}

/** One account's standing: when it joined, and its place (null until the draw, for an early joiner). */
export interface Standing {
  joinedAt: number;
  place: number | null;
}

export class QueueStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: QueueKeys,
  ) {}

  /** Joins `userId` to the line; `first` is false for an account already in it (its place is kept). */
  async join(line: LineSpec, userId: number): Promise<{ first: boolean; joinedAt: number }> {
    const reply = (await this.run(line, joinLineScript, [userId, line.startsAt, expiry(line)])) as number[];
    return { first: reply[0] === 1, joinedAt: Number(reply[1]) };
  }

  /**
   * Draws the early joiners' places (the seeded shuffle), once Redis's clock has passed the start.
   * True when the places are drawn (by this call or an earlier one, of any instance); false before the start.
   */
  async draw(line: LineSpec): Promise<boolean> {
    const keys = this.keys.line(line.saleId);
    for (let attempt = 0; attempt < 5; attempt++) {
      const members = await callRedis(this.redis, () => this.redis.smembers(keys.early));
      const order = drawOrder(line.seed, members.map(Number));
      const reply = await this.run(line, drawLineScript, [
        line.startsAt,
        expiry(line),
        order.length,
        ...order,
      ]);
      if (reply !== -2) return reply === 1;
      // An account joined between the read and the draw (just before the start): read the set again.
    }
    throw new Error(`queue: the early joiners of sale ${line.saleId} kept changing during the draw`);
  }

  /**
   * Ends expired admissions (and `release`'s, when given: its holder placed their order), gives the free
   * admissions to the next places unless `soldOut`, and reads where the line stands; null before the draw.
   */
  async advance(
    line: LineSpec,
    { soldOut, release }: { soldOut: boolean; release?: number },
  ): Promise<LineSnapshot | null> {
    const admissionMs = line.admissionMinutes * 60_000;
    const reply = (await this.run(line, advanceLineScript, [
      line.activeShoppers,
      admissionMs,
      soldOut ? 1 : 0,
      expiry(line),
      release ?? '',
    ])) as Array<number | string>;
    if (Number(reply[0]) === 0) return null;
    const [, now, front, total, count] = reply.map(Number) as [number, number, number, number, number];
    const admittedNow: LineSnapshot['admittedNow'] = [];
    let at = 5;
    for (let i = 0; i < count; i++, at += 2) {
      admittedNow.push({ userId: Number(reply[at]), joinedAt: Number(reply[at + 1]) });
    }
    const active = new Map<number, number>();
    for (; at + 1 < reply.length; at += 2) active.set(Number(reply[at]), Number(reply[at + 1]));
    return { now, front, total, admittedNow, active };
  }

  /** `userId`'s standing in the line, or null for an account that has not joined. */
  async standing(line: LineSpec, userId: number): Promise<Standing | null> {
    const reply = (await this.run(line, lookupLineScript, [userId])) as number[];
    if (reply[0] !== 1) return null;
    return { joinedAt: Number(reply[1]), place: Number(reply[2]) > 0 ? Number(reply[2]) : null };
  }

  /** Until when `userId` holds an admission, as Redis says now (checkout's one check); null for none. */
  async admittedUntil(line: LineSpec, userId: number): Promise<number | null> {
    const { active } = this.keys.line(line.saleId);
    const expiry = await callRedis(this.redis, () => this.redis.zscore(active, String(userId)));
    return expiry !== null && Number(expiry) > Date.now() ? Number(expiry) : null;
  }

  private run(line: LineSpec, script: Parameters<typeof runScript>[1], args: Array<string | number>) {
    const keys = lineKeyList(this.keys.line(line.saleId));
    return callRedis(this.redis, () => runScript(this.redis, script, keys, args));
  }
}

const expiry = (line: LineSpec) => line.endsAt + AFTER_END_MS;

/** The five keys in the order every line script takes them. */
function lineKeyList(keys: LineKeys): string[] {
  return [keys.joined, keys.early, keys.places, keys.state, keys.active];
}
