import { Suspense, type ReactNode } from 'react';
import { FormNotice } from '../_components/form-notice';
import { PageFrame } from '../_components/page-frame';
import { ServerViewerNav } from '../_components/server-viewer-nav';

/**
 * The pages about one visitor (cart, account, orders, sign-in, admin): rendered per request anyway, so
 * the personal corner is rendered with them, and is there without JavaScript too, as is what a form sent
 * without it was told (FormNotice).
 */
export default function PersonalLayout({ children }: { children: ReactNode }) {
  return (
    <PageFrame corner={<ServerViewerNav />}>
      <Suspense fallback={null}>
        <FormNotice />
      </Suspense>
      {children}
    </PageFrame>
  );
}
