import { RETRY_AFTER_SECONDS } from '../http/failure';
import { PRIVATE_CACHE_CONTROL } from '../http/json';

/*
 * The status pages proxy.ts answers, as plain HTML, before Next.js renders anything: with Cache Components
 * a page starts streaming its shell with a 200 before its own checks run, so a 403, a 404 or a 503 that
 * must reach the client as a status is answered here instead. They need nothing else from the server: no
 * data, no scripts. The 503 page is this one for every page (unavailablePage): the gate's answer, and
 * /unavailable, where a page whose data failed while rendering sends its visitor (./page-data.ts).
 */

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

interface StatusPageOptions {
  status: number;
  title: string;
  /** Plain text: escaped here. */
  message: string;
  link: { href: string; label: string };
  /** Seconds after which the browser goes to `link.href` by itself (a 503's retry). */
  refreshSeconds?: number;
  headers?: Record<string, string>;
}

function statusPage({ status, title, message, link, refreshSeconds, headers }: StatusPageOptions): Response {
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

/** Part of the shop is not answering: a 503 with Retry-After, coming back to `retry` by itself. */
export function unavailablePage(retry: string): Response {
  return statusPage({
    status: 503,
    title: 'Temporarily unavailable',
    message: `This page can’t be shown right now because part of the shop is not answering. It’s usually brief: we’ll try again in ${RETRY_AFTER_SECONDS} seconds.`,
    link: { href: retry, label: 'Try again now' },
    refreshSeconds: RETRY_AFTER_SECONDS,
    headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
  });
}

/** A signed-in visitor without the admin role on an admin page. */
export function forbiddenPage(): Response {
  return statusPage({
    status: 403,
    title: '403 — Admins only',
    message:
      'This part of the shop is for the store’s admins. If you should have access, log in with an admin account.',
    link: { href: '/', label: 'Back to the shop' },
  });
}

/** An order that is not the viewer's, or does not exist: the same page (probing learns nothing). */
export function orderNotFoundPage(): Response {
  return statusPage({
    status: 404,
    title: 'We couldn’t find that order',
    message: 'There is no order at this address in your account.',
    link: { href: '/account', label: 'Your orders' },
  });
}
