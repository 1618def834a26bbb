import { expect, test } from '@playwright/test';
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
