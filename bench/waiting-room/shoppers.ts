import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Browser, jsonOf, type Answer } from './browser';
import type { FrontWatch } from './front';
import type { Account, Product } from './setup';

/*
 * The admitted shoppers: `activeShoppers` lanes, each one shopper at a time, as the line admits them. A lane
 * takes the next place in line, waits until its instance's event stream says that place is admitted (what the
 * shopper's waiting page learns), then the shopper does what an admitted shopper does: asks its status (which
 * answers `admitted` and sets the admission cookie), opens the product page, reads it for a moment, adds the
 * product, and checks out. The placed order ends its admission and admits the next place: the lane takes it.
 * So `activeShoppers` shoppers shop at once, each for a few seconds, for as long as the lanes run.
 */

export interface Visit {
  place: number;
  /** The product page (HTML) and the checkout as the shopper saw them; absent when not reached. */
  page?: Answer;
  checkout?: Answer;
  /** What went wrong, when something did (e.g. "status waiting", "page 303", "checkout 409"). */
  failure?: string;
}

export interface ShopperOptions {
  lanes: number;
  /** How long a shopper reads the product page before adding it (ms); half as long before checking out. */
  thinkMs: number;
}

/**
 * When the stream says the turn has come and the status does not yet, the line's page asks again this soon
 * (app/(personal)/queue/_components/line-follower.tsx), a few times at most here.
 */
const STATUS_RETRY_MS = 2_000;
const STATUS_ATTEMPTS = 5;

export class AdmittedShoppers {
  readonly visits: Visit[] = [];
  private next = 1;
  private stopped = false;
  private running: Promise<void>[] = [];
  private readonly byUser: Map<number, Account>;

  constructor(
    private readonly saleId: number,
    private readonly product: Product,
    /** User ids by place (place 1 first), as the line drew them. */
    private readonly places: readonly number[],
    accounts: readonly Account[],
    private readonly fronts: readonly FrontWatch[],
    private readonly options: ShopperOptions,
  ) {
    this.byUser = new Map(accounts.map((account) => [account.userId, account]));
  }

  start(): void {
    this.running = Array.from({ length: this.options.lanes }, () => this.lane());
  }

  /** No lane takes another place; the shoppers under way finish their visit. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.running);
  }

  /** When each placed order's answer arrived (Date.now()), in order: each freed one admission. */
  freedAt(): number[] {
    return this.visits
      .filter((visit) => visit.checkout?.status === 201)
      .map((visit) => visit.checkout!.at)
      .sort((a, b) => a - b);
  }

  /** The front watch of `place`'s shopper's instance. */
  frontOf(place: number): FrontWatch {
    const account = this.accountAt(place);
    return this.fronts.find((front) => front.baseURL === account.baseURL)!;
  }

  accountAt(place: number): Account {
    return this.byUser.get(this.places[place - 1]!)!;
  }

  private async lane(): Promise<void> {
    while (!this.stopped && this.next <= this.places.length) {
      const place = this.next++;
      if (!(await this.frontOf(place).until(place, () => this.stopped))) return;
      this.visits.push(await this.shop(place));
    }
  }

  private async shop(place: number): Promise<Visit> {
    const account = this.accountAt(place);
    const browser = new Browser(account.baseURL, account.cookie);
    const visit: Visit = { place };
    const admitted = await this.status(browser);
    if (admitted !== 'admitted') return { ...visit, failure: `status ${admitted}` };
    visit.page = await browser.request(`/products/${this.product.slug}`);
    if (visit.page.status !== 200) return { ...visit, failure: `page ${visit.page.status}` };
    await sleep(this.options.thinkMs);
    const added = await browser.request('/api/cart/items', {
      method: 'POST',
      body: { productId: this.product.id, quantity: 1 },
    });
    if (added.status !== 200) return { ...visit, failure: `add to cart ${added.status}` };
    await sleep(this.options.thinkMs / 2);
    visit.checkout = await browser.request('/api/checkout', {
      method: 'POST',
      headers: { 'idempotency-key': randomUUID() },
    });
    if (visit.checkout.status !== 201) return { ...visit, failure: `checkout ${visit.checkout.status}` };
    return visit;
  }

  /** The shopper's status, asked until it says admitted (its instance's view and its stream agree). */
  private async status(browser: Browser): Promise<string> {
    let said = 'no answer';
    for (let attempt = 0; attempt < STATUS_ATTEMPTS; attempt += 1) {
      const answer = await browser.request(`/api/sales/${this.saleId}/queue`);
      said = jsonOf<{ status: string }>(answer)?.status ?? `HTTP ${answer.status}`;
      if (said === 'admitted')
        return browser.has(`sf_admission_${this.saleId}`) ? said : 'admitted without a cookie';
      if (said !== 'waiting') return said;
      await sleep(STATUS_RETRY_MS);
    }
    return said;
  }
}
