import { expect, test, type Browser, type Page } from '@playwright/test';
import postgres from 'postgres';
import { DEMO_ADMIN } from '../tooling/seed/seed-generate';
import { logInAs, newestProducts, type ProductRow } from './support/admin';
import type { Instance } from './support/instances';
import { withOwnStore } from './support/own-store';

/*
 * The admin's sale pages and the shoppers' view of a sale, through a real `next start` on a store of this
 * file's own (a sale changes what its product's JSON and pages say): scheduling with the form, its errors
 * beside their fields, cancelling, ending a live sale, /sales and the home page's banner; a sale with a
 * waiting room; and the form without JavaScript, whose times are read as UTC.
 */

test.describe.configure({ mode: 'serial', timeout: 90_000 });

const store = withOwnStore('admin-sales', { products: 30, instances: 2 });
let shop: Instance;
let other: Instance;
let products: ProductRow[];

test.beforeAll(async () => {
  [shop, other] = store.instances as [Instance, Instance];
  products = await newestProducts(store.databaseUrl, 6);
});

async function adminPage(browser: Browser, javaScriptEnabled = true): Promise<Page> {
  const page = await (await browser.newContext({ javaScriptEnabled })).newPage();
  await logInAs(page, DEMO_ADMIN, shop.baseURL);
  return page;
}

/** A datetime-local value `seconds` from now in the browser's zone (the machine's: the browser runs here). */
function localIn(seconds: number): string {
  const at = new Date(Date.now() + seconds * 1000);
  const pad = (part: number) => String(part).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
}

async function fillSale(
  page: Page,
  product: ProductRow,
  fields: { price: string; start: string; end: string },
) {
  await page.goto(`${shop.baseURL}/admin/sales/new?product=${product.id}`);
  await page.getByLabel('Product', { exact: true }).selectOption(String(product.id));
  await page.getByLabel('Sale price').fill(fields.price);
  await page.getByLabel('Units').fill('2');
  await page.getByLabel('Limit per customer').fill('1');
  await page.getByLabel('Starts at').fill(fields.start);
  await page.getByLabel('Ends at').fill(fields.end);
}

