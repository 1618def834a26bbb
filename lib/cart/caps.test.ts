import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as login } from '@/app/api/auth/login/route';
import { PUT as putItem } from '@/app/api/cart/items/[productId]/route';
import { POST as postItem } from '@/app/api/cart/items/route';
import { GET as getCart } from '@/app/api/cart/route';
import { getSql } from '@/lib/db/client';
import { getStockGate } from '@/lib/stock';
import { withOwnCatalog } from '@/tooling/vitest/admin';
import { newShopper } from '@/tooling/vitest/orders';
import { TestBrowser } from '@/tooling/vitest/session';
import { register } from '../auth';
import { MAX_LINES } from './types';

// The cart's caps through its JSON routes and the login merge, on real Redis and PostgreSQL: at most 50
// lines (a 51st is 413 with `fields`, nothing written) and 99 of a product (100 asked, or an add that
// would take a line past 99, is 400 with `fields`, nothing written), atomically under concurrent writes.

withOwnCatalog('cart_caps', 70);

/** A quantity the cart refuses: 400 naming the field, as the contract asks. */
const QUANTITY_REFUSED = { status: 400, json: { fields: { quantity: expect.any(String) } } };

let ids: number[] = [];

beforeAll(async () => {
  const rows = await getSql()<{ id: number }[]>`update products set stock = 500 returning id`;
  ids = rows.map((row) => row.id).sort((a, b) => a - b);
  await getStockGate().reset(ids);
});

type Cart = { items: Array<{ productId: number; quantity: number }>; count: number };
const cartOf = async (browser: TestBrowser) => (await browser.call(getCart, 'GET', '/api/cart')).json as Cart;
const add = (browser: TestBrowser, productId: number, quantity: number) =>
  browser.call(postItem, 'POST', '/api/cart/items', { body: { productId, quantity } });
const put = (browser: TestBrowser, productId: number, quantity: number) =>
  browser.call(putItem, 'PUT', `/api/cart/items/${productId}`, {
    body: { quantity },
    params: { productId: String(productId) },
  });

async function fill(browser: TestBrowser, productIds: readonly number[], quantity = 1) {
  for (const id of productIds) expect((await add(browser, id, quantity)).status).toBe(200);
}

describe('cart caps', () => {
  it('refuses a 51st line with 413 and fields, by add or by set, and leaves the cart as it was', async () => {
    const browser = new TestBrowser();
    await fill(browser, ids.slice(0, MAX_LINES));
    const before = await cartOf(browser);
    expect(before.items).toHaveLength(50);

    const added = await add(browser, ids[MAX_LINES]!, 1);
    expect(added).toMatchObject({
      status: 413,
      json: { error: expect.stringContaining('50'), fields: { productId: expect.any(String) } },
    });
    const set = await put(browser, ids[MAX_LINES]!, 3);
    expect(set).toMatchObject({ status: 413, json: { fields: { productId: expect.any(String) } } });
    expect(await cartOf(browser)).toEqual(before);

    // A line already there still changes, and a freed line can be taken.
    expect((await add(browser, ids[0]!, 2)).status).toBe(200);
    expect((await put(browser, ids[1]!, 0)).status).toBe(200);
    expect((await put(browser, ids[MAX_LINES]!, 4)).status).toBe(200);
    const after = await cartOf(browser);
    expect(after.items).toHaveLength(50);
    expect(after.count).toBe(50 + 2 - 1 + 4);
  });

  it('refuses a quantity of 100 with 400 and fields, on add and on set', async () => {
    const browser = new TestBrowser();
    await fill(browser, [ids[0]!]);
    expect(await add(browser, ids[1]!, 100)).toMatchObject(QUANTITY_REFUSED);
    expect(await put(browser, ids[0]!, 100)).toMatchObject(QUANTITY_REFUSED);
    expect((await cartOf(browser)).count).toBe(1);
  });

  it('refuses an add that would take a line past 99 with 400 and fields, and leaves the line as it was', async () => {
    const browser = new TestBrowser();
    await fill(browser, [ids[0]!], 60);
    expect(await add(browser, ids[0]!, 40)).toMatchObject({
      status: 400,
      json: { error: expect.stringContaining('99'), fields: { quantity: expect.stringContaining('60') } },
    });
    expect((await cartOf(browser)).count).toBe(60);
    expect((await add(browser, ids[0]!, 39)).status).toBe(200);
    expect((await cartOf(browser)).count).toBe(99);
    expect(await add(browser, ids[0]!, 1)).toMatchObject(QUANTITY_REFUSED);
    expect((await cartOf(browser)).count).toBe(99);
  });

  it('never passes 99 of a product when 30 adds of 7 race: 14 added, 16 refused with 400', async () => {
    const browser = new TestBrowser();
    await fill(browser, [ids[0]!]);
    const answers = await Promise.all(Array.from({ length: 30 }, () => add(browser, ids[0]!, 7)));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(14);
    expect(statuses.filter((status) => status === 400)).toHaveLength(16);
    expect((await cartOf(browser)).count).toBe(1 + 14 * 7);
  });

  it('never passes 50 lines when 70 adds of different products race', async () => {
    const browser = new TestBrowser();
    await fill(browser, [ids[0]!]); // the session exists before the race
    const answers = await Promise.all(ids.slice(1, 70).map((id) => add(browser, id, 1)));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(49);
    expect(statuses.filter((status) => status === 413)).toHaveLength(20);
    expect((await cartOf(browser)).items).toHaveLength(50);
  });

  it('clamps the guest cart merged at login to 50 lines and 99 of a product, and the login succeeds', async () => {
    const email = `caps-${randomBytes(5).toString('hex')}@example.test`;
    const password = 'a long enough password';
    const owner = new TestBrowser();
    await register(owner.request(), { email, name: 'Cap Tester', password });
    // The user's cart: 30 lines, one of them at 60.
    await fill(owner, ids.slice(0, 30));
    expect((await add(owner, ids[0]!, 59)).status).toBe(200);
    // A guest cart elsewhere: the same product at 60, and 30 lines the user's cart lacks.
    const guest = new TestBrowser();
    await fill(guest, [ids[0]!], 60);
    await fill(guest, ids.slice(30, 60));

    const answer = await guest.call(login, 'POST', '/api/auth/login', { body: { email, password } });
    expect(answer.status).toBe(200);
    const merged = await cartOf(guest);
    expect(merged.items).toHaveLength(50);
    expect(merged.items.find((item) => item.productId === ids[0])?.quantity).toBe(99);
    expect(merged.items.every((item) => item.quantity <= 99)).toBe(true);
    // The user's own lines all stayed; 20 of the guest's new ones fitted.
    const held = new Set(merged.items.map((item) => item.productId));
    expect(ids.slice(0, 30).every((id) => held.has(id))).toBe(true);
    expect(await cartOf(owner)).toEqual(merged);
  });

  it('lets a signed-in shopper fill a cart to 50 lines and no further', async () => {
    const shopper = await newShopper();
    await fill(shopper, ids.slice(0, MAX_LINES), 99);
    expect((await add(shopper, ids[MAX_LINES]!, 1)).status).toBe(413);
    expect((await cartOf(shopper)).count).toBe(50 * 99);
  });
});
