import { getConfig } from '../config';
import { peerAddress } from './peer-address';

/*
 * What a request says about where it came from. Behind nginx (deploy/nginx.conf) the app sees nginx's
 * connection, so it reads the forwarded headers; without a proxy, the socket (lib/http/peer-address.ts).
 */

/**
 * The client's address for rate limiting and the metrics route. The chain is X-Forwarded-For's entries
 * followed by the socket's address; each trusted proxy appended the address it saw (nginx:
 * $proxy_add_x_forwarded_for), so with `hops` trusted proxies the client is `hops` entries left of the
 * socket. Everything further left is the client's own claim, which would let it pick a fresh address per
 * request. 0 hops: the socket itself (a client reaching the instance directly). When the chain is shorter
 * than the hops, the request bypassed some proxy, and its leftmost entry is the furthest one known.
 * 'unknown' when there is no socket address (a request not served by this process's HTTP server).
 */
export function clientIp(headers: Headers, hops = getConfig().TRUSTED_PROXY_HOPS): string {
  const forwarded = (headers.get('x-forwarded-for') ?? '').split(',');
  const chain = [...forwarded, peerAddress(headers) ?? 'unknown']
    .map((entry) => normalizeAddress(entry.trim()))
    .filter(Boolean);
  return chain.at(-1 - hops) ?? chain[0]!;
}

/** An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d; it is the same client as a.b.c.d. */
function normalizeAddress(address: string): string {
  const lower = address.toLowerCase();
  return lower.startsWith('::ffff:') && lower.includes('.') ? lower.slice('::ffff:'.length) : lower;
}

/** Whether an address is this machine's own (127.0.0.0/8 or ::1). */
export function isLoopback(address: string): boolean {
  return /^127(\.\d{1,3}){3}$/.test(address) || address === '::1';
}

/** Whether the browser reached us over HTTPS: directly, or through nginx terminating TLS. */
export function isHttps(headers: Headers, url?: string): boolean {
  const forwarded = headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  if (forwarded) return forwarded === 'https';
  return url?.startsWith('https:') ?? false;
}

/**
 * True when a request comes from another origin: a cross-site form or fetch. Browsers name the page that
 * sent it in `Origin` (an opaque "null" from a sandboxed frame or some redirects counts as foreign), and
 * say `Sec-Fetch-Site: cross-site` or `same-site` (a sibling subdomain: another origin all the same) even
 * where they leave `Origin` out. With neither, an older browser's `Referer` still names the page. A request
 * with none of them (curl, server-to-server) is not a browser acting for someone else, so it passes.
 * An origin is a scheme, a host and a port. The host is compared with `Host`; `X-Forwarded-Host` only
 * counts behind proxies we trust (TRUSTED_PROXY_HOPS), since `next start` passes a client's own value
 * through. The scheme is the one the session cookie's `Secure` follows (isHttps: the TLS terminator's
 * `X-Forwarded-Proto`, else the request's own), so a plain-HTTP page of the same host cannot post to the
 * HTTPS site, nor the other way round.
 */
export function isCrossOrigin(headers: Headers, url: string, hops = getConfig().TRUSTED_PROXY_HOPS): boolean {
  const site = headers.get('sec-fetch-site');
  if (site === 'cross-site' || site === 'same-site') return true;
  const origin = headers.get('origin') ?? (headers.get('referer') || null);
  if (origin === null) return false;
  let sender: URL;
  try {
    sender = new URL(origin);
  } catch {
    return true;
  }
  if (sender.protocol !== (isHttps(headers, url) ? 'https:' : 'http:')) return true;
  const hosts = [hops > 0 ? headers.get('x-forwarded-host') : null, headers.get('host')]
    .flatMap((value) => (value ?? '').split(','))
    .map((value) => value.trim().toLowerCase())
    .filter(Boolean);
  return !hosts.includes(sender.host.toLowerCase());
}
