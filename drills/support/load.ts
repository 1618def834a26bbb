import { randomUUID } from 'node:crypto';
import type { DrillProduct, Shopper } from '../../tooling/stack';

/**
 * A small, bounded load of signed-in shoppers through nginx (HTTPS, each shopper from its own address),
 * each one a sequential loop: view a product page (its picture is drawn inside it: a browser fetches
 * nothing more), add it to the cart, and every few rounds check out with an Idempotency-Key. A checkout
 * without a definite answer (a network error, a 5xx, nginx's 429) keeps its key and is tried again, as a
 * shopper's browser would, so every order PostgreSQL holds can be matched with the 201s the shoppers got.
 * While a checkout is pending the shopper only browses, so what the cart must hold stays known.
 */

export type RequestKind = 'page' | 'add' | 'checkout' | 'me';

export interface RequestRecord {
  at: number;
  kind: RequestKind;
  /** 0: no HTTP answer at all (connection refused or reset, timeout). */
  status: number;
  ms: number;
}

interface ShopperState {
  shopper: Shopper;
  /** Adds answered 200 since the last placed order, and adds whose outcome is unknown. */
  confirmedAdds: number;
  unknownAdds: number;
  pendingKey?: string;
  /** Idempotency-Key → order id, for every 201. */
  orders: Map<string, number>;
}

export interface LoadReport {
  records: RequestRecord[];
  shoppers: ShopperState[];
  /** Every order id a shopper got a 201 for. */
  acknowledgedOrders: Set<number>;
}

export interface LoadOptions {
  url: string;
  shoppers: Shopper[];
  products: DrillProduct[];
  /** Check out every this many rounds (default 3). */
  checkoutEvery?: number;
  /** A shopper's pause between rounds (default 50 ms). */
  pauseMs?: number;
}

const TIMEOUT_MS = 15_000;

export function isFailure(record: RequestRecord): boolean {
  return record.status === 0 || record.status >= 500;
}

export class ShopperLoad {
  private stopped = false;
  private readonly records: RequestRecord[] = [];
  private readonly states: ShopperState[];
  private readonly loops: Promise<void>[];
  private readonly running = new Set<{ kind: RequestKind; path: string; since: number }>();

  constructor(private readonly options: LoadOptions) {
    this.states = options.shoppers.map((shopper) => ({
      shopper,
      confirmedAdds: 0,
      unknownAdds: 0,
      orders: new Map(),
    }));
    this.loops = this.states.map((state, index) => this.run(state, index));
  }

  /** Requests recorded so far. */
  get soFar(): readonly RequestRecord[] {
    return this.records;
  }

  /** Requests sent and not yet answered, oldest first: what a drill prints when something hangs. */
  inFlight(): string[] {
    return [...this.running].map(
      (request) => `${request.kind} ${request.path} ${Date.now() - request.since} ms`,
    );
  }

  /** Stops the loops, then settles every pending checkout (same key) until it has a definite answer. */
  async stop(settleMs = 30_000): Promise<LoadReport> {
    this.stopped = true;
    await Promise.all(this.loops);
    const deadline = Date.now() + settleMs;
    await Promise.all(
      this.states.map(async (state) => {
        while (state.pendingKey && Date.now() < deadline) {
          if (!(await this.checkout(state))) await sleep(250);
        }
      }),
    );
    const acknowledgedOrders = new Set(this.states.flatMap((state) => [...state.orders.values()]));
    return { records: this.records, shoppers: this.states, acknowledgedOrders };
  }

  private async run(state: ShopperState, index: number): Promise<void> {
    const { products } = this.options;
    const every = this.options.checkoutEvery ?? 3;
    await sleep((index * 37) % 500); // staggered starts
    for (let round = 1; !this.stopped; round += 1) {
      const product = products[(index * 7 + round) % products.length]!;
      await this.request(state, 'page', `/products/${product.slug}`);
      if (state.pendingKey) {
        await this.checkout(state);
      } else {
        const status = await this.request(state, 'add', '/api/cart/items', {
          method: 'POST',
          body: JSON.stringify({ productId: product.id, quantity: 1 }),
        });
        if (status === 200) state.confirmedAdds += 1;
        // A 503 is a refusal that wrote nothing; no answer or another 5xx may or may not have added.
        else if (status === 0 || (status >= 500 && status !== 503)) state.unknownAdds += 1;
        if (round % every === 0 && state.confirmedAdds + state.unknownAdds > 0) {
          state.pendingKey = randomUUID();
          await this.checkout(state);
        }
      }
      await sleep(this.options.pauseMs ?? 50);
    }
  }

  /** One attempt with the pending key; true once the key has a definite answer. */
  private async checkout(state: ShopperState): Promise<boolean> {
    const key = state.pendingKey!;
    let orderId: number | undefined;
    const status = await this.request(
      state,
      'checkout',
      '/api/checkout',
      { method: 'POST', headers: { 'Idempotency-Key': key } },
      async (response) => {
        if (response.status === 201) orderId = ((await response.json()) as { orderId: number }).orderId;
      },
    );
    if (status === 201) {
      state.orders.set(key, orderId!);
      state.confirmedAdds = 0;
      state.unknownAdds = 0;
    } else if (status === 400) {
      // An empty cart: every add of the round was one that never happened.
      state.confirmedAdds = 0;
      state.unknownAdds = 0;
    } else if (status !== 409 && status !== 429 && status !== 0 && status < 500) {
      throw new Error(`checkout answered ${status}`);
    }
    const definite = status === 201 || status === 400;
    if (definite) state.pendingKey = undefined;
    return definite;
  }

  private async request(
    state: ShopperState,
    kind: RequestKind,
    path: string,
    init: RequestInit = {},
    read?: (response: Response) => Promise<void>,
  ): Promise<number> {
    const started = performance.now();
    const running = { kind, path, since: Date.now() };
    this.running.add(running);
    let status = 0;
    try {
      const response = await state.shopper.fetch(`${this.options.url}${path}`, {
        ...init,
        headers: {
          cookie: state.shopper.cookie,
          ...(init.body ? { 'content-type': 'application/json' } : {}),
          ...init.headers,
        },
        redirect: 'manual',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      status = response.status;
      if (read) await read(response);
      else await response.arrayBuffer();
    } catch {
      // status stays 0 (or the answer was cut mid-body: still a failure the shopper saw)
      status = status && status < 500 ? 0 : status;
    }
    this.running.delete(running);
    this.records.push({ at: Date.now(), kind, status, ms: performance.now() - started });
    return status;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Failed requests among `records` (all kinds, or those `only` names). */
export function failures(records: readonly RequestRecord[], only?: RequestKind[]): RequestRecord[] {
  return records.filter((record) => isFailure(record) && (!only || only.includes(record.kind)));
}
