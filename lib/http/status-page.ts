import { PRIVATE_CACHE_CONTROL } from './json';

/*
 * A status page as plain HTML, answered before Next.js renders anything: with Cache Components a page
 * starts streaming its shell with a 200 before its own checks run, so a 403, a 404 or a 503 that must
 * reach the client as a status is answered here instead (proxy.ts, /unavailable). It needs nothing else
 * from the server: no data, no scripts.
 */

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface StatusPageOptions {
  status: number;
  title: string;
  /** Plain text: escaped here. */
  message: string;
  link: { href: string; label: string };
  /** Seconds after which the browser goes to `link.href` by itself (a 503's retry). */
  refreshSeconds?: number;
  headers?: Record<string, string>;
}

export function statusPage({
  status,
  title,
  message,
  link,
  refreshSeconds,
  headers,
}: StatusPageOptions): Response {
  const href = escapeHtml(link.href);
  const refresh =
    refreshSeconds === undefined
      ? ''
      : `\n<meta http-equiv="refresh" content="${refreshSeconds};url=${href}">`;
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">${refresh}
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} · Flashmart</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;text-align:center;color:#27272a}a{color:#4338ca}</style>
</head>
<body>
<main>
<p>${status}</p>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(message)}</p>
<p><a href="${href}">${escapeHtml(link.label)}</a></p>
</main>
</body>
</html>`;
  return new Response(html, {
    status,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': PRIVATE_CACHE_CONTROL,
      ...headers,
    },
  });
}
