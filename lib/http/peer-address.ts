import { randomBytes } from 'node:crypto';
import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { secretsEqual } from './constant-time';

/*
 * The address at the other end of a request's TCP connection, which Next.js does not give to route
 * handlers or server components. `next start` fills X-Forwarded-For from the socket only when the header
 * is missing (`??=` in next/dist/server/base-server.js), so a client that reaches an instance directly
 * would be believed whatever it wrote there. Instead, every request is stamped with its socket's address
 * as it arrives: Node publishes each request on the 'http.server.request.start' diagnostics channel
 * before the server's own listener (Next.js) sees it.
 *
 * The stamp carries a random per-process secret, so a header a client wrote itself (one that arrived
 * before instrumentation.ts subscribed, or a test's request built by hand) is never taken for one.
 */

const PEER_HEADER = 'x-storefront-peer';

// On globalThis: instrumentation.ts and the route bundles each get their own copy of this module.
const state = globalThis as unknown as { storefrontPeerSecret?: string; storefrontPeerStamping?: boolean };

function secret(): string {
  state.storefrontPeerSecret ??= randomBytes(18).toString('base64url');
  return state.storefrontPeerSecret;
}

/** The header (name and value) that says `address` is the socket's: what the stamp writes. */
export function peerStamp(address: string): [name: string, value: string] {
  return [PEER_HEADER, `${secret()} ${address}`];
}

/** Stamps every request this process serves from now on; idempotent. Called from instrumentation.ts. */
export function stampPeerAddresses(): void {
  if (state.storefrontPeerStamping) return;
  state.storefrontPeerStamping = true;
  subscribe('http.server.request.start', (message) => {
    const request = (message as { request: IncomingMessage }).request;
    const [name, value] = peerStamp(request.socket.remoteAddress ?? 'unknown');
    // Overwrites whatever the client sent under that name.
    request.headers[name] = value;
  });
}

/** The stamped socket address of a request, or null when it carries no stamp of this process. */
export function peerAddress(headers: Headers): string | null {
  const value = headers.get(PEER_HEADER) ?? '';
  const at = value.indexOf(' ');
  if (at < 0 || !secretsEqual(value.slice(0, at), secret())) return null;
  return value.slice(at + 1) || null;
}
