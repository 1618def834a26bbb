import type { LimitFunction } from 'p-limit';
import { hashPassword } from '../../lib/auth/password';
import { mintSessions } from '../../tooling/minted-sessions';
import { progressBar } from '../progress';
import type { BenchStore } from './store';

/**
 * The sale's crowd, made as e2e/flash-sale.spec.ts makes it: users inserted with one shared password hash
 * and sessions minted straight in Redis (a login costs a password hash by design, and this is no password
 * benchmark), then one unit of the hot product put in each cart through the API, as a shopper would.
 * Returns each shopper's Cookie header.
 */
export async function prepareShoppers(
  store: BenchStore,
  count: number,
  limit: LimitFunction,
): Promise<string[]> {
  const hash = await hashPassword('flash-sale-password');
  const users = await store.sql<{ id: number }[]>`
    insert into users (email, name, password_hash)
    select 'flash-' || n || '@example.test', 'Flash shopper ' || n, ${hash}
    from generate_series(1, ${count}) as n
    returning id`;
  const cookies = await mintInBatches(
    store,
    users.map((user) => user.id),
  );
  await fillCarts(store, cookies, limit);
  return cookies;
}

const MINT_BATCH = 100;
const MINT_ATTEMPTS = 3;

/**
 * mintSessions gives each Redis call 500 ms, the storefront's own deadline; thousands at once on a busy
 * shared machine miss it. Batches of 100, each retried, keep the setup from failing on noise. A failed
 * batch's sessions are left under the prefix, which cleanup deletes.
 */
async function mintInBatches(store: BenchStore, userIds: number[]): Promise<string[]> {
  const cookies: string[] = [];
  for (let start = 0; start < userIds.length; start += MINT_BATCH) {
    const batch = userIds.slice(start, start + MINT_BATCH);
    for (let attempt = 1; ; attempt += 1) {
      try {
        cookies.push(
          ...(await mintSessions(batch, {
            prefix: store.prefix,
            secret: store.secret,
            redisUrl: store.redisUrl,
          })),
        );
        break;
      } catch (error) {
        if (attempt === MINT_ATTEMPTS) throw error;
      }
    }
  }
  return cookies;
}

async function fillCarts(store: BenchStore, cookies: string[], limit: LimitFunction): Promise<void> {
  const bar = progressBar('filling carts', cookies.length);
  const body = JSON.stringify({ productId: store.product.id, quantity: 1 });
  try {
    const statuses = await Promise.all(
      cookies.map((cookie, index) =>
        limit(async () => {
          const response = await fetch(`${baseUrlFor(store, index)}/api/cart/items`, {
            method: 'POST',
            headers: { cookie, 'content-type': 'application/json' },
            body,
          });
          await response.arrayBuffer();
          bar.increment();
          return response.status;
        }),
      ),
    );
    const refused = statuses.filter((status) => status !== 200).length;
    if (refused > 0) throw new Error(`${refused} of ${cookies.length} add-to-cart requests were refused`);
  } finally {
    bar.stop();
  }
}

/** Shopper `index`'s server: the shoppers alternate between the instances, as behind a load balancer. */
export function baseUrlFor(store: BenchStore, index: number): string {
  return store.instances[index % store.instances.length]!.baseURL;
}
