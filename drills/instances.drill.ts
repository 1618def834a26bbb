import http from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkOrders, checkSessionsAndCarts, figures, printDrill } from './support/checks';
import { failures, ShopperLoad, sleep } from './support/load';
import { startDrillStack, type DrillStack } from '../tooling/stack';
import { startNextInstance } from '../tooling/next-instance';

/*
 * Drills 1 and 2: an instance dies (SIGKILL) and comes back; every instance is restarted with SIGTERM,
 * one after another. Through nginx, under a steady load of signed-in shoppers browsing, adding to carts
 * and checking out.
 */

// The requests that fail when an instance is killed are those in flight inside it (a POST already sent, a
// page already streaming), so the share that fails is about half a request's latency over the drill's
// length: a loaded machine (slow answers) raises it. Hence a dozen shoppers (less load of our own) and a
// long quiet stretch after the restart.
const SHOPPERS = 12;
let stack: DrillStack;

beforeAll(async () => {
  stack = await startDrillStack({ instances: 2 });
});

afterEach((context) => {
  // What the processes said is the only clue to a failed drill once its directory is gone.
  if (context.task.result?.state === 'fail' && stack) console.log(stack.logTails());
});

afterAll(async () => {
  await stack?.close();
});

describe.sequential('instances', () => {
  it('drill 1: SIGKILL an instance and start it again: ≤ 1 % of requests fail, nothing lost or doubled', async () => {
    const load = new ShopperLoad({
      url: stack.url,
      shoppers: await stack.newShoppers(SHOPPERS),
      products: stack.products,
    });
    await sleep(20_000);
    const victim = stack.topology.instances[0]!;
    const killedAt = Date.now();
    await victim.stop('SIGKILL');
    await sleep(3000);
    await victim.start();
    const backAfterMs = Date.now() - killedAt;
    await sleep(25_000);
    const report = await load.stop();

    const seen = figures(report.records);
    const failed = failures(report.records);
    const orders = await checkOrders(stack.sql, report);
    const sessions = await checkSessionsAndCarts(stack, report);
    printDrill('1 SIGKILL an instance', {
      ...seen,
      lastFailureAfterKillMs: failed.length ? Math.max(...failed.map((record) => record.at)) - killedAt : 0,
      instanceBackAfterMs: backAfterMs,
      orders: orders.total,
    });
    expect(seen.requests).toBeGreaterThan(200);
    expect(seen.failed / seen.requests).toBeLessThanOrEqual(0.01);
    expect(orders.lost).toEqual([]);
    expect(orders.unacknowledged).toEqual([]);
    expect(orders.total).toBeGreaterThan(0);
    expect(sessions.signedOut).toEqual([]);
    expect(sessions.wrongCarts).toEqual([]);
  });

  it('drill 2: a rolling restart with SIGTERM, one instance after another, fails no request', async () => {
    const load = new ShopperLoad({
      url: stack.url,
      shoppers: await stack.newShoppers(SHOPPERS),
      products: stack.products,
    });
    await sleep(4000);
    const started = Date.now();
    const exits = [];
    for (const instance of stack.topology.instances) {
      exits.push(await instance.stop('SIGTERM'));
      await instance.start();
      // Longer than nginx's fail_timeout (3 s, deploy/nginx.conf): an instance marked failed while it was
      // down is back in rotation before the next one drains, or nginx has no live upstream left.
      await sleep(4000);
    }
    const rollingMs = Date.now() - started;
    await sleep(3000);
    const report = await load.stop();

    const seen = figures(report.records);
    const orders = await checkOrders(stack.sql, report);
    const sessions = await checkSessionsAndCarts(stack, report);
    printDrill('2 rolling restart (SIGTERM)', {
      ...seen,
      rollingMs,
      exitCodes: exits.map((exit) => exit?.code),
      orders: orders.total,
    });
    // A drained instance exits 0 (lib/lifecycle/graceful-shutdown.ts), not killed after the grace period.
    expect(exits.map((exit) => exit?.code)).toEqual(stack.topology.instances.map(() => 0));
    expect(seen.failed).toBe(0);
    expect(orders.lost).toEqual([]);
    expect(orders.unacknowledged).toEqual([]);
    expect(sessions.signedOut).toEqual([]);
    expect(sessions.wrongCarts).toEqual([]);
  });
});

// A sale's opening: thousands of shoppers connect at once and keep their connections open between clicks,
// and each request being proxied holds a second connection to an instance. nginx's stock 1,024 connections
// per worker left most of them unanswered (deploy/nginx-main.conf raises it), and a 2 s connect timeout
// counted instances whose accept queue overflowed as failed, until nginx had no live upstream (502).
// On nginx's plain HTTP listener: the limits are nginx's, the same for both listeners, and 3,000 TLS
// handshakes at once would measure this process's TLS on two cores rather than what nginx holds open.
const OPEN_CONNECTIONS = 3000;

