import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TestBrowser } from '@/tooling/vitest/session';
import { productWithStock } from '@/tooling/vitest/cart';
import { POST as register } from '../auth/register/route';
import { POST as postCartItem } from '../cart/items/route';
import { GET as viewer } from './route';

// The header's personal corner as the browser asks for it, on real Redis and PostgreSQL.

describe('GET /api/viewer', () => {
  it('answers a guest 200 with no user and an empty cart, and creates no session', async () => {
    const guest = new TestBrowser();
    const answer = await guest.call(viewer, 'GET', '/api/viewer');
    expect(answer).toMatchObject({ status: 200, json: { user: null, cartCount: 0 } });
    expect(answer.headers.get('cache-control')).toBe('private, no-store');
    expect(guest.cookies.options.size).toBe(0);
  });

  it('names the signed-in shopper (name and role only) and counts their cart', async () => {
    const shopper = new TestBrowser();
    const email = `viewer-${randomBytes(5).toString('hex')}@example.test`;
    await shopper.call(register, 'POST', '/api/auth/register', {
      body: { name: 'Vera Viewer', email, password: 'a long enough password' },
    });
    const product = await productWithStock(10, 1000);
    await shopper.call(postCartItem, 'POST', '/api/cart/items', {
      body: { productId: product.id, quantity: 3 },
    });
    const answer = await shopper.call(viewer, 'GET', '/api/viewer');
    expect(answer).toMatchObject({ status: 200 });
    expect(answer.json).toEqual({ user: { name: 'Vera Viewer', role: 'shopper' }, cartCount: 3 });
    expect(JSON.stringify(answer.json)).not.toContain(email);
  });
});
