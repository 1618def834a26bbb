import type { NextRequest } from 'next/server';
import { RETRY_AFTER_SECONDS } from '@/lib/http/failure';
import { safeNextPath } from '@/lib/http/next-path';
import { statusPage } from '@/lib/http/status-page';

/**
 * The "temporarily unavailable" page (lib/http/page-data.ts sends catalog pages here when their data cannot
 * be had): a real 503 with Retry-After, plain HTML that needs nothing else from the server, and a refresh
 * back to the page the shopper wanted once the wait is over.
 */
export function GET(request: NextRequest) {
  const from = safeNextPath(request.nextUrl.searchParams.get('from')) ?? '/';
  return statusPage({
    status: 503,
    title: 'Temporarily unavailable',
    message: `This page can’t be shown right now because part of the shop is not answering. It’s usually brief: we’ll try again in ${RETRY_AFTER_SECONDS} seconds.`,
    link: { href: from, label: 'Try again now' },
    refreshSeconds: RETRY_AFTER_SECONDS,
    headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
  });
}