it(`nginx holds ${OPEN_CONNECTIONS} shoppers' connections open at once and answers every one`, async () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: Infinity });
  const get = () =>
    new Promise<number>((resolve) => {
      const request = http.get(`${stack.httpUrl}/api/health/live`, { agent, timeout: 20_000 }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      });
      request.on('timeout', () => request.destroy(new Error('timeout')));
      request.on('error', () => resolve(0));
    });
  try {
    const started = Date.now();
    const statuses = await Promise.all(Array.from({ length: OPEN_CONNECTIONS }, get));
    const allAnsweredMs = Date.now() - started;
    const open = Object.values(agent.freeSockets).flat().length;
    console.log(
      `DRILL connections: ${OPEN_CONNECTIONS} at once, all answered in ${allAnsweredMs} ms, ${open} still open after`,
    );
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    // Each request had a connection of its own, all open together (none reused, none closed by nginx).
    expect(open).toBe(OPEN_CONNECTIONS);
  } finally {
    agent.destroy();
  }
});

it('a server action rendered by one instance is accepted by another, and through nginx', async () => {
  const [first, second] = stack.topology.instances;
  const product = stack.products[5]!;
  const page = await (await fetch(`${first!.url}/products/${product.slug}`)).text();
  const form = /<form[^>]*aria-busy[\s\S]*?<\/form>/.exec(page)?.[0] ?? '';
  const fields = [...form.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?/g)];
  expect(fields.map(([, name]) => name)).toContain('$ACTION_KEY');

  // The form as a browser without JavaScript posts it, rendered by the first instance, sent to another.
  const post = async (base: string, cookie = '') => {
    const body = new FormData();
    for (const [, name, value] of fields) body.append(name!, decodeEntities(value ?? ''));
    body.set('quantity', '2');
    return fetch(`${base}/products/${product.slug}`, {
      method: 'POST',
      body,
      headers: { origin: base, accept: 'text/html', cookie },
      redirect: 'manual',
    });
  };
  // Accepted: without JavaScript the action answers by sending the browser to the cart (app/(personal)/cart/actions.ts).
  const direct = await post(second!.url);
  expect([direct.status, direct.headers.get('location')]).toEqual([303, `/cart?added=${product.id}`]);
  const cookie = (direct.headers.get('set-cookie') ?? '').split(';')[0]!;
  expect(cookie).toMatch(/^sf_session=/);
  // Through nginx: the Origin check needs the Host header with its port (deploy/nginx-proxy.conf). Its plain
  // HTTP listener, where the cookie the instance set over http (`sf_session`) is the one read.
  expect((await post(stack.httpUrl, cookie)).status).toBe(303);
  const cart = await fetch(`${first!.url}/api/cart`, { headers: { cookie } });
  expect(((await cart.json()) as { count: number }).count).toBe(4);
});

function decodeEntities(text: string): string {
  return text.replace(
    /&(quot|amp|lt|gt|#x27|#39);/g,
    (_, entity: string) => ({ quot: '"', amp: '&', lt: '<', gt: '>', '#x27': "'", '#39': "'" })[entity]!,
  );
}

it('a plain `next start` (npm start) drains on SIGTERM: liveness 503, the request in flight answered, exit 0', async () => {
  // No NEXT_MANUAL_SIG_HANDLE here: instrumentation.ts replaces next start's own handler by itself.
  const instance = await startNextInstance({
    DATABASE_URL: stack.databaseUrl,
    ...stack.topology.redisEnv,
    REDIS_KEY_PREFIX: stack.prefix,
    SESSION_SECRET: stack.secret,
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
  try {
    // Two idle keep-alive connections, as nginx holds them: one for the request in flight, one for after.
    const opened = await Promise.all([1, 2].map(() => get(agent, `${instance.baseURL}/api/health/live`)));
    expect(opened.map((answer) => answer.status)).toEqual([200, 200]);
    const exited = new Promise<number | null>((resolve) =>
      instance.process.once('exit', (code) => resolve(code)),
    );
    const inFlight = get(agent, `${instance.baseURL}/products?page=2`);
    await sleep(20);
    instance.process.kill('SIGTERM');
    await sleep(200);
    // On the connection it already had: the process still answers, says it is draining, and closes it.
    const live = await get(agent, `${instance.baseURL}/api/health/live`);
    expect([live.status, live.body, live.connection]).toEqual([503, '{"status":"draining"}', 'close']);
    const page = await inFlight;
    expect([page.status, page.connection]).toEqual([200, 'close']);
    expect(await exited).toBe(0);
    expect(instance.output()).toMatch(/SIGTERM: draining/);
  } finally {
    agent.destroy();
    await instance.stop();
  }
});

function get(agent: http.Agent, url: string): Promise<{ status: number; body: string; connection?: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (response) => {
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode!, body, connection: response.headers.connection }),
        );
      })
      .on('error', reject);
  });
}
