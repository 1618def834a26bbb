import { beforeAll, describe, expect, it } from 'vitest';
import {
  databaseFingerprint,
  DEMO_ADMIN,
  DEMO_SHOPPER,
  productAt,
  signedIn,
  withOwnCatalog,
} from '@/tooling/vitest/admin';
import {
  bodyWith,
  casesOf,
  numberFieldValues,
  MEGABYTE_TEXT,
  number,
  text,
  type Case,
  type FieldRule,
  type Handler,
  type Route,
  type Who,
} from '@/tooling/vitest/bad-input';
import { keysWithPrefix } from '@/tooling/run-env';
import { TestBrowser } from '@/tooling/vitest/session';
import { POST as cancelOrder } from './admin/orders/[id]/cancel/route';
import { DELETE as deleteProduct, PATCH as patchProduct } from './admin/products/[id]/route';
import { POST as createProduct } from './admin/products/route';
import { POST as endSale } from './admin/sales/[id]/end/route';
import { DELETE as cancelSale } from './admin/sales/[id]/route';
import { POST as createSale } from './admin/sales/route';
import { GET as adminStats } from './admin/stats/route';
import { POST as login } from './auth/login/route';
import { POST as logoutAll } from './auth/logout-all/route';
import { POST as logout } from './auth/logout/route';
import { GET as me } from './auth/me/route';
import { POST as register } from './auth/register/route';
import { DELETE as removeLine, PUT as setLine } from './cart/items/[productId]/route';
import { POST as addLine } from './cart/items/route';
import { GET as getCart } from './cart/route';
import { POST as checkout } from './checkout/route';
import { GET as health } from './health/route';
import { GET as metrics } from './metrics/route';
import { GET as getOrder } from './orders/[id]/route';
import { GET as listOrders } from './orders/route';
import { GET as getProduct } from './products/[slug]/route';
import { GET as listProducts } from './products/route';
import { GET as queueStatus, POST as joinQueue } from './sales/[id]/queue/route';
import { GET as getSale } from './sales/[id]/route';
import { GET as listSales } from './sales/route';

// The bad-input corpus (tooling/vitest/bad-input.ts) against every JSON route of app/api, called as Next.js calls
// them on real PostgreSQL and Redis: NUL and other control characters, lone surrogates, 1 MB strings,
// numbers past 2^53 and 1e400, arrays and nulls where objects are expected, %-encoded path parameters.
// No answer may be a 5xx; a refused input gets a 4xx with the API's `{error}`; and the whole run leaves
// every table and every Redis key of its own database and prefix as it found them.

withOwnCatalog('bad_input');

/** A product's fields, on create and on patch: a description may hold line breaks, an image may be null. */
const PRODUCT_FIELDS: Record<string, FieldRule> = {
  name: text,
  description: { kind: 'text', accepts: ['LF', 'CR LF', 'tab'] },
  priceCents: number,
  stock: number,
  category: text,
  slug: text,
  imageUrl: { kind: 'text', accepts: ['null'] },
};

const LISTING_QUERIES = [
  'q=%00',
  'q=Flash%00lamp',
  'q=%1B%5B31m',
  'q=a%7Fb',
  'q=a%C2%85b',
  'q=a%0D%0Ab',
  'q=a%09b',
  `q=${MEGABYTE_TEXT}`,
  'page=%00',
  'page=99999999999999999999',
  'page=9007199254740993',
  'page=1e400',
  'page=-1',
  'page=0x10',
  'pageSize=1e400',
  'pageSize=%00',
  'category=%00',
  'category=%2F..%2F',
  'category=..%2F..%2Fetc',
  'sort=%00',
  `sort=${MEGABYTE_TEXT}`,
];

// /api/metrics goes through the route wrapper (loopback or METRICS_TOKEN only) like every other route.
const metricsRoute: Handler = metrics;

let productId = 0;
let productSlug = '';

const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();
/** A sale the route would schedule (an hour ahead, one unit of the product at 1 cent). */
const saleItemBase = () => ({ productId, salePriceCents: 1, units: 1, perCustomerLimit: 1 });
const saleBase = () => ({
  name: 'Odd drop',
  startsAt: inSeconds(3600),
  endsAt: inSeconds(7200),
  items: [saleItemBase()],
});

/** Each field of a sale's item made bad in turn (the route corpus only reaches top-level fields). */
function saleItemCases(): Case[] {
  const cases: Case[] = [];
  for (const field of Object.keys(saleItemBase())) {
    for (const [label, value] of Object.entries(numberFieldValues())) {
      const item = bodyWith(saleItemBase(), field, value);
      cases.push({
        label: `POST /api/admin/sales items.0.${field}: ${label}`,
        who: 'admin',
        handler: createSale,
        method: 'POST',
        path: '/api/admin/sales',
        raw: bodyWith(saleBase(), 'items', `[${item}]`),
        expect: 'refused',
      });
    }
  }
  return cases;
}

