/*
 * What a request says about where it came from. Behind nginx (deploy/nginx.conf) the app sees nginx's
 * connection, so it reads the forwarded headers; without a proxy Next.js fills them in from the socket.
 */

/**
 * The client's address for rate limiting: the LAST X-Forwarded-For entry. nginx appends the address it
 * saw ($proxy_add_x_forwarded_for) to whatever the client sent, so only the last entry is one a client
 * cannot forge; the first is the client's own claim and would let an attacker pick a fresh "IP" per
 * request. 'local' when no address is known at all.
 */
export function clientIp(headers: Headers): string {
  const entries = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  return entries.at(-1) ?? 'local';
}

/** Whether the browser reached us over HTTPS: directly, or through nginx terminating TLS. */
export function isHttps(headers: Headers, url?: string): boolean {
  const forwarded = headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  if (forwarded) return forwarded === 'https';
  return url?.startsWith('https:') ?? false;
}

/**
 * True when a request names an Origin other than the host it was sent to: a cross-site form or fetch.
 * A missing Origin (curl, server-to-server) is not a browser acting for someone else, so it passes; an
 * opaque "null" Origin (sandboxed frame, some redirects) does not.
 */
export function isCrossOrigin(headers: Headers): boolean {
  const origin = headers.get('origin');
  if (origin === null) return false;
  let originHost: string;
  try {
    originHost = new URL(origin).host.toLowerCase();
  } catch {
    return true;
  }
  const hosts = [headers.get('x-forwarded-host'), headers.get('host')]
    .flatMap((value) => (value ?? '').split(','))
    .map((value) => value.trim().toLowerCase())
    .filter(Boolean);
  return !hosts.includes(originHost);
}
