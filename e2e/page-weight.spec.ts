import { expect, test } from '@playwright/test';
import { productInStock } from './support/shopper';

/*
 * What keeps the catalog light on a phone (issue #25; the timings themselves are the bench's "mobile" part):
 * the stylesheet arrives inside the page, so nothing blocks its first paint and it paints before its scripts
 * run; and the build's own files carry only the header that applies to them, not a document's CSP.
 */

test('catalog pages bring their stylesheet inline: no stylesheet file blocks the first paint', async ({
  page,
  request,
}) => {
  const { slug } = await productInStock(request, 0, 1);
  for (const path of ['/', '/products', `/products/${slug}`]) {
    await page.goto(path);
    const inline = await page.locator('head style[data-href$=".css"]').count();
    const blocking = await page.locator('link[rel="stylesheet"]').count();
    expect({ path, inline: inline > 0, blocking }).toEqual({ path, inline: true, blocking: 0 });
    // And the page is styled by it: Tailwind's reset and utilities apply.
    const heading = page.getByRole('heading', { level: 1 }).first();
    expect(await heading.evaluate((element) => getComputedStyle(element).fontWeight)).toBe('700');
  }
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
