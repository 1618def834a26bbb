import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import net from 'node:net';
import { onResponseClose } from '../response-close';
import { isDraining, startDraining } from './draining';

/*
 * SIGTERM (or SIGINT) drains the process instead of dropping what it is doing:
 *
 * 1. It stops listening, without closing the connections it has: Node's `server.close()` also closes
 *    every idle keep-alive connection at once, and nginx may be writing a request into one of them at that
 *    very moment (a POST it then cannot retry). So only the listening socket is closed.
 * 2. Every answer from now on says `Connection: close`, so nginx (or any client) stops reusing the
 *    connection; idle ones end by themselves: nginx drops its idle upstream connections after 4 s
 *    (deploy/nginx.conf), before Node's 5 s keep-alive timeout would.
 * 3. Event streams are ended at once (they never finish by themselves), and the queue lines' once-a-second
 *    reads stop (the other instances keep the lines moving); requests in flight finish,
 *    within DRAIN_TIMEOUT_MS; then whatever is left is cut.
 * 4. The PostgreSQL pool and the Redis connections are closed, and the process exits 0.
 *
 * `next start` has a SIGTERM handler of its own (unless NEXT_MANUAL_SIG_HANDLE is set) that calls
 * `server.close()` and exits 143 without a bound: it is replaced by this one.
 */

const DRAIN_TIMEOUT_MS = 10_000;
const CLOSE_CLIENTS_TIMEOUT_MS = 3_000;
/** The longest a drain takes from SIGTERM to exit: a supervisor's grace period must be longer. */
export const LONGEST_SHUTDOWN_MS = DRAIN_TIMEOUT_MS + CLOSE_CLIENTS_TIMEOUT_MS;

const state = globalThis as unknown as { storefrontShutdownInstalled?: boolean };

const servers = new Set<Server>();
const inFlight = new Set<ServerResponse>();

/** Installs the drain on SIGTERM and SIGINT; idempotent. Called from instrumentation.ts. */
export function installGracefulShutdown(
  closeClients: () => Promise<void>,
  /**
   * Ends requests that never finish by themselves (the sale event streams) and background work (the
   * queue lines' timers): called as the drain begins.
   */
  endLongRequests: () => void = () => {},
): void {
  if (state.storefrontShutdownInstalled) return;
  state.storefrontShutdownInstalled = true;
  // Node publishes each request before the server's own listener (Next.js) sees it: the one place to learn
  // the server, count requests in flight and mark answers given while draining.
  subscribe('http.server.request.start', (message) => {
    const { server, response } = message as {
      server: Server;
      response: ServerResponse;
      request: IncomingMessage;
    };
    servers.add(server);
    inFlight.add(response);
    onResponseClose(response, () => inFlight.delete(response));
    if (isDraining()) response.setHeader('Connection', 'close');
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    if (!process.env.NEXT_MANUAL_SIG_HANDLE) process.removeAllListeners(signal);
    process.once(signal, () => void drain(signal, closeClients, endLongRequests));
  }
}

async function drain(
  signal: NodeJS.Signals,
  closeClients: () => Promise<void>,
  endLongRequests: () => void,
): Promise<void> {
  if (isDraining()) return;
  startDraining();
  // An event stream would hold the drain for its whole timeout: end them now (browsers reconnect, through
  // nginx, to another instance).
  endLongRequests();
  const started = Date.now();
  console.log(`${signal}: draining (${inFlight.size} requests in flight)`);
  for (const response of inFlight) {
    if (!response.headersSent) response.setHeader('Connection', 'close');
  }
  const allClosed = Promise.all(
    [...servers].map(
      (server) =>
        new Promise<void>((resolve) => {
          if (!server.listening) return resolve();
          // net.Server's close: stop listening, leave the open connections alone (see above).
          net.Server.prototype.close.call(server, () => resolve());
        }),
    ),
  );
  const timedOut = await Promise.race([
    allClosed.then(() => false),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(true), DRAIN_TIMEOUT_MS).unref()),
  ]);
  if (timedOut) {
    console.warn(`drain: ${inFlight.size} requests still running after ${DRAIN_TIMEOUT_MS} ms; closing them`);
    for (const server of servers) server.closeAllConnections();
  }
  await Promise.race([
    closeClients().catch((error: unknown) => console.error('drain: closing clients failed', error)),
    new Promise((resolve) => setTimeout(resolve, CLOSE_CLIENTS_TIMEOUT_MS).unref()),
  ]);
  console.log(`drained in ${Date.now() - started} ms; exiting`);
  process.exit(0);
}
