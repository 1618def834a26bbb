import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../ports';
import { ensureNginx, PrivateNginx } from './nginx';
import { ensureSelfSignedCertificate, trustingFetch, type TrustingFetch } from './tls';

/*
 * The shipped nginx rules, run: Debian's nginx on deploy/nginx*.conf (as the scale-out renders them) in
 * front of a small upstream that answers with the headers it was sent, so what nginx passes on, answers
 * itself and buffers can be seen. Twice: as the scale-out runs it (plain HTTP served) and as shipped
 * (plain HTTP redirected); each trusting 127.0.0.2 as a TLS terminator in front.
 */

const TERMINATOR = '127.0.0.2';
const NGINX_LIMITED =
  '{"error":"Too many requests from your address. Please wait a few seconds and try again."}';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}

/** The upstream: answers each request with what it received; `/hold/…` and the event stream wait for `release`. */
class EchoUpstream {
  readonly seen: Seen[] = [];
  private held: Array<() => void> = [];
  private readonly server = http.createServer((request, response) => {
    this.seen.push({ method: request.method!, url: request.url!, headers: request.headers });
    request.resume();
    if (/^\/hold\/|\/events$/.test(request.url!)) {
      // What is written first, then the rest once the test says so: a stream, as an instance sends it.
      const headers: http.OutgoingHttpHeaders = { 'content-type': 'text/plain' };
      if (request.url!.startsWith('/hold/page')) headers['x-accel-buffering'] = 'no';
      response.writeHead(200, headers);
      response.write('first;');
      this.held.push(() => response.end('rest'));
      return;
    }
    if (request.url!.startsWith('/_next/static/gone/')) {
      // A file of another build, as an instance answers it: with the static files' year-long caching.
      response.writeHead(404, { 'cache-control': 'public, max-age=31536000, immutable' });
      response.end('not here');
      return;
    }
    response.writeHead(200, {
      'content-type': 'application/json',
      server: 'upstream/1.0',
      ...(request.url!.startsWith('/_next/static/')
        ? { 'cache-control': 'public, max-age=31536000, immutable', vary: 'Accept-Encoding' }
        : {}),
    });
    response.end(JSON.stringify({ url: request.url, headers: request.headers }));
  });

  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  release(): void {
    for (const end of this.held.splice(0)) end();
  }

  /** How many requests for `url` came from `client` (the address nginx appended to X-Forwarded-For). */
  count(url: string, client: string): number {
    const from = (seen: Seen) => String(seen.headers['x-forwarded-for']).split(',').at(-1)?.trim();
    return this.seen.filter((seen) => seen.url === url && from(seen) === client).length;
  }

