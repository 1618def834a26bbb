import type { ReactNode } from 'react';
import { PageFrame } from '../_components/page-frame';
import { ServerViewerNav } from '../_components/server-viewer-nav';

/**
 * The pages about one visitor (cart, account, orders, sign-in, admin): rendered per request anyway, so
 * the personal corner is rendered with them, and is there without JavaScript too.
 */
export default function PersonalLayout({ children }: { children: ReactNode }) {
  return <PageFrame corner={<ServerViewerNav />}>{children}</PageFrame>;
}
