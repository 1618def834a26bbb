import { NextResponse } from 'next/server';
import { checkHealth } from '@/lib/health';

/** 200 when PostgreSQL and Redis both answer; 503 naming the one that does not (for load balancers). */
export async function GET() {
  const report = await checkHealth();
  return NextResponse.json(report, {
    status: report.status === 'ok' ? 200 : 503,
    headers: { 'Cache-Control': 'no-store' },
  });
}
