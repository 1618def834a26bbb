import type { Fetch } from '../scale-out/tls';
import { nearestRank } from '../stats';

/*
 * The sign-in rush's load, shared by its drill (drills/sign-in-rush.drill.ts) and its bench part
 * (bench/parts/sign-ins.ts): shoppers browsing the catalog as the Artillery scenario did (home,
 * /api/viewer, a listing, a product page and its JSON, a search), and a burst of sign-ins fired at a set
 * rate, each sign-in from an address of its own group (nginx limits sign-ins per address: 10 at once). All
 * through nginx, as shoppers come. A request unanswered after TIMEOUT_MS counts as a timeout (status 0).
 */

export const TIMEOUT_MS = 10_000;
/** Sign-ins sent from one address: nginx lets a burst of 10 through per address (deploy/nginx.conf). */
const SIGN_INS_PER_ADDRESS = 8;

export interface RushSite {
  url: string;
  fetchFrom(address: string): Fetch;
}

export interface RushRecord {
  route: string;
  status: number;
  ms: number;
  retryAfter: string | null;
}

export interface Account {
  email: string;
  password: string;
}

/** One request; status 0 when it timed out or got no answer. */
async function timed(fetch: Fetch, route: string, url: string, init: RequestInit = {}): Promise<RushRecord> {
  const started = performance.now();
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
    await response.arrayBuffer();
    return {
      route,
      status: response.status,
      ms: performance.now() - started,
      retryAfter: response.headers.get('retry-after'),
    };
  } catch {
    return { route, status: 0, ms: performance.now() - started, retryAfter: null };
  }
}

const BROWSING: ReadonlyArray<(slug: string) => [string, string]> = [
  () => ['home', '/'],
  () => ['viewer', '/api/viewer'],
  () => ['listing', '/products?page=1'],
  (slug) => ['product page', `/products/${slug}`],
  (slug) => ['product json', `/api/products/${slug}`],
  () => ['search', '/products?q=classic'],
];

/**
 * `browsers` shoppers, each from its own address (`addressOf(i)`), going round the browsing routes over the
 * catalog's `slugs`, one request after another, for `durationMs`.
 */
export async function browse(
  site: RushSite,
  slugs: readonly string[],
  {
    browsers,
    durationMs,
    addressOf,
  }: { browsers: number; durationMs: number; addressOf: (i: number) => string },
): Promise<RushRecord[]> {
  const records: RushRecord[] = [];
  const ends = performance.now() + durationMs;
  await Promise.all(
    Array.from({ length: browsers }, async (_, browser) => {
      const fetch = site.fetchFrom(addressOf(browser));
      for (let step = browser; performance.now() < ends; step += 1) {
        const slug = slugs[(step * 7 + browser) % slugs.length]!;
        const [route, path] = BROWSING[step % BROWSING.length]!(slug);
        records.push(await timed(fetch, route, `${site.url}${path}`));
      }
    }),
  );
  return records;
}

/**
 * Signs `accounts` in through `POST /api/auth/login`, `perSecond` of them a second (one each, in order),
 * without waiting for answers; resolves with every answer. Every group of SIGN_INS_PER_ADDRESS comes from
 * one address (`addressOf(group)`).
 */
export async function signInBurst(
  site: RushSite,
  accounts: readonly Account[],
  { perSecond, addressOf }: { perSecond: number; addressOf: (group: number) => string },
): Promise<RushRecord[]> {
  const signIn = signInsByGroup(site, addressOf);
  const started = performance.now();
  const answers: Promise<RushRecord>[] = [];
  for (const [index, account] of accounts.entries()) {
    const due = started + (index * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    answers.push(signIn(index, account));
  }
  return Promise.all(answers);
}

/** `POST /api/auth/login` for an account, as a browser of the site sends it. */
function signInRequest(site: RushSite, account: Account): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: site.url },
    body: JSON.stringify(account),
  };
}

/** Sign-in number `index`, sent from its group's address: SIGN_INS_PER_ADDRESS from each. */
function signInsByGroup(site: RushSite, addressOf: (group: number) => string) {
  const fetches = new Map<number, Fetch>();
  return (index: number, account: Account): Promise<RushRecord> => {
    const group = Math.floor(index / SIGN_INS_PER_ADDRESS);
    let fetch = fetches.get(group);
    if (!fetch) fetches.set(group, (fetch = site.fetchFrom(addressOf(group))));
    return timed(fetch, 'sign-in', `${site.url}/api/auth/login`, signInRequest(site, account));
  };
}

/**
 * Sign-ins a second the site completes when `concurrency` sign in one after another for `durationMs`
 * (each group of SIGN_INS_PER_ADDRESS from its own address): what the machine can sign in.
 */
