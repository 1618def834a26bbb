import pLimit from 'p-limit';
import { randomUUID } from 'node:crypto';
import { Browser, type Answer } from './browser';
import { progressBar } from '../progress';
import type { Account, Product } from './setup';

/*
 * The same sale without a line: at its start the whole crowd opens the product page, adds the product and
 * checks out at once, over both instances, `concurrency` shoppers in flight (the load generator's own
 * limit). What every shopper would meet if there were no waiting room: the reason for one.
 */

export interface CrowdVisit {
  page: Answer;
  checkout?: Answer;
}

export interface CrowdRun {
  visits: CrowdVisit[];
  /** From the start to the last answer (s). */
  seconds: number;
}

export async function rushWithoutLine(
  accounts: readonly Account[],
  product: Product,
  concurrency: number,
): Promise<CrowdRun> {
  const limit = pLimit(concurrency);
  const bar = progressBar('everyone at once', accounts.length);
  const started = performance.now();
  try {
    const visits = await Promise.all(
      accounts.map((account) =>
        limit(async () => {
          const visit = await shop(account, product);
          bar.increment();
          return visit;
        }),
      ),
    );
    return { visits, seconds: (performance.now() - started) / 1000 };
  } finally {
    bar.stop();
  }
}

async function shop(account: Account, product: Product): Promise<CrowdVisit> {
  const browser = new Browser(account.baseURL, account.cookie);
  const page = await browser.request(`/products/${product.slug}`);
  if (page.status !== 200) return { page };
  const added = await browser.request('/api/cart/items', {
    method: 'POST',
    body: { productId: product.id, quantity: 1 },
  });
  if (added.status !== 200) return { page };
  const checkout = await browser.request('/api/checkout', {
    method: 'POST',
    headers: { 'idempotency-key': randomUUID() },
  });
  return { page, checkout };
}
