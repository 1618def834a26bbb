import 'server-only';
import { cookies, headers } from 'next/headers';
import { cache } from 'react';
import type { CookieJar } from '../session/cookie';
import type { RequestContext } from '../session/current';
import { clientIp, isHttps } from './request-info';

/**
 * The request context of a server component or server action, from next/headers. In a server component
 * the cookie store is read-only (setting throws): pages only read sessions; actions may write them.
 */
export async function nextRequestContext(): Promise<RequestContext> {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  return {
    cookies: cookieStore as unknown as CookieJar,
    secure: isHttps(headerList),
    ip: clientIp(headerList),
  };
}

/**
 * The page's request context, one per render: layout, page and header share it, so the session is read
 * from Redis once per request (currentSession memoizes per context).
 */
export const pageRequestContext = cache(nextRequestContext);