export async function signInCapacity(
  site: RushSite,
  accounts: readonly Account[],
  {
    concurrency,
    durationMs,
    addressOf,
  }: { concurrency: number; durationMs: number; addressOf: (group: number) => string },
): Promise<number> {
  const signIn = signInsByGroup(site, addressOf);
  let next = 0;
  let signedIn = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() - started < durationMs && next < accounts.length) {
        const index = next++;
        const answer = await signIn(index, accounts[index]!);
        if (answer.status === 200) signedIn += 1;
      }
    }),
  );
  return (signedIn * 1000) / (performance.now() - started);
}

/** Nearest-rank percentile of the answers' times (ms); 0 for none. */
export function percentileMs(records: readonly { ms: number }[], p: number): number {
  return nearestRank(
    records.map((record) => record.ms).sort((a, b) => a - b),
    p,
  );
}

export interface ArrivalOptions {
  /** New visitors a second, for `durationMs`. */
  perSecond: number;
  durationMs: number;
  /** The share of visitors who sign in, add `productId` and check out; the rest browse. */
  signInShare: number;
  slugs: readonly string[];
  /** Accounts for the visitors who sign in, one each, used in order. */
  accounts: readonly Account[];
  productId: number;
  /** Each visitor's address (nginx limits per address: one visitor each, as people come). */
  addressOf: (visitor: number) => string;
}

/**
 * Visitors arriving at a steady rate, as the Artillery scenario made them: most browse the six
 * routes once, one by one; `signInShare` of them sign in, add the product and check out. Resolves with every
 * request's answer once the last visitor is done.
 */
export async function visitorArrivals(site: RushSite, options: ArrivalOptions): Promise<RushRecord[]> {
  const records: RushRecord[] = [];
  const visitors = Math.round((options.perSecond * options.durationMs) / 1000);
  const buyers = new Set(
    Array.from({ length: visitors }, (_, i) => i).filter(
      (i) => Math.floor((i + 1) * options.signInShare) > Math.floor(i * options.signInShare),
    ),
  );
  const started = performance.now();
  const journeys: Promise<void>[] = [];
  let nextAccount = 0;
  for (let visitor = 0; visitor < visitors; visitor += 1) {
    const wait = started + (visitor * 1000) / options.perSecond - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const fetch = site.fetchFrom(options.addressOf(visitor));
    const account = buyers.has(visitor) ? options.accounts[nextAccount++] : undefined;
    journeys.push(
      account
        ? buy(site, fetch, account, options.productId, records)
        : browseOnce(site, fetch, options.slugs[visitor % options.slugs.length]!, records),
    );
  }
  await Promise.all(journeys);
  return records;
}

async function browseOnce(site: RushSite, fetch: Fetch, slug: string, records: RushRecord[]) {
  for (const route of BROWSING) {
    const [name, path] = route(slug);
    records.push(await timed(fetch, name, `${site.url}${path}`));
  }
}

/** Signs in (a 503 is retried once after its Retry-After), adds the product, checks out. */
async function buy(site: RushSite, fetch: Fetch, account: Account, productId: number, records: RushRecord[]) {
  const json = { 'content-type': 'application/json', origin: site.url };
  let signIn: RushRecord & { cookie?: string } = { route: 'sign-in', status: 0, ms: 0, retryAfter: null };
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const started = performance.now();
    try {
      const response = await fetch(`${site.url}/api/auth/login`, {
        ...signInRequest(site, account),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      await response.arrayBuffer();
      const cookie = response.headers.get('set-cookie')?.split(';')[0];
      signIn = {
        route: 'sign-in',
        status: response.status,
        ms: performance.now() - started,
        retryAfter: response.headers.get('retry-after'),
        cookie,
      };
    } catch {
      signIn = { route: 'sign-in', status: 0, ms: performance.now() - started, retryAfter: null };
    }
    records.push({
      route: signIn.route,
      status: signIn.status,
      ms: signIn.ms,
      retryAfter: signIn.retryAfter,
    });
    if (signIn.status !== 503) break;
    await new Promise((resolve) => setTimeout(resolve, Number(signIn.retryAfter ?? 1) * 1000));
  }
  if (signIn.status !== 200 || !signIn.cookie) return;
  const headers = { ...json, cookie: signIn.cookie };
  records.push(
    await timed(fetch, 'add to cart', `${site.url}/api/cart/items`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ productId, quantity: 1 }),
    }),
  );
  records.push(
    await timed(fetch, 'checkout', `${site.url}/api/checkout`, {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': `rush-${account.email}` },
    }),
  );
}
