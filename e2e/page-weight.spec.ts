import { expect, test } from '@playwright/test';
import { DEMO_ADMIN } from '../tooling/seed/seed-generate';
import { productInStock } from './support/shopper';

/*
 * What keeps the catalog light on a phone (issue #25; the timings themselves are the bench's "mobile" part):
 * one stylesheet file shared by every page, kept by the browser, so a reload in a drop fetches only the
 * page; and the build's own files carry only the header that applies to them, not a document's CSP.
 */

test('catalog pages share one stylesheet file the browser keeps, not a copy inside each page', async ({
  page,
  request,
}) => {
  const { slug } = await productInStock(request, 0, 1);
  const stylesheets = new Set<string>();
  for (const path of ['/', '/products', `/products/${slug}`]) {
    await page.goto(path);
    const links = await page
      .locator('link[rel="stylesheet"]')
      .evaluateAll((elements) => elements.map((element) => (element as HTMLLinkElement).href));
    expect(links, path).toHaveLength(1);
    stylesheets.add(links[0]!);
    expect(await page.locator('style[data-href]').count(), path).toBe(0);
    // And the page is styled by it: Tailwind's reset and utilities apply.
    const heading = page.getByRole('heading', { level: 1 }).first();
    expect(await heading.evaluate((element) => getComputedStyle(element).fontWeight)).toBe('700');
  }
  expect(stylesheets.size).toBe(1);
  const headers = (await request.get([...stylesheets][0]!)).headers();
  expect(headers['cache-control']).toContain('immutable');
});

test('the build’s scripts carry nosniff and none of a document’s headers', async ({ page }) => {
  const scripts: string[] = [];
  page.on('response', (response) => {
    if (response.url().includes('/_next/static/') && response.request().resourceType() === 'script')
      scripts.push(response.url());
  });
  await page.goto('/');
  await page.waitForLoadState('load');
  expect(scripts.length).toBeGreaterThan(3);
  for (const url of scripts) {
    const headers = (await page.request.get(url)).headers();
    expect(headers['x-content-type-options'], url).toBe('nosniff');
    expect(headers['content-security-policy'], url).toBeUndefined();
    expect(headers['x-frame-options'], url).toBeUndefined();
    expect(headers['cache-control'], url).toContain('immutable');
  }
});

test('the scripts every page runs first carry V8’s compile hint, and the browser still accepts them', async ({
  page,
}) => {
  await page.goto('/products');
  // The build's root scripts are the ones pinned by integrity (tooling/compile-hints.ts); a hash left
  // stale by the hint step would have the browser refuse them, and the page would never hydrate.
  const pinned = await page
    .locator('script[src][integrity]:not([nomodule])')
    .evaluateAll((elements) => elements.map((element) => (element as HTMLScriptElement).src));
  expect(pinned.length).toBeGreaterThanOrEqual(4);
  for (const url of pinned) {
    expect((await (await page.request.get(url)).text()).split('\n')[0], url).toBe(
      '//# allFunctionsCalledOnLoad',
    );
  }
  // Hydrated: the corner is a client component filled from /api/viewer.
  await expect(page.getByTestId('cart-count')).toHaveText('0');
});

test('generated tiles are drawn inside the page, not fetched; a product’s own image stays an <img>', async ({
  page,
  playwright,
  baseURL,
}) => {
  const tileFetches: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/images/products/')) tileFetches.push(request.url());
  });
  await page.goto('/products');
  await page.waitForLoadState('load');
  const cards = page.locator('main article');
  expect(await cards.count()).toBeGreaterThan(1);
  expect(await page.locator('main article svg').count()).toBe(await cards.count());
  expect(await page.locator('main article img').count()).toBe(0);
  // Hydration keeps them: React would put an <img> back if the server and client disagreed.
  await expect(page.getByTestId('cart-count')).toHaveText('0');
  expect(await page.locator('main article svg').count()).toBe(await cards.count());
  expect(tileFetches).toEqual([]);

  // Any other path is an image of the product's own (here the site's icon): an <img>, named, loaded.
  const admin = await playwright.request.newContext({ baseURL });
  expect((await admin.post('/api/auth/login', { data: DEMO_ADMIN })).status()).toBe(200);
  const product = await productInStock(admin, 7, 1);
  const own = '/icon.svg';
  expect((await admin.patch(`/api/admin/products/${product.id}`, { data: { imageUrl: own } })).status()).toBe(
    200,
  );
  try {
    await page.goto(`/products/${product.slug}`);
    const image = page.getByRole('img', { name: product.name, exact: true });
    await expect(image).toHaveAttribute('src', own);
    await expect.poll(() => image.evaluate((element) => (element as HTMLImageElement).complete)).toBe(true);
    expect((await page.request.get(own)).status()).toBe(200);
  } finally {
    expect(
      (await admin.patch(`/api/admin/products/${product.id}`, { data: { imageUrl: null } })).status(),
    ).toBe(200);
    await admin.dispose();
  }
  await page.goto(`/products/${product.slug}`);
  await expect(page.getByRole('img', { name: product.name, exact: true })).toHaveJSProperty('tagName', 'DIV');
});
