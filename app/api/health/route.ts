import { NextResponse } from 'next/server';
import { checkHealth } from '@/lib/health';
import { otherMethods } from '@/lib/http/no-such-route';

/**
 * 200 when PostgreSQL and each Redis answer; 503 naming the one that does not (for load balancers). The
 * body also says how each Redis persists and evicts, with `warnings` that never change the status.
 */
export async function GET() {
  const report = await checkHealth();
  return NextResponse.json(report, {
    status: report.status === 'ok' ? 200 : 503,
    headers: { 'Cache-Control': 'no-store' },
  });
}

/** Any other method: 405 `{error}` instead of Next.js's empty 405. */
export const { POST, PUT, PATCH, DELETE } = otherMethods('public', ['GET']);