async function saleRows(name: string) {
  const sql = postgres(store.databaseUrl, { max: 1, onnotice: () => {} });
  try {
    return await sql<{ id: number; startsAt: Date }[]>`
      select s.id, s.starts_at as "startsAt" from sales s join sale_items i on i.sale_id = s.id
      join products p on p.id = i.product_id where p.name = ${name} order by s.id`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

test('an admin schedules a sale; errors show beside their fields; shoppers see it; the admin cancels it', async ({
  browser,
}) => {
  const product = products[0]!;
  const admin = await adminPage(browser);
  await fillSale(admin, product, { price: '0', start: localIn(3600), end: localIn(1800) });
  await expect(admin.getByTestId('sale-time-zone')).toContainText('your time zone');
  await admin.getByRole('button', { name: 'Schedule sale' }).click();
  await expect(admin.getByText('The sale price must be above 0.')).toBeVisible();
  await expect(admin.getByText('The end must be after the start.')).toBeVisible();
  expect(await saleRows(product.name)).toEqual([]);

  await admin.getByLabel('Sale price').fill('1.00');
  await admin.getByLabel('Ends at').fill(localIn(7200));
  await admin.getByRole('button', { name: 'Schedule sale' }).click();
  await expect(admin).toHaveURL(/\/admin\/sales\?scheduled=1$/);
  const scheduled = admin.getByRole('region', { name: 'Scheduled' });
  await expect(scheduled.getByText(product.name)).toBeVisible();

  const shopper = await (await browser.newContext()).newPage();
  await shopper.goto(`${shop.baseURL}/sales`);
  await expect(shopper.getByRole('link', { name: product.name })).toBeVisible();
  // A drop coming up: shoppers are asked to sign in before it, not in its first minute's rush.
  await expect(shopper.getByRole('link', { name: 'Sign in before it starts' })).toHaveAttribute(
    'href',
    '/login?next=%2Fsales',
  );
  await shopper.goto(`${shop.baseURL}/`);
  await expect(shopper.getByRole('heading', { name: /Next sale: Flash sale/ })).toBeVisible();
  await expect(
    shopper.getByRole('region', { name: /Next sale/ }).getByRole('link', { name: product.name }),
  ).toHaveAttribute('href', `/products/${product.slug}`);

  await scheduled.getByRole('button', { name: 'Cancel sale' }).click();
  await expect(
    admin.getByRole('region', { name: 'Ended and cancelled' }).getByText('Cancelled', { exact: true }),
  ).toBeVisible();
  await shopper.goto(`${shop.baseURL}/sales`);
  await expect(shopper.getByText('No sale is on or coming up right now.')).toBeVisible();
});

test('a live sale shows its units left and ends with "End sale now"', async ({ browser }) => {
  test.setTimeout(60_000);
  const product = products[1]!;
  const admin = await adminPage(browser);
  // Far enough ahead that a loaded machine fills and sends the form before it (4 s was not, once: "The start
  // must be in the future"); the page is then read again until the sale is live.
  await fillSale(admin, product, { price: '1.00', start: localIn(10), end: localIn(3600) });
  await admin.getByRole('button', { name: 'Schedule sale' }).click();
  await expect(admin).toHaveURL(/\/admin\/sales\?scheduled=1$/);
  const live = admin.getByRole('region', { name: 'Live' });
  await expect(async () => {
    await admin.reload();
    await expect(live.getByText('2 of 2 left')).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await live.getByRole('button', { name: 'End sale now' }).click();
  await expect(
    admin.getByRole('region', { name: 'Ended and cancelled' }).getByText('Ended by an admin'),
  ).toBeVisible();
  const json = (await (await fetch(`${shop.baseURL}/api/products/${product.slug}`)).json()) as {
    sale: unknown;
  };
  expect(json.sale).toBeNull();
});

test('without JavaScript the form schedules too, its times read as UTC', async ({ browser }) => {
  const product = products[2]!;
  const admin = await adminPage(browser, false);
  const day = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  await fillSale(admin, product, { price: '1.00', start: `${day}T10:00`, end: `${day}T12:00` });
  await expect(admin.getByTestId('sale-time-zone')).toContainText('UTC');
  await admin.getByRole('button', { name: 'Schedule sale' }).click();
  await expect(admin.getByRole('region', { name: 'Scheduled' }).getByText(product.name)).toBeVisible();
  const [row] = await saleRows(product.name);
  expect(row?.startsAt.toISOString()).toBe(`${day}T10:00:00.000Z`);
});

test('a sale with a waiting room: "Shoppers at once", and "Admission minutes" only with it', async ({
  browser,
}) => {
  const product = products[3]!;
  const admin = await adminPage(browser);
  await fillSale(admin, product, { price: '1.00', start: localIn(3600), end: localIn(7200) });
  await admin.getByLabel('Admission minutes').fill('3');
  await admin.getByRole('button', { name: 'Schedule sale' }).click();
  await expect(
    admin.getByText('Give "Shoppers at once" too: admissions are for a sale with a line.'),
  ).toBeVisible();
  expect(await saleRows(product.name)).toEqual([]);
  await admin.getByLabel('Shoppers at once').fill('5');
  await admin.getByRole('button', { name: 'Schedule sale' }).click();
  await expect(admin).toHaveURL(/\/admin\/sales\?scheduled=1$/);
  const [row] = await saleRows(product.name);
  await expect(admin.getByTestId(`admin-sale-line-${row!.id}`)).toHaveText(
    'Waiting room: 5 at once, 3 min each · places drawn at the start',
  );
  const sale = (await (await fetch(`${shop.baseURL}/api/sales/${row!.id}`)).json()) as { queue: unknown };
  expect(sale.queue).toMatchObject({ activeShoppers: 5, admissionMinutes: 3, seed: null });
});

/** The product JSON's `sale` on an instance. */
async function saleOn(instance: Instance, slug: string): Promise<{ status: string } | null> {
  const response = await fetch(`${instance.baseURL}/api/products/${slug}`);
  return ((await response.json()) as { sale: { status: string } | null }).sale;
}

/**
 * How long until `check` holds, polling every 20 ms (a bound that catches a hang: 5 s): timed to when the
 * check that saw it was asked. Its answer's own trip back is the test's, not the sale's: with the unit tests
 * beside the specs one took about 0.1–0.3 s, and a reading of 1,088 ms once included one.
 */
async function msUntil(check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  for (;;) {
    const asked = Date.now();
    if (await check()) return asked - started;
    if (Date.now() - started > 5000) return Infinity;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test("a sale scheduled, started and ended on one instance is every instance's at once", async ({
  browser,
}) => {
  const product = products[4]!;
  const admin = await adminPage(browser);
  // Both instances' registries loaded before: from here only the published change can tell the other.
  for (const instance of [shop, other]) expect(await saleOn(instance, product.slug)).toBeNull();
  const created = await admin.request.post(`${shop.baseURL}/api/admin/sales`, {
    data: {
      name: 'Two-instance drop',
      startsAt: new Date(Date.now() + 3000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      items: [{ productId: product.id, salePriceCents: 1, units: 1, perCustomerLimit: 1 }],
    },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: number };
  // Told by the bus, not found by the registry's reload every 15 s: well under that even on a loaded
  // machine, where one run took 1.9 s. (Ending, below, is issue #20's "within 1 s".)
  expect(await msUntil(async () => (await saleOn(other, product.slug))?.status === 'scheduled')).toBeLessThan(
    3000,
  );
  // Its start is the clock's: both instances turn it live by themselves.
  await new Promise((resolve) => setTimeout(resolve, 3200));
  for (const instance of [shop, other]) expect((await saleOn(instance, product.slug))?.status).toBe('live');

  const ended = await admin.request.post(`${shop.baseURL}/api/admin/sales/${id}/end`);
  expect(ended.status()).toBe(200);
  expect(await saleOn(shop, product.slug)).toBeNull();
  expect(await msUntil(async () => (await saleOn(other, product.slug)) === null)).toBeLessThan(1000);
});
