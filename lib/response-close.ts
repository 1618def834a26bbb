import type { ServerResponse } from 'node:http';

/*
 * Runs `listener` once an answer's connection closes (after the last byte, or before it when the client
 * went away), without the listener counting toward Node's bound of ten per event.
 *
 * Node warns of a leak ("MaxListenersExceededWarning ... 11 close listeners added to [ServerResponse]")
 * past that bound. Next.js itself puts up to nine 'close' listeners on a page's answer (its abort signals,
 * the render's streams, compression, the pipe), and the storefront adds two from outside (the request
 * counter, lib/metrics/http.ts, and the drain's count of requests in flight, lib/lifecycle/): eleven, so
 * an instance logged that warning for a leak that is not one, on page renders with a cold cache. Each of
 * ours raises the answer's bound by one instead: the framework keeps its own ten.
 */
export function onResponseClose(response: ServerResponse, listener: () => void): void {
  response.setMaxListeners(response.getMaxListeners() + 1);
  response.once('close', listener);
}
