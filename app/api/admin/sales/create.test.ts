import { describe, expect, it } from 'vitest';
import { getSql } from '@/lib/db/client';
import { DEMO_ADMIN, DEMO_SHOPPER, productAt, signedIn, withOwnCatalog } from '@/tooling/vitest/admin';
import {
  inSeconds,
  saleAuditRows,
  saleBody,
  salesFingerprint,
  userIdOf,
  type SaleBody,
} from '@/tooling/vitest/sale-admin';
import { TestBrowser } from '@/tooling/vitest/session';
import { GET as getProduct } from '../../products/[slug]/route';
import { GET as getSale } from '../../sales/[id]/route';
import { GET as listSales } from '../../sales/route';
import { POST as createSale } from './route';

// Scheduling a sale through `POST /api/admin/sales` on real PostgreSQL and Redis: what is stored and
// audited, what every reader sees at once, what is refused with `fields` (nothing written), and the 409 of
// a product already in a sale, race-free.

withOwnCatalog('sale_create');

const admin = () => signedIn(DEMO_ADMIN);
const post = async (browser: TestBrowser, body: unknown) =>
  browser.call(createSale, 'POST', '/api/admin/sales', { body });

describe('scheduling a sale', () => {
  it('stores it, audits it, and every reader (list, one sale, the product JSON) sees it at once', async () => {
    const browser = await admin();
    const product = await productAt(0);
    const body = saleBody(product);
    const created = await post(browser, body);
    expect(created.status).toBe(201);
    const sale = created.json as { id: number };
    expect(sale).toMatchObject({
      name: 'Midnight drop',
      status: 'scheduled',
      startsAt: body.startsAt,
      endsAt: body.endsAt,
      queue: null,
      items: [
        {
          productId: product.id,
          slug: product.slug,
          name: product.name,
          priceCents: product.priceCents,
          salePriceCents: body.items[0]!.salePriceCents,
          units: 3,
          unitsLeft: 3,
          perCustomerLimit: 1,
        },
      ],
    });
    const [row] = await getSql()`select name, created_by as "createdBy" from sales where id = ${sale.id}`;
    expect(row).toEqual({ name: 'Midnight drop', createdBy: await userIdOf(DEMO_ADMIN.email) });
    expect(await saleAuditRows(sale.id)).toEqual([
      {
        action: 'create',
        adminUserId: await userIdOf(DEMO_ADMIN.email),
        after: { ...sale, endedAt: null, cancelledAt: null },
      },
    ]);

    const visitor = new TestBrowser();
    const list = await visitor.call(listSales, 'GET', '/api/sales');
    expect(list.json).toEqual({ items: [sale] });
    expect(list.headers.get('cache-control')).toBe('public, max-age=0, s-maxage=1');
    const one = await visitor.call(getSale, 'GET', `/api/sales/${sale.id}`, {
      params: { id: String(sale.id) },
    });
    expect(one).toMatchObject({ status: 200, json: sale });
    const json = await visitor.call(getProduct, 'GET', `/api/products/${product.slug}`, {
      params: { slug: product.slug },
    });
    expect((json.json as { sale: unknown }).sale).toEqual({
      id: sale.id,
      status: 'scheduled',
      salePriceCents: body.items[0]!.salePriceCents,
      startsAt: body.startsAt,
      endsAt: body.endsAt,
      unitsLeft: 3,
      perCustomerLimit: 1,
    });
  });

  it('stores a line when asked: its seed secret until the start, its SHA-256 published', async () => {
    const product = await productAt(1);
    const created = await post(await admin(), { ...saleBody(product), queue: { activeShoppers: 50 } });
    expect(created.status).toBe(201);
    expect((created.json as { queue: unknown }).queue).toEqual({
      activeShoppers: 50,
      admissionMinutes: 10,
      seedSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      seed: null,
      // Nobody is placed before the start.
      admittedThrough: null,
      waiting: null,
    });
  });

  it('answers a product JSON without a sale with `sale: null`', async () => {
    const product = await productAt(20);
    const json = await new TestBrowser().call(getProduct, 'GET', `/api/products/${product.slug}`, {
      params: { slug: product.slug },
    });
    expect(json.json).toMatchObject({ id: product.id, sale: null });
  });
});

