import { describe, expect, it } from 'vitest';
import { productWithStock } from '@/tooling/vitest/cart';
import { TestBrowser } from '@/tooling/vitest/session';
import { GET as getCart } from './route';
import { DELETE as deleteItem, PUT as putItem } from './items/[productId]/route';
import { POST as postItem } from './items/route';

// The cart's JSON routes called as Next.js calls them (Request in, Response out), on real Redis and
// PostgreSQL: the contract's shapes, and every kind of bad request refused with nothing changed.

const cartOf = async (browser: TestBrowser) => (await browser.call(getCart, 'GET', '/api/cart')).json;

describe('cart JSON routes', () => {
  it('adds, sets, removes and reads in the contract shape, privately', async () => {
    const browser = new TestBrowser();
    const product = await productWithStock(10, 10_000, 8);
    const added = await browser.call(postItem, 'POST', '/api/cart/items', {
      body: { productId: product.id, quantity: 2 },
    });
    expect(added.status).toBe(200);
    expect(added.headers.get('cache-control')).toBe('private, no-store');
    expect(added.json).toEqual({
      items: [
        {
          productId: product.id,
          slug: product.slug,
          name: product.name,
          quantity: 2,
          unitPriceCents: product.priceCents,
          lineTotalCents: 2 * product.priceCents,
        },
      ],
      count: 2,
      subtotalCents: 2 * product.priceCents,
    });
    const params = { productId: String(product.id) };
    const put = await browser.call(putItem, 'PUT', `/api/cart/items/${product.id}`, {
      body: { quantity: 5 },
      params,
    });
    expect(put.json).toMatchObject({ count: 5, subtotalCents: 5 * product.priceCents });
    const zero = await browser.call(putItem, 'PUT', `/api/cart/items/${product.id}`, {
      body: { quantity: 0 },
      params,
    });
    expect(zero.json).toEqual({ items: [], count: 0, subtotalCents: 0 });
    await browser.call(postItem, 'POST', '/api/cart/items', { body: { productId: product.id, quantity: 1 } });
    const removed = await browser.call(deleteItem, 'DELETE', `/api/cart/items/${product.id}`, { params });
    expect(removed).toMatchObject({ status: 200, json: { items: [], count: 0, subtotalCents: 0 } });
    const read = await browser.call(getCart, 'GET', '/api/cart');
    expect(read.headers.get('cache-control')).toBe('private, no-store');
  });

  it('clamps to the stock with a notice, refuses unknown (404) and sold-out (409) products', async () => {
    const browser = new TestBrowser();
    const scarce = await productWithStock(2, 9, 4);
    const clamped = await browser.call(postItem, 'POST', '/api/cart/items', {
      body: { productId: scarce.id, quantity: 99 },
    });
    expect(clamped).toMatchObject({ status: 200, json: { count: scarce.stock, notice: expect.any(String) } });
    const unknown = await browser.call(postItem, 'POST', '/api/cart/items', {
      body: { productId: 77_777_777, quantity: 1 },
    });
    expect(unknown).toMatchObject({ status: 404, json: { error: 'That product does not exist.' } });
    const soldOut = await productWithStock(0, 0);
    const refused = await browser.call(postItem, 'POST', '/api/cart/items', {
      body: { productId: soldOut.id, quantity: 1 },
    });
    expect(refused).toMatchObject({ status: 409, json: { error: expect.stringContaining('out of stock') } });
    expect(await cartOf(browser)).toMatchObject({ count: scarce.stock });
  });

  it('refuses bad requests with a clear 4xx and changes nothing', async () => {
    const browser = new TestBrowser();
    const product = await productWithStock(10, 10_000, 9);
    await browser.call(postItem, 'POST', '/api/cart/items', { body: { productId: product.id, quantity: 1 } });
    const cookieBefore = browser.cookies.header();
    const post = (options: Parameters<TestBrowser['call']>[3]) =>
      browser.call(postItem, 'POST', '/api/cart/items', options);
    const body = { productId: product.id, quantity: 3 };

    const crossSite = await post({ body, headers: { origin: 'https://evil.example' } });
    expect(crossSite).toMatchObject({ status: 403, json: { error: expect.any(String) } });
    const opaque = await post({ body, headers: { origin: 'null' } });
    expect(opaque.status).toBe(403);
    // A browser that left Origin out still says where the request came from.
    const fetchedCrossSite = await post({ body, headers: { origin: '', 'sec-fetch-site': 'cross-site' } });
    expect(fetchedCrossSite.status).toBe(403);
    const referred = await post({ body, headers: { origin: '', referer: 'https://evil.example/page' } });
    expect(referred.status).toBe(403);
    const forwardedHost = await post({
      body,
      headers: { origin: 'https://evil.example', 'x-forwarded-host': 'evil.example' },
    });
    expect(forwardedHost.status).toBe(403);
    const notJson = await post({ raw: 'productId=1&quantity=3' });
    expect(notJson).toMatchObject({ status: 400, json: { error: 'The body is not valid JSON.' } });
    const empty = await post({ raw: '' });
    expect(empty.status).toBe(400);
    const wrongShape = await post({ body: { productId: 'one', quantity: 100 } });
    expect(wrongShape).toMatchObject({
      status: 400,
      json: {
        error: expect.any(String),
        fields: { productId: expect.any(String), quantity: expect.any(String) },
      },
    });
    const fractional = await post({ body: { productId: product.id, quantity: 1.5 } });
    expect(fractional).toMatchObject({ status: 400, json: { fields: { quantity: expect.any(String) } } });
    const huge = await post({ raw: JSON.stringify({ ...body, padding: 'x'.repeat(9000) }) });
    expect(huge).toMatchObject({ status: 413, json: { error: expect.any(String) } });
    const badId = await browser.call(putItem, 'PUT', '/api/cart/items/abc', {
      body: { quantity: 1 },
      params: { productId: 'abc' },
    });
    expect(badId).toMatchObject({ status: 400, json: { fields: { productId: expect.any(String) } } });
    const crossDelete = await browser.call(deleteItem, 'DELETE', `/api/cart/items/${product.id}`, {
      params: { productId: String(product.id) },
      headers: { origin: 'https://evil.example' },
    });
    expect(crossDelete.status).toBe(403);

    for (const answer of [crossSite, notJson, wrongShape, huge, badId, crossDelete]) {
      expect(answer.headers.get('cache-control')).toBe('private, no-store');
    }
    expect(await cartOf(browser)).toMatchObject({ count: 1 });
    expect(browser.cookies.header()).toBe(cookieBefore);
  });

  it('gives no session to a refused request from a new visitor', async () => {
    const browser = new TestBrowser();
    const product = await productWithStock(10, 10_000, 10);
    const answer = await browser.call(postItem, 'POST', '/api/cart/items', {
      body: { productId: product.id, quantity: 1 },
      headers: { origin: 'https://evil.example' },
    });
    expect(answer.status).toBe(403);
    expect(browser.cookies.header()).toBe('');
    expect(await cartOf(browser)).toEqual({ items: [], count: 0, subtotalCents: 0 });
    expect(browser.cookies.header()).toBe('');
  });
});
