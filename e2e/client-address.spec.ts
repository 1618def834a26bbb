import { expect, test } from '@playwright/test';
import { PASSWORD, uniqueEmail } from './support/shopper';

// Against the real `next start` (TRUSTED_PROXY_HOPS unset: 0), which passes a client's X-Forwarded-For
// through untouched: the address must come from the socket, stamped by instrumentation.ts.

test('wrong logins are limited however many addresses X-Forwarded-For claims', async ({ request }) => {
  const email = uniqueEmail('hops');
  const registered = await request.post('/api/auth/register', {
    data: { name: 'Hop Count', email, password: PASSWORD },
  });
  expect(registered.status()).toBe(201);
  await request.post('/api/auth/logout');
  const statuses: number[] = [];
  // 5 failures per e-mail and address; kept small, as every client of the run shares 127.0.0.1's own limit.
  for (let attempt = 1; attempt <= 6; attempt += 1) {
    const answer = await request.post('/api/auth/login', {
      data: { email, password: `wrong ${attempt}` },
      headers: { 'x-forwarded-for': `203.0.113.${attempt}` },
    });
    statuses.push(answer.status());
  }
  expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
});

test('/api/metrics answers a scraper on this machine, whatever it claims to be', async ({ request }) => {
  const scrape = await request.get('/api/metrics', { headers: { 'x-forwarded-for': '198.51.100.7' } });
  expect(scrape.status()).toBe(200);
  expect(await scrape.text()).toContain('# TYPE storefront_cache_requests_total counter');
});
