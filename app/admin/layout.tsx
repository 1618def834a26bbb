import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { viewerIsAdmin } from '@/lib/auth/page-guard';
import { AdminNav } from './_components/admin-nav';

// About one visitor: rendered whole per request, before anything is sent, so its redirects and its
// 403/404 keep their HTTP status (a blocking route, not a streamed one).
export const instant = false;

export const metadata: Metadata = {
  title: { template: '%s · Admin · Flashmart', default: 'Admin' },
  robots: { index: false },
};

/**
 * The admin section's frame. It only decides whether to show the admin navigation: each page checks the
 * visitor itself (lib/auth/page-guard.ts), because a layout is not re-run on every navigation.
 */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const isAdmin = await viewerIsAdmin();
  return (
    <div className="space-y-6">
      {isAdmin && <AdminNav />}
      {children}
    </div>
  );
}
