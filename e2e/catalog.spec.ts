import { expect, test, type Page } from '@playwright/test';
import {
  formatUsd,
  getJson,
  listProducts,
  parseCount,
  productCountPattern,
  type ListedProduct,
} from './support/helpers';

// The run's catalog is seeded with 60 products (e2e/support/global-setup.ts): listing pages of 24, 24 and 12.
const SEEDED = 60;

function cards(page: Page) {
  return page.getByRole('main').getByRole('article');
}

async function shownCount(page: Page): Promise<number> {
  const count = page.getByRole('main').getByText(productCountPattern);
  return parseCount(await count.innerText());
}

/** The slugs the cards on the page link to. */
async function cardSlugs(page: Page): Promise<string[]> {
  const hrefs = await cards(page)
    .getByRole('link')
    .evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
  return hrefs.map((href) => decodeURIComponent(href.replace(/^\/products\//, '')));
}

test.describe('home page', () => {
  test('shows the categories and featured products', async ({ page }) => {
    await page.goto('/');
    const categories = page.getByRole('region', { name: 'Shop by category' });
    await expect(categories.getByRole('link').first()).toBeVisible();
    expect(await categories.getByRole('link').count()).toBeGreaterThan(1);

    const featured = page.getByRole('region', { name: 'Featured products' });
    await expect(featured.getByRole('article').first()).toBeVisible();
  });

  test('has an empty cart in the header', async ({ page }) => {
    await page.goto('/');
    const cartLink = page.getByRole('banner').getByRole('link', { name: /cart/i });
    await expect(cartLink).toHaveAttribute('href', '/cart');
    await expect(cartLink.getByTestId('cart-count')).toHaveText('0');
  });
});

test.describe('product listing', () => {
  test('asks the servers for nothing more than the page itself (no link prefetching)', async ({ page }) => {
    const prefetches: string[] = [];
    page.on('request', (request) => {
      if (request.headers()['next-router-prefetch']) prefetches.push(request.url());
    });
    await page.goto('/products');
    await expect(cards(page)).toHaveCount(24);
    await page.mouse.wheel(0, 4000); // bring every card and page link into view
    await page.waitForTimeout(1500);
    expect(prefetches).toEqual([]);
  });

  test('pages through the whole catalog', async ({ page }) => {
    await page.goto('/products');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('All products');
    await expect(cards(page)).toHaveCount(24);
    expect(await shownCount(page)).toBe(SEEDED);

    const pagination = page.getByRole('navigation', { name: 'Pagination' });
    await expect(pagination.getByRole('link', { name: '1', exact: true })).toHaveAttribute(
      'aria-current',
      'page',
    );
    await pagination.getByRole('link', { name: '2', exact: true }).click();
    await expect(page).toHaveURL(/[?&]page=2\b/);
    await expect(pagination.getByRole('link', { name: '2', exact: true })).toHaveAttribute(
      'aria-current',
      'page',
    );
    await expect(cards(page)).toHaveCount(24);

    await pagination.getByRole('link', { name: 'Next' }).click();
    await expect(page).toHaveURL(/[?&]page=3\b/);
    await expect(cards(page)).toHaveCount(SEEDED - 48);
    // The last page offers no Next link, only Previous.
    await expect(pagination.getByRole('link', { name: 'Next' })).toHaveCount(0);
    await expect(pagination.getByRole('link', { name: 'Previous' })).toBeVisible();
  });

  test('filters by a category chosen in the header', async ({ page, request }) => {
    const [first] = (await listProducts(request, 'pageSize=1')).items;
    if (!first) throw new Error('the seeded catalog is empty');
    const inCategory = await listProducts(request, `category=${first.category}&pageSize=100`);

    await page.goto('/products');
    const categoryLink = page
      .getByRole('navigation', { name: 'Categories' })
      .locator(`a[href="/products?category=${first.category}"]`);
    const categoryName = (await categoryLink.innerText()).trim();
    await categoryLink.click();

    await expect(page.getByRole('heading', { level: 1 })).toHaveText(categoryName);
    expect(await shownCount(page)).toBe(inCategory.total);
    await expect(cards(page)).toHaveCount(Math.min(inCategory.total, 24));
    const allowed = new Set(inCategory.items.map((item) => item.slug));
    for (const slug of await cardSlugs(page)) expect(allowed, `card ${slug}`).toContain(slug);
  });

  test('finds a product by a word of its name', async ({ page, request }) => {
    const [product] = (await listProducts(request, 'pageSize=1')).items;
    if (!product) throw new Error('the seeded catalog is empty');
    // The word of its name that the fewest products share, so the product is on the first page.
    const words = [...new Set(product.name.split(/\s+/).filter((word) => /^[A-Za-z]{4,}$/.test(word)))];
    const totals = await Promise.all(
      words.map(async (word) => ({ word, total: (await listProducts(request, `q=${word}`)).total })),
    );
    const best = totals.sort((a, b) => a.total - b.total)[0];
    if (!best) throw new Error(`no searchable word in "${product.name}"`);
    expect(best.total).toBeGreaterThan(0);

    await page.goto('/');
    const search = page.getByRole('banner').getByLabel('Search the shop');
    await search.fill(best.word);
    await search.press('Enter');

    await expect(page).toHaveURL(new RegExp(`/products\\?q=${best.word}`));
    await expect(page.getByRole('heading', { level: 1 })).toContainText(best.word);
    expect(await shownCount(page)).toBe(best.total);
    if (best.total <= 24) {
      await expect(
        page.getByRole('main').getByRole('link', { name: product.name, exact: true }),
      ).toBeVisible();
    }
  });

  test('says so when a search matches nothing', async ({ page }) => {
    await page.goto('/');
    const search = page.getByRole('banner').getByLabel('Search the shop');
    await search.fill('qzxjvwplkrt');
    await search.press('Enter');
    await expect(page.getByRole('heading', { name: /No products match/ })).toBeVisible();
    await expect(cards(page)).toHaveCount(0);
  });

  for (const [label, query] of [
    ['a negative page', 'page=-1'],
    ['a page that is not a number', 'page=abc'],
    ['a 10 kB search', `q=${'a'.repeat(10_240)}`],
    ['an unknown sort', 'sort=sideways'],
  ] as const) {
    test(`explains ${label} instead of failing`, async ({ page }) => {
      const response = await page.goto(`/products?${query}`);
      expect(response?.status()).toBeLessThan(500);
      await expect(page.getByRole('heading', { name: "That search couldn't be understood" })).toBeVisible();
      await expect(page.getByRole('main').getByRole('link', { name: 'Browse all products' })).toHaveAttribute(
        'href',
        '/products',
      );
    });
  }
});

test.describe('product page', () => {
  test('shows the product, its price, stock, cart form, breadcrumb and reviews', async ({
    page,
    request,
  }) => {
    const listing = await listProducts(request, 'pageSize=1');
    const listed = listing.items[0] as ListedProduct;
    const product = await getJson<{
      name: string;
      priceCents: number;
      stock: number;
      rating: { count: number };
    }>(request, `/api/products/${listed.slug}`);

    const response = await page.goto(`/products/${listed.slug}`);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(product.name);
    await expect(page.getByTestId('price')).toHaveText(formatUsd(product.priceCents));
    const stock = page.getByTestId('stock');
    if (product.stock > 0) await expect(stock).toContainText(product.stock.toLocaleString('en-US'));
    else await expect(stock).toHaveText(/out of stock/i);
    await expect(page.getByLabel('Quantity')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Add to cart' })).toBeVisible();

    const breadcrumb = page.getByRole('navigation', { name: 'Breadcrumb' });
    await expect(breadcrumb.getByRole('link', { name: 'Home' })).toHaveAttribute('href', '/');
    await expect(breadcrumb.getByRole('link')).toHaveCount(2);
    await expect(breadcrumb).toContainText(product.name);

    const reviews = page.getByRole('region', { name: 'Customer reviews' });
    await expect(reviews).toBeVisible();
    if (product.rating.count > 0) {
      await expect(reviews).toContainText(`${product.rating.count.toLocaleString('en-US')} review`);
    } else {
      await expect(reviews).toContainText('No reviews yet');
    }
  });

  test('answers 404 for an unknown product, with a way back', async ({ page }) => {
    const response = await page.goto('/products/no-such-product-anywhere');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      /Page not found|couldn.t find that product/,
    );
    await page.getByRole('link', { name: 'Back to the shop' }).click();
    await expect(page).toHaveURL(/\/products$/);
  });

  test('answers 404 for an unknown page', async ({ page }) => {
    const response = await page.goto('/no-such-page');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Back to the shop' })).toBeVisible();
  });

  test("answers 404 for the benchmark's pages: only the benchmark's instances serve them", async ({
    page,
    request,
  }) => {
    for (const path of ['/bench/static', '/bench/dynamic']) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
      for (const method of ['HEAD', 'POST', 'PUT'] as const) {
        expect((await request.fetch(path, { method })).status(), `${method} ${path}`).toBe(404);
      }
    }
  });
});
