import postgres from 'postgres';
import { LISTING_PAGE_SIZE } from '../../lib/catalog/query';
import { DEMO_SHOPPER } from '../../tooling/seed/seed-generate';

/*
 * The page types whose Redis work the redis-work part measures, each as the request a browser makes. The
 * catalog types view a different product (or listing page) each time, none of them shared with another
 * type, so a view measured after the warm-up finds its data in Redis but no longer in the instance's
 * memory (L1): what a view of the long tail costs, or any view on another instance.
 */

export interface PageType {
  /** Shown in the table. */
  name: string;
  /** Figures are named `redis_commands_per_<figure>`. */
  figure: string;
  /** The `index`-th view; resolves once the whole answer has arrived. */
  view(index: number): Promise<void>;
}

interface CatalogProduct {
  id: number;
  slug: string;
  stock: number;
}

/** A request whose answer must be a 2xx; the body is read to its end, as a browser would. */
async function request(url: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(url, { redirect: 'manual', ...init });
  await response.arrayBuffer();
  if (response.status < 200 || response.status >= 300) {
    throw new Error(`${init.method ?? 'GET'} ${url} answered ${response.status}`);
  }
  return response;
}

/** Signs the demo shopper in; returns the session cookie (`name=value`). */
async function signIn(baseURL: string): Promise<string> {
  const response = await request(`${baseURL}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseURL },
    body: JSON.stringify({ email: DEMO_SHOPPER.email, password: DEMO_SHOPPER.password }),
  });
  const cookie = response.headers.getSetCookie()[0]?.split(';')[0];
  if (!cookie) throw new Error('login set no cookie');
  return cookie;
}

async function catalogProducts(databaseUrl: string, count: number): Promise<CatalogProduct[]> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    return await sql<CatalogProduct[]>`
      select id, slug, stock from products where stock >= 50 order by id limit ${count}`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * The storefront's page types on the instance at `baseURL`, for `views` views each; the demo shopper signed
 * in with a 3-line cart.
 */
export async function pageTypes(
  baseURL: string,
  catalog: { databaseUrl: string; products: number },
  views: number,
): Promise<PageType[]> {
  const products = await catalogProducts(catalog.databaseUrl, 2 * views + 3);
  if (products.length < 2 * views + 3) throw new Error('the catalog has too few products in stock');
  const [pageProducts, jsonProducts, cartProducts] = [
    products.slice(0, views),
    products.slice(views, 2 * views),
    products.slice(2 * views),
  ];
  const listingPages = Math.max(1, Math.floor(catalog.products / LISTING_PAGE_SIZE));
  const cookie = await signIn(baseURL);
  const addToCart = (index: number) =>
    request(`${baseURL}/api/cart/items`, {
      method: 'POST',
      headers: { cookie, origin: baseURL, 'content-type': 'application/json' },
      body: JSON.stringify({ productId: cartProducts[index % cartProducts.length]!.id, quantity: 1 }),
    }).then(() => undefined);
  // The cart page shows three lines (the add-to-cart views add to the same three).
  for (let index = 0; index < cartProducts.length; index += 1) await addToCart(index);

  const get = (path: string, headers: Record<string, string> = {}) =>
    request(`${baseURL}${path}`, { headers }).then(() => undefined);
  return [
    {
      name: 'product page',
      figure: 'product_page',
      view: (i) => get(`/products/${pageProducts[i % views]!.slug}`),
    },
    {
      name: 'listing page',
      figure: 'listing_page',
      view: (i) => get(`/products?page=${(i % listingPages) + 1}`),
    },
    { name: 'home page (one URL)', figure: 'home_page', view: () => get('/') },
    {
      name: 'product JSON',
      figure: 'product_json',
      view: (i) => get(`/api/products/${jsonProducts[i % views]!.slug}`),
    },
    { name: 'cart page, signed in (3 lines)', figure: 'cart_page', view: () => get('/cart', { cookie }) },
    { name: 'add to cart (JSON), signed in', figure: 'add_to_cart', view: addToCart },
  ];
}
