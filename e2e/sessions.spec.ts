import { expect, test, type APIRequest } from '@playwright/test';
import { DEMO_SHOPPER } from '../tooling/seed/seed-generate';
import { startInstance, type Instance } from './support/instances';
import { withRedisUnreachable } from './support/redis-unreachable';
import {
  addToCartInUi,
  cartCount,
  PASSWORD,
  productInStock,
  registerInUi,
  uniqueEmail,
} from './support/shopper';

// Sessions live in Redis, not in a process: they cross instances and survive restarts, and the timeouts
// set through the environment are enforced by the server. Extra `next start` processes share the run's
// build, database, key prefix and secret. Cookies are per host, not per port, so one browser context
// carries its session to every instance on 127.0.0.1.

test.describe.configure({ mode: 'serial' });

test('signed in on one instance: signed in, same cart, on a second one and after both restart', async ({
  browser,
  request,
}) => {
  test.setTimeout(180_000);
  let [first, second] = await Promise.all([startInstance(), startInstance()]);
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    const product = await productInStock(request, 11);
    await registerInUi(page, 'Ivy Instances', uniqueEmail('instances'), PASSWORD, first.baseURL);
    await addToCartInUi(page, product.slug, 4, 4, first.baseURL);
    await expect(page).toHaveURL(new RegExp(`^${first.baseURL}`));

    await page.goto(`${second.baseURL}/cart`);
    await expect(page.getByRole('banner').getByRole('link', { name: 'Ivy Instances' })).toBeVisible();
    await expect(cartCount(page)).toHaveText('4');
    await expect(
      page.getByRole('listitem').filter({ hasText: product.name }).getByLabel('Quantity'),
    ).toHaveValue('4');

    await Promise.all([first.stop(), second.stop()]);
    [first, second] = await Promise.all([startInstance(), startInstance()]);
    for (const instance of [first, second]) {
      await page.goto(`${instance.baseURL}/account`);
      await expect(page).toHaveURL(`${instance.baseURL}/account`);
      await expect(page.getByTestId('account-name')).toHaveText('Ivy Instances');
      await expect(cartCount(page)).toHaveText('4');
    }
  } finally {
    await context.close();
    await Promise.all([first.stop(), second.stop()]);
  }
});

test.describe('timeouts set through the environment', () => {
  let instance: Instance;

  test.beforeAll(async () => {
    instance = await startInstance({ SESSION_IDLE_SECONDS: '3', SESSION_ABSOLUTE_SECONDS: '7' });
  });

  test.afterAll(async () => {
    await instance?.stop();
  });

  async function signedInClient(playwright: { request: APIRequest }) {
    const client = await playwright.request.newContext({ baseURL: instance.baseURL });
    const answer = await client.post('/api/auth/register', {
      data: { name: 'Tim Eout', email: uniqueEmail('timeout'), password: PASSWORD },
    });
    expect(answer.status()).toBe(201);
    return client;
  }

  test('an idle session ends after SESSION_IDLE_SECONDS', async ({ playwright }) => {
    const client = await signedInClient(playwright);
    expect((await client.get('/api/auth/me')).status()).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 3500));
    expect((await client.get('/api/auth/me')).status()).toBe(401);
    await client.dispose();
  });

  test('an active session slides past the idle timeout, then ends at SESSION_ABSOLUTE_SECONDS', async ({
    playwright,
  }) => {
    const client = await signedInClient(playwright);
    const started = Date.now();
    let lastAlive = started;
    while (Date.now() - started < 10_000) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      if ((await client.get('/api/auth/me')).status() !== 200) break;
      lastAlive = Date.now();
    }
    const lived = lastAlive - started;
    expect(lived).toBeGreaterThan(4500); // well past the 3 s idle timeout
    expect(lived).toBeLessThan(7500); // but never past the 7 s lifetime
    expect((await client.get('/api/auth/me')).status()).toBe(401);
    await client.dispose();
  });
});

test.describe('with Redis unreachable', () => {
  const down = withRedisUnreachable();

  test('pages still render signed out with an empty cart; cart writes explain themselves', async ({
    page,
    request,
  }) => {
    const { instance } = down;
    const product = await productInStock(request, 12);
    for (const path of ['/', `/products/${product.slug}`, '/cart', '/login']) {
      const response = await page.goto(`${instance.baseURL}${path}`);
      expect(response?.status(), path).toBe(200);
      await expect(cartCount(page), path).toHaveText('0');
    }
    // With a session cookie (made on the healthy server: cookies are per host), the pages that need the
    // session say they cannot show it; none of them fails.
    const signedUp = await page.request.post('/api/auth/register', {
      data: { name: 'Red Isdown', email: uniqueEmail('down'), password: PASSWORD },
    });
    expect(signedUp.status()).toBe(201);
    for (const path of ['/', '/cart', '/account']) {
      const response = await page.goto(`${instance.baseURL}${path}`);
      expect(response?.status(), path).toBe(200);
      await expect(cartCount(page), path).toHaveText('0');
      await expect(page.getByRole('banner').getByRole('link', { name: 'Log in' })).toBeVisible();
    }
    await expect(page.getByRole('main').getByRole('alert')).toContainText(/can.t be shown right now/);
    await page.goto(`${instance.baseURL}/login`);
    // Still on /login: signing in needs Redis, and the form says so rather than failing.
    await page.getByLabel('Email').fill(DEMO_SHOPPER.email);
    await page.getByLabel('Password').fill(DEMO_SHOPPER.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(
      page.getByRole('main').getByRole('alert').filter({ hasText: 'cannot do that right now' }),
    ).toBeVisible();
    await page.goto(`${instance.baseURL}/products/${product.slug}`);
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await expect(page.getByRole('main').getByRole('status')).toContainText('cannot do that right now');

    const api = await request.post(`${instance.baseURL}/api/cart/items`, {
      data: { productId: product.id, quantity: 1 },
    });
    expect(api.status()).toBe(503);
    expect(await api.json()).toEqual({ error: expect.any(String) });
  });
});
