import { describe, expect, it } from 'vitest';
import { peerStamp } from './peer-address';
import { clientIp, isCrossOrigin, isLoopback } from './request-info';

/** A request as the instance sees it: the socket's address (stamped) and any X-Forwarded-For. */
function arriving(socket: string, forwardedFor?: string): Headers {
  const headers = new Headers([peerStamp(socket)]);
  if (forwardedFor !== undefined) headers.set('x-forwarded-for', forwardedFor);
  return headers;
}

describe('clientIp', () => {
  it('with 0 hops is the socket, whatever X-Forwarded-For claims', () => {
    expect(clientIp(arriving('198.51.100.7'), 0)).toBe('198.51.100.7');
    expect(clientIp(arriving('198.51.100.7', '203.0.113.1'), 0)).toBe('198.51.100.7');
    expect(clientIp(arriving('198.51.100.7', '203.0.113.1, 203.0.113.2'), 0)).toBe('198.51.100.7');
  });

  it('with 1 hop (nginx) is the entry nginx appended, not the ones the client wrote', () => {
    // nginx at 10.0.0.2 saw the shopper at 198.51.100.7, who had claimed 203.0.113.1.
    expect(clientIp(arriving('10.0.0.2', '198.51.100.7'), 1)).toBe('198.51.100.7');
    expect(clientIp(arriving('10.0.0.2', '203.0.113.1, 198.51.100.7'), 1)).toBe('198.51.100.7');
    expect(clientIp(arriving('10.0.0.2', ' 203.0.113.1 ,198.51.100.7 '), 1)).toBe('198.51.100.7');
  });

  it('with 2 hops (a load balancer in front of nginx) tells the shoppers apart', () => {
    // The balancer (192.0.2.9) appended each shopper; nginx appended the balancer.
    const a = arriving('10.0.0.2', '203.0.113.1, 198.51.100.7, 192.0.2.9');
    const b = arriving('10.0.0.2', '198.51.100.8, 192.0.2.9');
    expect(clientIp(a, 2)).toBe('198.51.100.7');
    expect(clientIp(b, 2)).toBe('198.51.100.8');
    // Read with one hop, every shopper would be the balancer.
    expect(clientIp(a, 1)).toBe('192.0.2.9');
  });

  it('takes the furthest entry known when a request came through fewer proxies than configured', () => {
    expect(clientIp(arriving('198.51.100.7'), 1)).toBe('198.51.100.7');
    expect(clientIp(arriving('10.0.0.2', '198.51.100.7'), 2)).toBe('198.51.100.7');
  });

  it('never believes a stamp the client wrote itself', () => {
    const forged = new Headers({
      'x-storefront-peer': 'guess 203.0.113.1',
      'x-forwarded-for': '203.0.113.1',
    });
    expect(clientIp(forged, 0)).toBe('unknown');
    const [name] = peerStamp('127.0.0.1');
    expect(clientIp(new Headers({ [name]: '127.0.0.1' }), 0)).toBe('unknown');
  });

  it('reads an IPv4 client on a dual-stack socket as its IPv4 address', () => {
    expect(clientIp(arriving('::ffff:127.0.0.1'), 0)).toBe('127.0.0.1');
    expect(clientIp(arriving('::1'), 0)).toBe('::1');
  });
});

describe('isLoopback', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['::1', true],
    ['10.0.0.1', false],
    ['128.0.0.1', false],
    ['unknown', false],
    ['127.0.0.1.evil', false],
  ])('%s → %s', (address, loopback) => {
    expect(isLoopback(address)).toBe(loopback);
  });
});

describe('isCrossOrigin', () => {
  const sent = (headers: Record<string, string>) => new Headers({ host: 'shop.example', ...headers });
  const SITE = 'https://shop.example/api/cart/items';

  it('passes a request from our own pages, and one no browser sent', () => {
    expect(isCrossOrigin(sent({ origin: 'https://shop.example' }), SITE, 0)).toBe(false);
    expect(
      isCrossOrigin(sent({ 'sec-fetch-site': 'same-origin', origin: 'https://shop.example' }), SITE, 0),
    ).toBe(false);
    expect(isCrossOrigin(sent({ referer: 'https://shop.example/cart' }), SITE, 0)).toBe(false);
    expect(isCrossOrigin(sent({}), SITE, 0)).toBe(false);
  });

  it('refuses another origin named in Origin, and an opaque one', () => {
    expect(isCrossOrigin(sent({ origin: 'https://evil.example' }), SITE, 0)).toBe(true);
    expect(isCrossOrigin(sent({ origin: 'https://shop.example.evil.example' }), SITE, 0)).toBe(true);
    expect(isCrossOrigin(sent({ origin: 'null' }), SITE, 0)).toBe(true);
  });

  it('refuses a cross-site request that left Origin out, by Sec-Fetch-Site or Referer', () => {
    expect(isCrossOrigin(sent({ 'sec-fetch-site': 'cross-site' }), SITE, 0)).toBe(true);
    expect(isCrossOrigin(sent({ 'sec-fetch-site': 'same-site' }), SITE, 0)).toBe(true);
    expect(isCrossOrigin(sent({ referer: 'https://evil.example/page' }), SITE, 0)).toBe(true);
  });

  it('believes X-Forwarded-Host only behind a trusted proxy', () => {
    const claimed = sent({ origin: 'https://evil.example', 'x-forwarded-host': 'evil.example' });
    expect(isCrossOrigin(claimed, SITE, 0)).toBe(true);
    const balanced = new Headers({
      host: 'instance-3:3000',
      'x-forwarded-host': 'shop.example',
      'x-forwarded-proto': 'https',
      origin: 'https://shop.example',
    });
    expect(isCrossOrigin(balanced, 'http://instance-3:3000/api/cart/items', 1)).toBe(false);
  });

  it("refuses the same host under the other scheme: the site's scheme as the cookie sees it", () => {
    expect(isCrossOrigin(sent({ origin: 'http://shop.example' }), SITE, 0)).toBe(true);
    expect(isCrossOrigin(sent({ referer: 'http://shop.example/cart' }), SITE, 0)).toBe(true);
    const plain = 'http://shop.example/api/cart/items';
    expect(isCrossOrigin(sent({ origin: 'https://shop.example' }), plain, 0)).toBe(true);
    expect(isCrossOrigin(sent({ origin: 'http://shop.example' }), plain, 0)).toBe(false);
    // Behind a TLS terminator the instance is reached over HTTP; X-Forwarded-Proto names the site's scheme.
    const terminated = sent({ origin: 'https://shop.example', 'x-forwarded-proto': 'https' });
    expect(isCrossOrigin(terminated, plain, 0)).toBe(false);
    expect(
      isCrossOrigin(sent({ origin: 'http://shop.example', 'x-forwarded-proto': 'https' }), plain, 0),
    ).toBe(true);
  });
});
