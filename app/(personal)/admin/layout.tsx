import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { viewerIsAdmin } from '@/lib/pages/page-guard';
import { AdminNav } from './_components/admin-nav';

// About one visitor: rendered per request, nothing of it shared or cached. Its redirects and its 403/404
// are decided before rendering, by proxy.ts (lib/pages/page-gate.ts), so their HTTP status is true.
export const instant = false;

export const metadata: Metadata = {
  title: { template: '%s · Admin · Flashmart', default: 'Admin' },
  robots: { index: false },
};

/**
 * The admin section's frame. It only decides whether to show the admin navigation: each page checks the
 * visitor itself (lib/pages/page-guard.ts), because a layout is not re-run on every navigation.
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
