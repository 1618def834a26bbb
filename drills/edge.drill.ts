import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkOrders, figures, printDrill, timeUntil } from './support/checks';
import { ShopperLoad, sleep } from './support/load';
import { probe, type Probe } from './support/probes';
import { startDrillStack, type DrillStack } from '../tooling/stack';

/*
 * Drill 7: the edge as shipped (deploy/nginx*.conf). Through nginx's HTTPS, the instances see the scheme
 * nginx saw and the host it was reached by, never a client's own claims; and nginx's request limits turn a
 * script's burst of logins, registrations and checkouts from one address away with 429 while shoppers at
 * their own addresses go on buying.
 */

/** deploy/nginx-proxy.conf's answer to a request over its address's limit. */
const NGINX_LIMITED = 'Too many requests from your address. Please wait a few seconds and try again.';
const PASSWORD = 'drill shopper password';
let stack: DrillStack;

beforeAll(async () => {
  stack = await startDrillStack({ instances: 1 });
});

afterEach((context) => {
  if (context.task.result?.state === 'fail' && stack) console.log(stack.logTails());
});

afterAll(async () => {
  await stack?.close();
});

const json = (body: unknown) => JSON.stringify(body);
const newEmail = () => `edge-${randomUUID()}@example.test`;

describe.sequential('the edge', () => {
  it('over HTTPS the session cookie is Secure and __Host-, with HSTS once, whatever the client claims', async () => {
    const client = stack.fetchFrom('127.2.0.1');
    const register = await client(`${stack.url}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: stack.url, 'x-forwarded-proto': 'http' },
      body: json({ email: newEmail(), password: PASSWORD, name: 'Edge shopper' }),
    });
    expect(register.status).toBe(201);
    const cookie = register.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^__Host-sf_session=/);
    expect(cookie).toMatch(/;\s*Secure/i);
    // Once: from the instance, nginx adds none of its own (fetch joins repeated headers with ", ").
    expect(register.headers.get('strict-transport-security')).toBe('max-age=31536000');
    expect(register.headers.get('server')).toBe('nginx');
    const me = await client(`${stack.url}/api/auth/me`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(me.status).toBe(200);

    // nginx's plain HTTP (for local use): a client claiming HTTPS gets neither a Secure cookie nor HSTS.
    const overHttp = await fetch(`${stack.httpUrl}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: stack.httpUrl, 'x-forwarded-proto': 'https' },
      body: json({ email: newEmail(), password: PASSWORD, name: 'Plain shopper' }),
    });
    expect(overHttp.status).toBe(201);
    expect(overHttp.headers.get('set-cookie')).toMatch(/^sf_session=(?![^\n]*Secure)/i);
    expect(overHttp.headers.get('strict-transport-security')).toBeNull();
  });

  it('a post from another site is refused even when the client names that site in X-Forwarded-Host', async () => {
    const [shopper] = await stack.newShoppers(1);
    const add = (origin: string, headers: Record<string, string> = {}) =>
      probe(stack, '/api/cart/items', {
        method: 'POST',
        via: shopper!.fetch,
        cookie: shopper!.cookie,
        headers: { origin, ...headers },
        body: json({ productId: stack.products[0]!.id, quantity: 1 }),
      });
    expect((await add('https://evil.example', { 'x-forwarded-host': 'evil.example' })).status).toBe(403);
    expect((await add(stack.url)).status).toBe(200);
  });

  it("drill 7: nginx answers a script's burst of logins, registrations and checkouts with 429 while shoppers still buy", async () => {
    const shoppers = await stack.newShoppers(12);
    const [bot, human] = await stack.newShoppers(2);
    const [humanRow] = await stack.sql<{ email: string }[]>`
      select email from users where id = ${human!.userId}`;
    const humanEmail = humanRow!.email;
    // Faster than people, but at a pace nginx's limits allow whatever the machine: a checkout every third
    // round, each round at least 250 ms apart (at most ~1.3 checkouts a second, the limit being 5).
    const load = new ShopperLoad({ url: stack.url, shoppers, products: stack.products, pauseMs: 250 });
    // Warm: the instance has rendered the pages and placed orders before the script starts.
    await timeUntil('the first orders', 60_000, async () => ordersSoFar(load) >= 3);

    // A script at one address: a wave of logins, registrations and checkouts every 250 ms for 5 s, each
    // sent without waiting for the last (a script does not wait for the password hashes it causes).
    const burstStarted = Date.now();
    const burst: Array<{ kind: string; answer: Probe }> = [];
    const send = async (kind: string, path: string, init: RequestInit) => {
      const answer = await probe(stack, path, { ...init, via: bot!.fetch, cookie: bot!.cookie }).catch(
        (): Probe => ({ status: 0, ms: 0, retryAfter: null, body: '' }),
      );
      burst.push({ kind, answer });
    };
    const wave = () => [
      ...Array.from({ length: 5 }, () =>
        send('login', '/api/auth/login', {
          method: 'POST',
          body: json({ email: newEmail(), password: 'x'.repeat(12) }),
        }),
      ),
      ...Array.from({ length: 5 }, () =>
        send('register', '/api/auth/register', {
          method: 'POST',
          body: json({ email: newEmail(), password: PASSWORD, name: 'Script' }),
        }),
      ),
      ...Array.from({ length: 10 }, () =>
        send('checkout', '/api/checkout', { method: 'POST', headers: { 'Idempotency-Key': randomUUID() } }),
      ),
    ];
    const sending: Array<Promise<unknown>> = [];
    let humanLogin: Promise<Probe> | undefined;
    const signInAsHuman = async (): Promise<Probe> => {
      for (let attempt = 1; ; attempt += 1) {
        const answer = await probe(stack, '/api/auth/login', {
          method: 'POST',
          via: human!.fetch,
          body: json({ email: humanEmail, password: PASSWORD }),
        });
        if (answer.status !== 503 || attempt === 3) return answer;
        await sleep(Number(answer.retryAfter ?? 1) * 1000);
      }
    };
    while (Date.now() - burstStarted < 5000) {
      sending.push(...wave());
      await sleep(250);
      // Meanwhile, once the script has used up its address's allowance, a shopper at another address signs in
      // (told the machine is busy, 503, they come back when asked, as the sign-in form does).
      humanLogin ??= signInAsHuman();
    }
    await Promise.all(sending);
    const burstEnded = Date.now();
    await sleep(2000);
    const report = await load.stop();
    const orders = await checkOrders(stack.sql, report);

    const byNginx = (kind: string) =>
      burst.filter((sent) => sent.kind === kind && sent.answer.status === 429 && limitedByNginx(sent.answer));
    const boughtDuringBurst = report.records.filter(
      (record) =>
        record.kind === 'checkout' &&
        record.status === 201 &&
        record.at >= burstStarted &&
        record.at <= burstEnded,
    );
    printDrill('7 a burst at nginx while shoppers buy', {
      burst: burst.length,
      limitedByNginx: {
        login: byNginx('login').length,
        register: byNginx('register').length,
        checkout: byNginx('checkout').length,
      },
      burstAnswers: countBy(burst.map((sent) => `${sent.kind}:${sent.answer.status}`)),
      shopperRequests: figures(report.records).requests,
      shopper429s: report.records.filter((record) => record.status === 429).length,
      ordersDuringBurst: boughtDuringBurst.length,
      burstMs: burstEnded - burstStarted,
      shopperAnswersDuringBurst: countBy(
        report.records
          .filter((record) => record.at >= burstStarted && record.at <= burstEnded)
          .map((record) => `${record.kind}:${record.status}`),
      ),
      orders: orders.total,
    });
    for (const kind of ['login', 'register', 'checkout']) expect(byNginx(kind).length).toBeGreaterThan(0);
    // Every 429 nginx gave says when to come back; the script never got a 5xx or no answer.
    for (const { answer } of burst.filter((sent) => limitedByNginx(sent.answer))) {
      expect([answer.status, answer.retryAfter]).toEqual([429, expect.stringMatching(/^\d+$/)]);
    }
    // Past the instance's sign-ins in progress, a sign-in is sent back (503 with Retry-After: drill 8); nothing
    // else of the script's got a 5xx or no answer.
    const sentBack = ({ kind, answer }: (typeof burst)[number]) =>
      kind !== 'checkout' && answer.status === 503 && /^\d+$/.test(answer.retryAfter ?? '');
    expect(
      burst.filter((sent) => (sent.answer.status === 0 || sent.answer.status >= 500) && !sentBack(sent)),
    ).toEqual([]);
    expect((await humanLogin)?.status).toBe(200);
    // The shoppers: none limited, orders placed while the script was at it, each one matched.
    expect(report.records.filter((record) => record.status === 429)).toEqual([]);
    expect(figures(report.records).failed).toBe(0);
    expect(boughtDuringBurst.length).toBeGreaterThan(0);
    expect(orders.lost).toEqual([]);
    expect(orders.unacknowledged).toEqual([]);
  });
});

function ordersSoFar(load: ShopperLoad): number {
  return load.soFar.filter((record) => record.kind === 'checkout' && record.status === 201).length;
}

function limitedByNginx(answer: Probe): boolean {
  try {
    return (JSON.parse(answer.body) as { error?: string }).error === NGINX_LIMITED;
  } catch {
    return false;
  }
}

function countBy(keys: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
  return counts;
}
