import { expect, test } from '@playwright/test';
import {
  addToCartInUi,
  logInInUi,
  logOutInUi,
  PASSWORD,
  productInStock,
  registerInUi,
  sessionCookie,
  uniqueEmail,
} from './support/shopper';

test.describe('accounts and sessions', () => {
  test('registers, shows the account, and sets an HttpOnly, SameSite=Lax session cookie', async ({
    page,
  }) => {
    const email = uniqueEmail('register');
    await registerInUi(page, 'Rosa Register', email);
    await expect(page.getByTestId('account-name')).toHaveText('Rosa Register');
    await expect(page.getByTestId('account-email')).toHaveText(email);
    const banner = page.getByRole('banner');
    await expect(banner.getByRole('link', { name: 'Rosa Register' })).toHaveAttribute('href', '/account');
    await expect(banner.getByRole('button', { name: 'Log out' })).toBeVisible();

    const cookie = await sessionCookie(page);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', secure: false });
    // The cookie is an iron seal of an opaque token: no user data can be read from it.
    expect(cookie?.value).toMatch(/^Fe26\.2\*/);
    expect(cookie?.value).not.toContain('Rosa');
    expect(cookie?.expires).toBeGreaterThan(Date.now() / 1000);
  });

  test('marks the cookie Secure when the site is reached over HTTPS (X-Forwarded-Proto)', async ({
    request,
  }) => {
    const response = await request.post('/api/auth/register', {
      data: { name: 'Tls', email: uniqueEmail('tls'), password: PASSWORD },
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(response.status()).toBe(201);
    const setCookie = response.headers()['set-cookie'] ?? '';
    expect(setCookie).toMatch(/^__Host-sf_session=/);
    expect(setCookie).toMatch(/; Secure/i);
    expect(setCookie).toMatch(/; HttpOnly/i);
    expect(setCookie).toMatch(/; Path=\/(;|$)/i);
    expect(setCookie).not.toMatch(/; Domain=/i);
    expect(setCookie).toMatch(/; SameSite=Lax/i);
  });

  test('a new session id at login, and the old cookie is dead after logout', async ({
    page,
    browser,
    request,
  }) => {
    const email = uniqueEmail('rotate');
    await registerInUi(page, 'Otto Rotate', email);
    await logOutInUi(page);
    // A guest session first (a cart), then the login must replace it.
    await addToCartInUi(page, (await productInStock(request, 0)).slug, 1, 1);
    const guest = await sessionCookie(page);
    await logInInUi(page, email);
    const signedIn = await sessionCookie(page);
    expect(signedIn?.value).toBeTruthy();
    expect(signedIn?.value).not.toBe(guest?.value);
    await expect(page.getByRole('banner').getByRole('link', { name: 'Otto Rotate' })).toBeVisible();

    await page.goto('/');
    await logOutInUi(page);
    expect(await sessionCookie(page)).toBeUndefined();
    // Someone who copied the cookie before logout gets nothing with it.
    const thief = await browser.newContext();
    await thief.addCookies([{ ...signedIn!, sameSite: 'Lax' }]);
    const response = await thief.request.get('/api/auth/me');
    expect(response.status()).toBe(401);
    const thiefPage = await thief.newPage();
    await thiefPage.goto('/account');
    await expect(thiefPage).toHaveURL(/\/login\?next=%2Faccount|\/login\?next=\/account/);
    await thief.close();
  });

  test('says so when the password is wrong, and rate-limits with a clear message', async ({ browser }) => {
    // Every client of the run is 127.0.0.1 (an X-Forwarded-For would be only a claim: the server reads the
    // socket), so the address's own limit (30 failures) is shared; few other tests fail a login.
    const context = await browser.newContext();
    const page = await context.newPage();
    const email = uniqueEmail('limit');
    await registerInUi(page, 'Lim It', email);
    await logOutInUi(page);
    await page.goto('/login');
    // React resets the form once an action's answer has fully arrived (the streamed header included):
    // wait for that (the password cleared) before typing the next attempt, or the reset wipes it.
    const formSettled = () => expect(page.getByLabel('Password')).toHaveValue('');
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      await formSettled();
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(`wrong ${attempt}`);
      await page.getByRole('button', { name: 'Log in' }).click();
      await expect(page.getByRole('main').getByRole('alert')).toHaveText('Incorrect e-mail or password.');
    }
    await formSettled();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page.getByRole('main').getByRole('alert')).toContainText('Too many failed attempts');
    await expect(page).toHaveURL(/\/login/);

    const api = await context.request.post('/api/auth/login', { data: { email, password: PASSWORD } });
    expect(api.status()).toBe(429);
    expect(Number(api.headers()['retry-after'])).toBeGreaterThan(0);
    await context.close();
  });

  test('"Sign out everywhere" signs out a second browser too', async ({ browser }) => {
    const email = uniqueEmail('everywhere');
    const [laptop, phone] = [await browser.newContext(), await browser.newContext()];
    const [laptopPage, phonePage] = [await laptop.newPage(), await phone.newPage()];
    await registerInUi(laptopPage, 'Eve Everywhere', email);
    await logInInUi(phonePage, email);
    await expect(phonePage.getByRole('banner').getByRole('link', { name: 'Eve Everywhere' })).toBeVisible();

    await laptopPage.goto('/account');
    // The header's "Log out" is the one button of that name, even beside this page's own.
    await expect(laptopPage.getByRole('button', { name: 'Log out' })).toHaveCount(1);
    await laptopPage.getByRole('button', { name: 'Sign out everywhere' }).click();
    await expect(laptopPage).toHaveURL(/\/login\?ended=everywhere/);
    await expect(laptopPage.getByRole('main').getByRole('status')).toContainText(
      'logged out on every device',
    );

    await phonePage.reload();
    await expect(phonePage.getByRole('banner').getByRole('link', { name: 'Log in' })).toBeVisible();
    await phonePage.goto('/account');
    await expect(phonePage).toHaveURL(/\/login/);
    await Promise.all([laptop.close(), phone.close()]);
  });

  test('treats a tampered cookie as signed out, without an error page', async ({ page }) => {
    await registerInUi(page, 'Tam Pered', uniqueEmail('tamper'));
    const cookie = (await sessionCookie(page))!;
    const tampered =
      cookie.value.slice(0, 30) + (cookie.value[30] === 'a' ? 'b' : 'a') + cookie.value.slice(31);
    await page.context().addCookies([{ ...cookie, value: tampered }]);
    const response = await page.goto('/');
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('banner').getByRole('link', { name: 'Log in' })).toBeVisible();
    await expect(page.getByTestId('cart-count')).toHaveText('0');
  });

  test('refuses a duplicate e-mail with a neutral message', async ({ page, request }) => {
    const email = uniqueEmail('dupe');
    expect(
      (
        await request.post('/api/auth/register', { data: { name: 'First', email, password: PASSWORD } })
      ).status(),
    ).toBe(201);
    await page.goto('/register');
    await page.getByLabel('Name').fill('Second');
    await page.getByLabel('Email').fill(email.toUpperCase());
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByRole('main').getByRole('alert')).toContainText(
      "can't be created with this e-mail address",
    );
    await expect(page.getByLabel('Name')).toHaveValue('Second');
  });

  test('keeps account and sign-in pages out of every cache', async ({ page }) => {
    for (const path of ['/login', '/register', '/cart']) {
      const response = await page.goto(path);
      expect(response?.headers()['cache-control'], path).toBe('private, no-store');
    }
    await registerInUi(page, 'Cache Less', uniqueEmail('nocache'));
    const account = await page.goto('/account');
    expect(account?.headers()['cache-control']).toBe('private, no-store');
    const me = await page.request.get('/api/auth/me');
    expect(me.headers()['cache-control']).toBe('private, no-store');
  });
});