const ROUTES: Route[] = [
  {
    method: 'GET',
    path: '/api/products',
    handler: listProducts,
    who: 'guest',
    refusedQueries: LISTING_QUERIES,
  },
  {
    method: 'GET',
    path: '/api/products/[slug]',
    handler: getProduct,
    who: 'guest',
    param: ['slug', () => productSlug],
  },
  { method: 'GET', path: '/api/cart', handler: getCart, who: 'guest' },
  {
    method: 'POST',
    path: '/api/cart/items',
    handler: addLine,
    who: 'guest',
    body: { base: () => ({ productId, quantity: 1 }), fields: { productId: number, quantity: number } },
  },
  {
    method: 'PUT',
    path: '/api/cart/items/[productId]',
    handler: setLine,
    who: 'guest',
    param: ['productId', () => String(productId)],
    body: { base: () => ({ quantity: 1 }), fields: { quantity: number } },
  },
  {
    method: 'DELETE',
    path: '/api/cart/items/[productId]',
    handler: removeLine,
    who: 'guest',
    param: ['productId', () => String(productId)],
  },
  {
    method: 'POST',
    path: '/api/auth/register',
    handler: register,
    who: 'guest',
    body: {
      base: () => ({
        name: 'Odd Input',
        email: 'odd-input@example.test',
        password: 'a long enough password',
      }),
      fields: { name: text, email: text, password: text },
    },
  },
  {
    method: 'POST',
    path: '/api/auth/login',
    handler: login,
    who: 'guest',
    body: {
      base: () => ({ email: DEMO_SHOPPER.email, password: 'not the password at all' }),
      fields: { email: text, password: text },
    },
  },
  // Signed out: a signed-in call would end the session, which is what these routes are for.
  { method: 'POST', path: '/api/auth/logout', handler: logout, who: 'guest', ignoresBody: true },
  { method: 'POST', path: '/api/auth/logout-all', handler: logoutAll, who: 'guest', ignoresBody: true },
  { method: 'GET', path: '/api/auth/me', handler: me, who: 'shopper' },
  // The shopper's cart is empty: a body that passed would be refused for that (400), placing nothing.
  {
    method: 'POST',
    path: '/api/checkout',
    handler: checkout,
    who: 'shopper',
    headers: () => ({ 'idempotency-key': `bad-input-${Math.random()}` }),
    body: { base: () => ({ expectedTotalCents: 0 }), fields: { expectedTotalCents: number } },
  },
  {
    method: 'GET',
    path: '/api/orders',
    handler: listOrders,
    who: 'shopper',
    refusedQueries: ['page=%00', 'page=1e400', 'page=99999999999999999999'],
  },
  { method: 'GET', path: '/api/orders/[id]', handler: getOrder, who: 'shopper', param: ['id', () => '1'] },
  {
    method: 'POST',
    path: '/api/admin/products',
    handler: createProduct,
    who: 'admin',
    body: {
      base: () => ({
        name: 'Odd Lamp',
        description: 'Bright.',
        priceCents: 2599,
        stock: 4,
        category: 'kitchen',
      }),
      fields: PRODUCT_FIELDS,
    },
  },
  {
    method: 'PATCH',
    path: '/api/admin/products/[id]',
    handler: patchProduct,
    who: 'admin',
    param: ['id', () => String(productId)],
    body: {
      base: () => ({ stock: 5 }),
      fields: { ...PRODUCT_FIELDS, version: number },
    },
  },
  {
    method: 'DELETE',
    path: '/api/admin/products/[id]',
    handler: deleteProduct,
    who: 'admin',
    param: ['id', () => String(productId)],
    refusedQueries: ['version=%00', 'version=1e400', 'version=9007199254740993', 'version=-1'],
  },
  {
    method: 'POST',
    path: '/api/admin/orders/[id]/cancel',
    handler: cancelOrder,
    who: 'admin',
    param: ['id', () => '1'],
  },
  {
    method: 'POST',
    path: '/api/admin/sales',
    handler: createSale,
    who: 'admin',
    body: {
      base: saleBase,
      // `items` and `queue` as a whole: no text or number is a list of items or a line (`queue` may be null).
      fields: {
        name: text,
        startsAt: text,
        endsAt: text,
        items: text,
        queue: { kind: 'text', accepts: ['null'] },
      },
    },
  },
  // No sale exists in this file's database: a well-formed id is a 404, like every malformed one.
  {
    method: 'DELETE',
    path: '/api/admin/sales/[id]',
    handler: cancelSale,
    who: 'admin',
    param: ['id', () => '999999'],
  },
  {
    method: 'POST',
    path: '/api/admin/sales/[id]/end',
    handler: endSale,
    who: 'admin',
    param: ['id', () => '999999'],
  },
  { method: 'GET', path: '/api/sales', handler: listSales, who: 'guest' },
  { method: 'GET', path: '/api/sales/[id]', handler: getSale, who: 'guest', param: ['id', () => '999999'] },
  // The line of a sale that does not exist: 404 whatever the id, and nothing joined.
  {
    method: 'POST',
    path: '/api/sales/[id]/queue',
    handler: joinQueue,
    who: 'shopper',
    param: ['id', () => '999999'],
  },
  {
    method: 'GET',
    path: '/api/sales/[id]/queue',
    handler: queueStatus,
    who: 'shopper',
    param: ['id', () => '999999'],
  },
  { method: 'GET', path: '/api/admin/stats', handler: adminStats, who: 'admin' },
  { method: 'GET', path: '/api/metrics', handler: metricsRoute, who: 'guest' },
  { method: 'GET', path: '/api/health', handler: health, who: 'guest' },
];