describe('what scheduling refuses', () => {
  type Case = [label: string, change: (body: SaleBody) => void, field: string];
  const item = (body: SaleBody) => body.items[0]!;
  const cases: Case[] = [
    ['a start in the past', (body) => (body.startsAt = inSeconds(-60)), 'startsAt'],
    ['a malformed start', (body) => (body.startsAt = 'tomorrow at noon'), 'startsAt'],
    ['a start without its zone', (body) => (body.startsAt = '2030-01-01T10:00:00'), 'startsAt'],
    ['an end before the start', (body) => (body.endsAt = inSeconds(1800)), 'endsAt'],
    ['an end equal to the start', (body) => (body.endsAt = body.startsAt), 'endsAt'],
    ['a malformed end', (body) => (body.endsAt = '2030-13-45T99:00:00Z'), 'endsAt'],
    ['a price of 0', (body) => (item(body).salePriceCents = 0), 'items.0.salePriceCents'],
    [
      'a price above the regular one',
      (body) => (item(body).salePriceCents = 10_000_001),
      'items.0.salePriceCents',
    ],
    ['units of 0', (body) => (item(body).units = 0), 'items.0.units'],
    ['a limit of 0', (body) => (item(body).perCustomerLimit = 0), 'items.0.perCustomerLimit'],
    ['an unknown product', (body) => (item(body).productId = 999_999), 'items.0.productId'],
    ['a product twice', (body) => body.items.push({ ...item(body) }), 'items.1.productId'],
    ['no items', (body) => (body.items = []), 'items'],
    ['an unknown field', (body) => (body.discount = 5), 'discount'],
    ['an empty line', (body) => (body.queue = { activeShoppers: 0 }), 'queue.activeShoppers'],
  ];

  it.each(cases)('%s: 400 naming the field, nothing written', async (_label, change, field) => {
    const browser = await admin();
    const body = saleBody(await productAt(2));
    change(body);
    const before = await salesFingerprint();
    const refused = await post(browser, body);
    expect(refused).toMatchObject({ status: 400, json: { error: expect.any(String) } });
    expect(Object.keys((refused.json as { fields: object }).fields)).toContain(field);
    expect(await salesFingerprint()).toBe(before);
  });

  it('refuses a price above the regular price and units above the stock, from PostgreSQL', async () => {
    const browser = await admin();
    const product = await productAt(3);
    const before = await salesFingerprint();
    const body = saleBody(product);
    body.items[0]!.salePriceCents = product.priceCents + 1;
    body.items[0]!.units = product.stock + 1;
    const refused = await post(browser, body);
    expect(refused).toMatchObject({
      status: 400,
      json: {
        fields: { 'items.0.salePriceCents': expect.any(String), 'items.0.units': expect.any(String) },
      },
    });
    expect(await salesFingerprint()).toBe(before);
  });

  it('refuses a product already in a sale that has not ended: 409, nothing written', async () => {
    const browser = await admin();
    const product = await productAt(4);
    expect((await post(browser, saleBody(product))).status).toBe(201);
    const before = await salesFingerprint();
    const later = { ...saleBody(product), startsAt: inSeconds(90_000), endsAt: inSeconds(99_000) };
    const refused = await post(browser, later);
    expect(refused).toMatchObject({
      status: 409,
      json: { error: expect.any(String), productId: product.id },
    });
    expect(await salesFingerprint()).toBe(before);
  });

  it('two creates of one product at once: exactly one 201, the other 409 (each of 8 products)', async () => {
    const [first, second] = [await admin(), await admin()];
    const other = await productAt(6);
    for (let index = 8; index < 16; index += 1) {
      await getSql()`update products set stock = greatest(stock, 5) where id = ${(await productAt(index)).id}`;
      const product = await productAt(index);
      // One of them holds another product too, so the two transactions lock different sets of rows.
      const a = { ...saleBody(product), items: [...saleBody(product).items, ...saleBody(other).items] };
      const answers = await Promise.all([
        post(first, index === 8 ? a : saleBody(product)),
        post(second, saleBody(product)),
      ]);
      expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
      const [row] = await getSql()<{ n: number }[]>`
        select count(*)::int as n from sale_items where product_id = ${product.id}`;
      expect(row?.n).toBe(1);
    }
  });

  it('is for admins only: 401 signed out, 403 for a shopper, nothing written', async () => {
    const body = saleBody(await productAt(7));
    const before = await salesFingerprint();
    expect((await post(new TestBrowser(), body)).status).toBe(401);
    expect((await post(await signedIn(DEMO_SHOPPER), body)).status).toBe(403);
    expect(await salesFingerprint()).toBe(before);
  });
});
