import type { ReactNode } from 'react';
import { BrowserViewerNav } from '../_components/browser-viewer-nav';
import { PageFrame } from '../_components/page-frame';

/**
 * The catalog's pages (home, listings, products): the same for every shopper, so cached whole and served
 * without rendering. Nothing here reads the request; the browser fills in the personal corner.
 */
export default function ShopLayout({ children }: { children: ReactNode }) {
  return <PageFrame corner={<BrowserViewerNav />}>{children}</PageFrame>;
}