/** Idempotency keys the checkout must refuse (a NUL, CR or LF cannot be put in a header at all). */
const CHECKOUT_KEYS = ['\u0001abc', 'abc\u007f', 'é-key', ' ', 'k'.repeat(256)];

/** Session cookies that name no session: read as signed out, never a 5xx. */
const ODD_COOKIES = [
  'sf_session=%00',
  'sf_session=\u0001',
  `sf_session=${'x'.repeat(4096)}`,
  'sf_session=a; sf_session=b',
];

function extraCases(): Case[] {
  const cases: Case[] = CHECKOUT_KEYS.map((key) => ({
    label: `POST /api/checkout Idempotency-Key ${JSON.stringify(key.slice(0, 10))}`,
    who: 'shopper',
    handler: checkout,
    method: 'POST',
    path: '/api/checkout',
    headers: { 'idempotency-key': key },
    expect: 'refused',
  }));
  for (const cookie of ODD_COOKIES) {
    for (const [handler, method, path] of [
      [getCart, 'GET', '/api/cart'],
      [me, 'GET', '/api/auth/me'],
      [logout, 'POST', '/api/auth/logout'],
    ] as const) {
      const label = `${method} ${path} cookie ${JSON.stringify(cookie.slice(0, 20))}`;
      cases.push({ label, who: 'guest', handler, method, path, headers: { cookie }, expect: 'answered' });
    }
  }
  return cases;
}

const browsers = {} as Record<Who, TestBrowser>;

async function run(item: Case): Promise<string | undefined> {
  let answer: Awaited<ReturnType<TestBrowser['call']>>;
  try {
    answer = await browsers[item.who].call(item.handler, item.method, item.path, item);
  } catch (error) {
    return `${item.label}: threw ${String(error)}`;
  }
  const { status, json } = answer;
  const shown = `${item.label}: ${status} ${answer.text.slice(0, 160)}`;
  if (status >= 500) return shown;
  if (status >= 400 && typeof (json as { error?: unknown } | null)?.error !== 'string') return shown;
  if (item.expect === 'refused' && (status < 400 || status >= 500)) return shown;
  return undefined;
}

async function runAll(cases: Case[]): Promise<string[]> {
  const offenders: string[] = [];
  for (const item of cases) {
    const offence = await run(item);
    if (offence) offenders.push(offence);
  }
  return offenders;
}

/**
 * What the run could have changed: every table, and every key under the file's prefix that is data or the
 * mark of a write. Left out: counters of reads (a new bucket each minute) and the cache's entries and tag
 * sets, which any read may fill (an unknown slug is remembered for a minute, by design); a write would
 * show anyway, as a namespace version, a generation or an invalidation time.
 */
async function snapshot() {
  const keys = (await keysWithPrefix(process.env.REDIS_KEY_PREFIX!)).filter(
    (key) => !key.includes('stats:{') && (!key.includes('cache:') || /:(version|gen|at)$/.test(key)),
  );
  return { tables: await databaseFingerprint(), keys };
}

let before: Awaited<ReturnType<typeof snapshot>>;

beforeAll(async () => {
  const product = await productAt(2);
  productId = product.id;
  productSlug = product.slug;
  browsers.guest = new TestBrowser();
  browsers.shopper = await signedIn(DEMO_SHOPPER);
  browsers.admin = await signedIn(DEMO_ADMIN);
  before = await snapshot();
});

