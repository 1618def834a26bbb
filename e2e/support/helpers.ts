import { expect, type APIRequestContext } from '@playwright/test';

/** A product as `GET /api/products` lists it. */
export interface ListedProduct {
  id: number;
  slug: string;
  name: string;
  priceCents: number;
  stock: number;
  category: string;
}

export interface ProductListing {
  items: ListedProduct[];
  page: number;
  pageSize: number;
  total: number;
}

/** GETs a JSON API path, expecting 200. */
export async function getJson<T>(request: APIRequestContext, path: string): Promise<T> {
  const response = await request.get(path);
  expect(response.status(), `GET ${path}`).toBe(200);
  return (await response.json()) as T;
}

export function listProducts(request: APIRequestContext, query = ''): Promise<ProductListing> {
  return getJson<ProductListing>(request, `/api/products${query ? `?${query}` : ''}`);
}

/** As the storefront shows prices: "$1,234.50". */
export function formatUsd(cents: number): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(cents / 100);
}

/** The "60 products" line under a listing's heading. */
export const productCountPattern = /^[\d,]+ products?$/;

export function parseCount(text: string): number {
  return Number(text.replace(/[^\d]/g, ''));
}
