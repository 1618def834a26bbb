import { randomBytes } from 'node:crypto';
import { beforeAll, describe, it } from 'vitest';
import { freePort } from '@/tooling/ports';
import { expect503 } from '@/tooling/vitest/http';
import { TestBrowser } from '@/tooling/vitest/session';
import { GET as getProduct } from './products/[slug]/route';
import { GET as listProducts } from './products/route';

// With PostgreSQL unreachable (nothing listens where DATABASE_URL points) and nothing cached, the public
// catalog routes answer the API's outage shape: 503 `{error}` with Retry-After, as every other route.

beforeAll(async () => {
  // Read lazily by lib/config.ts: nothing in this file's module graph has asked for the config yet.
  const port = await freePort();
  process.env.DATABASE_URL = `postgres://postgres@127.0.0.1:${port}/storefront_nowhere`;
});

describe('catalog routes with PostgreSQL unreachable', () => {
  it('answer 503 with Retry-After for a listing and a product nobody has cached', async () => {
    const browser = new TestBrowser();
    // A query and a slug of this run only: no cache entry can answer for them.
    const word = `nothing${randomBytes(4).toString('hex')}`;
    expect503(await browser.call(listProducts, 'GET', `/api/products?q=${word}`));
    expect503(await browser.call(getProduct, 'GET', `/api/products/${word}`, { params: { slug: word } }));
  });
});
