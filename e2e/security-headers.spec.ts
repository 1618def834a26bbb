import { expect, test, type Page } from '@playwright/test';
import { DEMO_ADMIN } from '../tooling/seed/seed-generate';
import { logInAs } from './support/admin';
import { addToCartInUi, productInStock } from './support/shopper';

/*
 * The headers a scanner expects (lib/http/security-headers.ts), and the pages still working under the
 * Content-Security-Policy in Chromium: the Next.js runtime boots, forms and client components work, and
 * the browser reports no violation.
 */

test('pages and routes carry the CSP, Referrer-Policy, nosniff; HSTS only over HTTPS', async ({
  request,
}) => {
  const { slug } = await productInStock(request, 0, 1);
  for (const path of ['/', `/products/${slug}`, '/login', '/api/products?pageSize=1', '/no-such-page']) {
    const headers = (await request.get(path)).headers();
    const csp = headers['content-security-policy'] ?? '';
    expect(csp, path).toContain("default-src 'self'");
    expect(csp, path).toContain("frame-ancestors 'none'");
    expect(csp, path).toContain("object-src 'none'");
    expect(csp, path).toContain("base-uri 'none'");
    expect(csp, path).toContain("form-action 'self'");
    expect(csp, path).toMatch(/script-src 'self'[^;]*(;|$)/);
    expect(csp, path).not.toMatch(/script-src[^;]*('unsafe-eval'|https?:|\*)/);
    expect(headers['referrer-policy'], path).toBe('strict-origin-when-cross-origin');
    expect(headers['x-content-type-options'], path).toBe('nosniff');
    // Plain http (Playwright's server, reached directly): a browser would ignore HSTS here anyway.
    expect(headers['strict-transport-security'], path).toBeUndefined();
  }
  const overHttps = await request.get('/', { headers: { 'x-forwarded-proto': 'https' } });
  expect(overHttps.headers()['strict-transport-security']).toMatch(/^max-age=\d{7,}/);
});

/** Collects the page's CSP violations (as the browser reports them to the page) and console complaints. */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.exposeFunction('reportCspViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { reportCspViolation: (text: string) => void }).reportCspViolation;
      report(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'} on ${location.pathname}`);
    });
  });
  return violations;
}

const nextRuntimeBooted = (page: Page) =>
  page.evaluate(() => typeof (window as unknown as { next?: unknown }).next === 'object');

test('the shop works under the CSP with no violation reported', async ({ page, request }) => {
  const violations = await watchViolations(page);
  const { slug } = await productInStock(request, 3, 5);
  for (const path of ['/', '/products?q=lamp', `/products/${slug}`, '/login', '/register']) {
    await page.goto(path);
    await page.waitForLoadState('networkidle');
    expect(await nextRuntimeBooted(page), path).toBe(true);
  }
  // A client component and a server action: the add-to-cart form updates the header in place.
  await addToCartInUi(page, slug, 1, 1);
  await page.goto('/cart');
  await expect(page.getByRole('button', { name: 'Remove' })).toBeVisible();
  // The admin pages: charts drawn with style attributes, a client component refreshing the figures.
  await logInAs(page, DEMO_ADMIN);
  for (const path of ['/admin/stats', '/admin/products', '/admin/products/new', '/admin/orders']) {
    await page.goto(path);
    await page.waitForLoadState('networkidle');
    expect(await nextRuntimeBooted(page), path).toBe(true);
  }
  expect(violations).toEqual([]);
});
