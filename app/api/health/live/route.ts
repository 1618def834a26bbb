import { NextResponse } from 'next/server';
import { route } from '@/lib/http/handler';
import { otherMethods } from '@/lib/http/no-such-route';
import { isDraining } from '@/lib/lifecycle/draining';

/**
 * Liveness: 200 while this process can serve, 503 once it is draining after SIGTERM. It asks neither
 * PostgreSQL nor Redis, so an outage of theirs (readiness, `/api/health`) never gets every instance
 * restarted: what docker-compose's health check and any restarter use. Through route(), which reads the
 * request, so Cache Components answers it per request instead of prerendering one answer at build time.
 */
export const GET = route({ access: 'public' }, async () => {
  const draining = isDraining();
  return NextResponse.json(
    { status: draining ? 'draining' : 'ok' },
    { status: draining ? 503 : 200, headers: { 'Cache-Control': 'no-store' } },
  );
});

/** Any other method: 405 `{error}` instead of Next.js's empty 405. */
export const { POST, PUT, PATCH, DELETE } = otherMethods('public', ['GET']);