describe('bad input on every JSON route', () => {
  it.each(ROUTES.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s: no 5xx, a 4xx with {error} for each refused input',
    async (_name, route) => {
      expect(await runAll(casesOf(route))).toEqual([]);
    },
    120_000,
  );

  // Who the caller is comes first: signed out is a 401 whatever the path, query or body says.
  const personal = ROUTES.filter((route) => route.who !== 'guest' || route.handler === logoutAll);
  it.each(personal.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s signed out: 401 for every input',
    async (_name, route) => {
      const cases = casesOf({ ...route, who: 'guest' });
      if (route.handler === checkout) cases.push(...extraCases().filter((item) => item.handler === checkout));
      const offenders: string[] = [];
      for (const item of cases) {
        const { status } = await browsers.guest.call(item.handler, item.method, item.path, item);
        if (status !== 401) offenders.push(`${item.label}: ${status}`);
      }
      expect(offenders).toEqual([]);
    },
    120_000,
  );

  it('checkout keys and session cookies: no 5xx', async () => {
    expect(await runAll(extraCases())).toEqual([]);
  });

  it("a sale's items: each field refused, never a 5xx", async () => {
    expect(await runAll(saleItemCases())).toEqual([]);
  });

  it('names the field of each sale rule: times, prices, units, limits, products', async () => {
    const product = await productAt(2);
    const item = saleItemBase();
    const refusals: [body: Record<string, unknown>, field: string][] = [
      [{ ...saleBase(), startsAt: inSeconds(-60) }, 'startsAt'],
      [{ ...saleBase(), startsAt: 'noon' }, 'startsAt'],
      [{ ...saleBase(), endsAt: inSeconds(60) }, 'endsAt'],
      [{ ...saleBase(), items: [{ ...item, salePriceCents: 0 }] }, 'items.0.salePriceCents'],
      [
        { ...saleBase(), items: [{ ...item, salePriceCents: product.priceCents + 1 }] },
        'items.0.salePriceCents',
      ],
      [{ ...saleBase(), items: [{ ...item, units: product.stock + 1 }] }, 'items.0.units'],
      [{ ...saleBase(), items: [{ ...item, perCustomerLimit: 0 }] }, 'items.0.perCustomerLimit'],
      [{ ...saleBase(), items: [{ ...item, productId: 999_999 }] }, 'items.0.productId'],
    ];
    for (const [body, field] of refusals) {
      const answer = await browsers.admin.call(createSale, 'POST', '/api/admin/sales', { body });
      expect(answer, field).toMatchObject({ status: 400, json: { fields: { [field]: expect.any(String) } } });
    }
  });

  it('names the field of a refused control character', async () => {
    const search = await browsers.guest.call(listProducts, 'GET', '/api/products?q=%00');
    expect(search).toMatchObject({
      status: 400,
      json: { error: expect.any(String), fields: { q: expect.any(String) } },
    });
    const name = await browsers.guest.call(register, 'POST', '/api/auth/register', {
      body: { name: 'Odd\u0000Input', email: 'odd-input@example.test', password: 'a long enough password' },
    });
    expect(name).toMatchObject({ status: 400, json: { fields: { name: expect.any(String) } } });
    const password = await browsers.guest.call(login, 'POST', '/api/auth/login', {
      body: { email: DEMO_SHOPPER.email, password: 'a long\u0000password' },
    });
    expect(password).toMatchObject({ status: 400, json: { fields: { password: expect.any(String) } } });
    const description = await browsers.admin.call(createProduct, 'POST', '/api/admin/products', {
      body: { name: 'Odd Lamp', description: 'Bright\u0000', priceCents: 1, stock: 1, category: 'kitchen' },
    });
    expect(description).toMatchObject({ status: 400, json: { fields: { description: expect.any(String) } } });
    // Refused for the value, before the (empty) cart is read.
    for (const expectedTotalCents of [-1, 2 ** 53, 1.5, '1']) {
      const total = await browsers.shopper.call(checkout, 'POST', '/api/checkout', {
        headers: { 'idempotency-key': 'bad-input-total' },
        body: { expectedTotalCents },
      });
      expect(total).toMatchObject({
        status: 400,
        json: { fields: { expectedTotalCents: expect.any(String) } },
      });
    }
  });

  it('left every row and every key as it found them', async () => {
    expect(await snapshot()).toEqual(before);
  });
});

// After the snapshot's comparison: this one schedules a sale on purpose.
describe('a product already in a sale that has not ended', () => {
  it('is a 409, and the second sale is not written', async () => {
    const first = await browsers.admin.call(createSale, 'POST', '/api/admin/sales', { body: saleBase() });
    expect(first.status).toBe(201);
    const tables = await databaseFingerprint();
    const again = await browsers.admin.call(createSale, 'POST', '/api/admin/sales', { body: saleBase() });
    expect(again).toMatchObject({ status: 409, json: { error: expect.any(String), productId } });
    expect(await databaseFingerprint()).toEqual(tables);
  });
});