  stop(): Promise<void> {
    this.release();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

interface RunningNginx {
  http: string;
  https: string;
  nginx: PrivateNginx;
}

const dir = mkdtempSync(path.join(tmpdir(), 'storefront-nginx-edge-'));
const upstream = new EchoUpstream();
const clients: TrustingFetch[] = [];
let local: RunningNginx;
let shipped: RunningNginx;
let ca: string;

/** A client trusting the scale-out's certificate, sending from `address` (each one a shopper to nginx). */
function from(address = '127.0.0.1'): TrustingFetch {
  const client = trustingFetch(ca, address);
  clients.push(client);
  return client;
}

async function startNginx(name: string, upstreamPort: number, redirectHttp: boolean): Promise<RunningNginx> {
  const [port, tlsPort] = [await freePort(), await freePort()];
  const nginx = new PrivateNginx({
    binary: await ensureNginx(),
    prefix: path.join(dir, name),
    port,
    tlsPort,
    certificate: await ensureSelfSignedCertificate(dir),
    upstreams: [`127.0.0.1:${upstreamPort}`],
    redirectHttp,
    trustedTerminators: [TERMINATOR],
  });
  await nginx.start();
  return { http: `http://127.0.0.1:${port}`, https: `https://127.0.0.1:${tlsPort}`, nginx };
}

beforeAll(async () => {
  ca = (await ensureSelfSignedCertificate(dir)).pem;
  const upstreamPort = await upstream.start();
  local = await startNginx('local', upstreamPort, false);
  shipped = await startNginx('shipped', upstreamPort, true);
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await local?.nginx.stop();
  await shipped?.nginx.stop();
  await upstream.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** What the upstream received for one request through nginx. */
async function echoed(response: Response): Promise<http.IncomingHttpHeaders> {
  expect(response.status).toBe(200);
  return ((await response.json()) as { headers: http.IncomingHttpHeaders }).headers;
}

describe('nginx as shipped (deploy/nginx.conf), running', () => {
  it('answers HTTPS with the self-signed certificate, verified against it; a client that does not trust it is refused', async () => {
    const response = await from()(`${local.https}/products`);
    expect(response.status).toBe(200);
    await response.body?.cancel();
    await expect(fetch(`${local.https}/products`)).rejects.toThrow();
  });

  it('names itself "nginx", without a version, on proxied answers and on its own', async () => {
    const client = from();
    const answers = await Promise.all([
      client(`${local.https}/products`),
      client(`${local.http}/products`),
      client(`${shipped.http}/products`, { redirect: 'manual' }),
    ]);
    expect(answers.map((answer) => [answer.status, answer.headers.get('server')])).toEqual([
      [200, 'nginx'],
      [200, 'nginx'],
      [301, 'nginx'],
    ]);
    await Promise.all(answers.map((answer) => answer.body?.cancel()));
  });

  it('sets X-Forwarded-Proto from the listener and X-Forwarded-Host to the host reached, whatever the client claims', async () => {
    const client = from();
    const claims = {
      'x-forwarded-proto': 'http',
      'x-forwarded-host': 'evil.example',
      'x-forwarded-port': '1',
    };
    const overHttps = await echoed(await client(`${local.https}/account`, { headers: claims }));
    expect(overHttps['x-forwarded-proto']).toBe('https');
    expect(overHttps['x-forwarded-host']).toBe(new URL(local.https).host);
    expect(overHttps.host).toBe(new URL(local.https).host);
    expect(overHttps['x-forwarded-port']).toBeUndefined();
    const overHttp = await echoed(
      await client(`${local.http}/account`, { headers: { ...claims, 'x-forwarded-proto': 'https' } }),
    );
    expect(overHttp['x-forwarded-proto']).toBe('http');
    expect(overHttp['x-forwarded-host']).toBe(new URL(local.http).host);
    // The address nginx saw, appended to what the client said: the instances take that last entry.
    const forwarded = await echoed(
      await client(`${local.https}/x`, { headers: { 'x-forwarded-for': '6.6.6.6' } }),
    );
    expect(forwarded['x-forwarded-for']).toBe('6.6.6.6, 127.0.0.1');
  });

  it('as shipped, sends plain HTTP to HTTPS, except what a trusted TLS terminator passes on from HTTPS', async () => {
    const redirected = await from()(`${shipped.http}/products?q=tea`, { redirect: 'manual' });
    expect([redirected.status, redirected.headers.get('location')]).toEqual([
      301,
      'https://127.0.0.1/products?q=tea',
    ]);
    // A client's own claim of HTTPS does not stop the redirect.
    const claimed = await from()(`${shipped.http}/products`, {
      redirect: 'manual',
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(claimed.status).toBe(301);
    const terminator = from(TERMINATOR);
    const passedOn = await echoed(
      await terminator(`${shipped.http}/products`, { headers: { 'x-forwarded-proto': 'https' } }),
    );
    expect(passedOn['x-forwarded-proto']).toBe('https');
    const plain = await terminator(`${shipped.http}/products`, { redirect: 'manual' });
    expect(plain.status).toBe(301);
  });

  it('as shipped, serves HTTPS with the same rules', async () => {
    const headers = await echoed(
      await from()(`${shipped.https}/cart`, { headers: { 'x-forwarded-host': 'evil' } }),
    );
    expect([headers['x-forwarded-proto'], headers['x-forwarded-host']]).toEqual([
      'https',
      new URL(shipped.https).host,
    ]);
  });

  // deploy/nginx.conf's zones: 20 a minute after a burst of 10; 5 a second after a burst of 20.
  const AUTH = { burst: 10, perSecond: 1 / 3, retryAfter: '3' };
  const CHECKOUT = { burst: 20, perSecond: 5, retryAfter: '1' };
  const LIMITED = [
    { path: '/api/auth/login', ...AUTH },
    { path: '/login', ...AUTH },
    { path: '/api/auth/register', ...AUTH },
    { path: '/register', ...AUTH },
    { path: '/api/checkout', ...CHECKOUT },
    { path: '/cart', ...CHECKOUT },
  ];

  for (const [index, { path: limitedPath, burst, perSecond, retryAfter }] of LIMITED.entries()) {
    it(`answers a burst of POSTs to ${limitedPath} from one address with 429 and Retry-After ${retryAfter}, itself`, async () => {
      const address = `127.0.1.${index + 1}`;
      const burster = from(address);
      const post = () => burster(`${local.https}${limitedPath}`, { method: 'POST', body: '{}' });
      const started = performance.now();
      const answers = await Promise.all(Array.from({ length: 40 }, post));
      const seconds = (performance.now() - started) / 1000;
      const limited = answers.filter((answer) => answer.status === 429);
      const passed = answers.filter((answer) => answer.status === 200);
      expect(limited.length + passed.length).toBe(40);
      // One at once plus the burst, and what the rate refilled while the 40 were arriving.
      expect(passed.length).toBeGreaterThanOrEqual(1 + burst);
      expect(passed.length).toBeLessThanOrEqual(1 + burst + Math.ceil(seconds * perSecond));
      for (const answer of limited) {
        expect(answer.headers.get('retry-after')).toBe(retryAfter);
        expect(answer.headers.get('content-type')).toBe('application/json');
        expect(await answer.text()).toBe(NGINX_LIMITED);
      }
      await Promise.all(passed.map((answer) => answer.body?.cancel()));
      // nginx answered the 429s itself: the upstream saw only the requests that passed.
      expect(upstream.count(limitedPath, address)).toBe(passed.length);
      // A GET of the same path is a page view, never limited; another address is not limited by this one's burst.
      const view = await burster(`${local.https}${limitedPath}`);
      expect(view.status).toBe(200);
      await view.body?.cancel();
      const other = await from(`127.0.2.${index + 1}`)(`${local.https}${limitedPath}`, {
        method: 'POST',
        body: '{}',
      });
      expect(other.status).toBe(200);
      await other.body?.cancel();
    });
  }

  it("limits the shoppers behind a trusted terminator by the address it appends, not by the terminator's own", async () => {
    const terminator = from(TERMINATOR);
    // The terminator appends the address it saw; what a shopper claimed before it (a fresh one each time) is not theirs.
    const login = (client: string, claimed = 0) =>
      terminator(`${shipped.http}/api/auth/login`, {
        method: 'POST',
        body: '{}',
        headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': `10.9.9.${claimed}, ${client}` },
      });
    const burst = await Promise.all(Array.from({ length: 30 }, (_, index) => login('203.0.113.7', index)));
    expect(burst.filter((answer) => answer.status === 429).length).toBeGreaterThan(10);
    await Promise.all(burst.map((answer) => answer.body?.cancel()));
    const another = await login('203.0.113.8');
    expect(another.status).toBe(200);
    await another.body?.cancel();
  });

  it("keeps the build's files: many shoppers, one request to an instance, asked for gzip whatever the browser's wording", async () => {
    const client = from('127.0.3.1');
    const file = `/_next/static/chunks/${Date.now().toString(36)}.js`;
    const get = (acceptEncoding: string) =>
      client(`${local.https}${file}`, { headers: { 'accept-encoding': acceptEncoding } });
    const opening = await Promise.all(Array.from({ length: 8 }, () => get('gzip, deflate, br, zstd')));
    expect(opening.map((answer) => answer.status)).toEqual(Array(8).fill(200));
    const sent = await Promise.all(opening.map(async (answer) => (await echoed(answer))['accept-encoding']));
    expect(new Set(sent)).toEqual(new Set(['gzip']));
    expect(upstream.count(file, '127.0.3.1')).toBe(1);
    // Another browser's wording of the same: the same copy, kept.
    const again = await get('gzip, br');
    expect(again.headers.get('x-cache-status')).toBe('HIT');
    expect((await echoed(again))['accept-encoding']).toBe('gzip');
    // A client that takes no compression gets a copy of its own, asked for once.
    const plain = await get('identity');
    expect(plain.headers.get('x-cache-status')).toBe('MISS');
    expect((await echoed(plain))['accept-encoding']).toBeUndefined();
    const plainAgain = await get('identity');
    expect(plainAgain.headers.get('x-cache-status')).toBe('HIT');
    await plainAgain.body?.cancel();
    expect(upstream.count(file, '127.0.3.1')).toBe(2);
  });

  it('keeps nothing else: not a 404 of a build file (another build during a rolling deploy), not a page or JSON', async () => {
    const client = from('127.0.3.2');
    for (const path of ['/_next/static/gone/old.js', '/products', '/api/products/tea']) {
      for (let view = 0; view < 2; view += 1) {
        const answer = await client(`${local.https}${path}`, { headers: { 'accept-encoding': 'gzip' } });
        expect(answer.headers.get('x-cache-status')).not.toBe('HIT');
        await answer.body?.cancel();
      }
      expect(upstream.count(path, '127.0.3.2')).toBe(2);
    }
  });

  it('buffers answers but passes streams on as they come: the sale event stream and pages marked X-Accel-Buffering: no', async () => {
    const client = from();
    // What the client has of the answer while the instance holds back its end: its first chunk, or nothing.
    const whileHeld = async (url: string, waitMs: number) => {
      const reader = client(url).then((response) => response.body!.getReader());
      const first = reader.then(async (body) => new TextDecoder().decode((await body.read()).value));
      const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('(nothing yet)'), waitMs));
      return { early: await Promise.race([first, timeout]), first, reader };
    };
    const events = await whileHeld(`${local.https}/api/sales/42/events`, 5000);
    const page = await whileHeld(`${local.https}/hold/page`, 5000);
    const json = await whileHeld(`${local.https}/hold/json`, 1000);
    expect([events.early, page.early, json.early]).toEqual(['first;', 'first;', '(nothing yet)']);
    upstream.release();
    // Buffered, the answer comes whole once the instance has finished it.
    expect(await json.first).toBe('first;rest');
    for (const stream of [events, page, json]) await (await stream.reader).cancel();
  });
});
