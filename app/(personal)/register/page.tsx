import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { PASSWORD_MIN } from '@/lib/auth/schemas';
import { safeNextPath } from '@/lib/http/next-path';
import { getViewer } from '@/lib/pages/viewer';
import { RegisterForm } from './register-form';

// About one visitor: rendered per request, nothing of it shared or cached. Its redirects and its 403/404
// are decided before rendering, by proxy.ts (lib/pages/page-gate.ts), so their HTTP status is true.
export const instant = false;

export const metadata: Metadata = { title: 'Create an account', robots: { index: false } };

interface RegisterPageProps {
  searchParams: Promise<{ next?: string | string[] }>;
}

export default async function RegisterPage({ searchParams }: RegisterPageProps) {
  const params = await searchParams;
  const next = safeNextPath(typeof params.next === 'string' ? params.next : undefined);
  const viewer = await getViewer();
  if (viewer.user) redirect(next ?? '/account');

  return (
    <div className="mx-auto max-w-sm">
      <h1 className="text-3xl font-bold tracking-tight">Create an account</h1>
      <p className="mt-2 text-zinc-600">Your cart comes with you.</p>
      <div className="mt-6">
        <RegisterForm next={next} passwordMin={PASSWORD_MIN} />
      </div>
      <p className="mt-6 text-sm text-zinc-600">
        Already have an account?{' '}
        <Link
          href={next ? `/login?next=${encodeURIComponent(next)}` : '/login'}
          className="font-medium text-brand-700 underline"
        >
          Log in
        </Link>
      </p>
    </div>
  );
}
