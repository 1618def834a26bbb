import { Suspense } from 'react';
import { getViewer } from '@/lib/pages/viewer';
import { ViewerCorner, ViewerNavPlaceholder } from './viewer-nav';

/** The personal corner of a personal page (cart, account, orders, admin), rendered with the page. */
export function ServerViewerNav() {
  return (
    <Suspense fallback={<ViewerNavPlaceholder />}>
      <RequestViewer />
    </Suspense>
  );
}

async function RequestViewer() {
  const { user, cartCount } = await getViewer();
  return <ViewerCorner viewer={{ user: user && { name: user.name, role: user.role }, cartCount }} />;
}
