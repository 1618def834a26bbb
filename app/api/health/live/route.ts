import { connection, NextResponse } from 'next/server';
import { isDraining } from '@/lib/lifecycle/draining';

/**
 * Liveness: 200 while this process can serve, 503 once it is draining after SIGTERM. It asks neither
 * PostgreSQL nor Redis, so an outage of theirs (readiness, `/api/health`) never gets every instance
 * restarted: what docker-compose's health check and any restarter use.
 */
export async function GET() {
  // Answered per request, never prerendered at build time (Cache Components would keep that answer).
  await connection();
  const draining = isDraining();
  return NextResponse.json(
    { status: draining ? 'draining' : 'ok' },
    { status: draining ? 503 : 200, headers: { 'Cache-Control': 'no-store' } },
  );
}
