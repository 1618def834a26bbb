import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { safeNextPath } from '@/lib/http/next-path';
import { getViewer } from '@/lib/pages/viewer';
import { LoginForm } from './login-form';

// About one visitor: rendered per request, nothing of it shared or cached. Its redirects and its 403/404
// are decided before rendering, by proxy.ts (lib/pages/page-gate.ts), so their HTTP status is true.
export const instant = false;

export const metadata: Metadata = { title: 'Log in', robots: { index: false } };

interface LoginPageProps {
  searchParams: Promise<{ next?: string | string[]; ended?: string | string[] }>;
}

export default async function LoginPage({ searchParams }: LoginPageProps) {
  const params = await searchParams;
  const next = safeNextPath(typeof params.next === 'string' ? params.next : undefined);
  const viewer = await getViewer();
  if (viewer.user) redirect(next ?? '/account');

  return (
    <div className="mx-auto max-w-sm">
      <h1 className="text-3xl font-bold tracking-tight">Log in</h1>
      {params.ended === 'everywhere' && (
        <p role="status" className="mt-4 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          You have been logged out on every device.
        </p>
      )}
      {!viewer.available && (
        <p role="alert" className="mt-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Signing in is unavailable right now. Please try again in a moment.
        </p>
      )}
      <div className="mt-6">
        <LoginForm next={next} />
      </div>
      <p className="mt-6 text-sm text-zinc-600">
        New here?{' '}
        <Link
          href={next ? `/register?next=${encodeURIComponent(next)}` : '/register'}
          className="font-medium text-brand-700 underline"
        >
          Create an account
        </Link>
      </p>
    </div>
  );
}
