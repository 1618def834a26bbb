import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';

/*
 * Forms without JavaScript: the answer to a refused form is the page it was sent from, saying why, once
 * (lib/http/form-notice.ts). A personal page is answered by resuming its prerendered shell, which React cannot
 * give the action's state to: before the notice, such a form came back empty and silent.
 */

test.use({ javaScriptEnabled: false });

const stranger = () => `no-such-shopper-${randomBytes(6).toString('hex')}@example.com`;

test('a failed login says so on the login page, and only once', async ({ page }) => {
  await page.goto('/login?next=%2Fcart');
  await page.getByLabel('Email').fill(stranger());
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/login\?next=%2Fcart$/);
  await expect(page.getByRole('alert')).toHaveText('Incorrect e-mail or password.');
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
  await expect(page.getByTestId('form-notice')).toHaveCount(0);
});

test('a registration with bad fields lists what is wrong with each', async ({ page }) => {
  await page.goto('/register');
  await page.getByLabel('Name').fill('   ');
  await page.getByLabel('Email').fill('not-an-address');
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/register$/);
  const notice = page.getByTestId('form-notice');
  await expect(notice).toBeVisible();
  for (const message of ['Enter your name', 'Enter a valid e-mail address', /Use at least \d+ characters/]) {
    await expect(notice.getByRole('listitem').filter({ hasText: message })).toHaveCount(1);
  }
});

test('a notice cookie the browser made up shows only what a notice may hold, as text', async ({
  page,
  context,
  baseURL,
}) => {
  const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  await context.addCookies([
    {
      name: 'sf_notice',
      value: forged({ status: 'error', message: '<img src=x onerror=alert(1)>', fields: {} }),
      url: baseURL!,
    },
  ]);
  await page.goto('/login');
  await expect(page.getByRole('alert')).toHaveText('<img src=x onerror=alert(1)>');
  await expect(page.locator('main img')).toHaveCount(0);
  await context.addCookies([
    {
      name: 'sf_notice',
      value: forged({ status: 'error', message: 'x'.repeat(400), fields: {} }),
      url: baseURL!,
    },
  ]);
  await page.goto('/login');
  await expect(page.getByTestId('form-notice')).toHaveCount(0);
  // The header the proxy hands a page its notice in is the proxy's alone: one the browser sends is dropped.
  await context.clearCookies();
  await page.setExtraHTTPHeaders({
    'x-storefront-notice': forged({ status: 'error', message: 'From the client', fields: {} }),
  });
  await page.goto('/login');
  await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
  await expect(page.getByTestId('form-notice')).toHaveCount(0);
});
