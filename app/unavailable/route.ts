import type { NextRequest } from 'next/server';
import { RETRY_AFTER_SECONDS } from '@/lib/http/failure';
import { PRIVATE_CACHE_CONTROL } from '@/lib/http/json';
import { safeNextPath } from '@/lib/http/next-path';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The "temporarily unavailable" page (lib/http/page-data.ts sends catalog pages here when their data cannot
 * be had): a real 503 with Retry-After, plain HTML that needs nothing else from the server, and a refresh
 * back to the page the shopper wanted once the wait is over.
 */
export function GET(request: NextRequest) {
  const from = safeNextPath(request.nextUrl.searchParams.get('from')) ?? '/';
  const back = escapeHtml(from);
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${RETRY_AFTER_SECONDS};url=${back}">
<meta name="robots" content="noindex">
<title>Temporarily unavailable · Flashmart</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;text-align:center;color:#27272a}a{color:#4f46e5}</style>
</head>
<body>
<p>503</p>
<h1>Temporarily unavailable</h1>
<p>This page can&rsquo;t be shown right now because part of the shop is not answering. It&rsquo;s usually brief: we&rsquo;ll try again in ${RETRY_AFTER_SECONDS} seconds.</p>
<p><a href="${back}">Try again now</a></p>
</body>
</html>`;
  return new Response(html, {
    status: 503,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Retry-After': String(RETRY_AFTER_SECONDS),
      'Cache-Control': PRIVATE_CACHE_CONTROL,
    },
  });
}
