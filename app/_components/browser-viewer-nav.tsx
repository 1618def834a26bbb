'use client';

import { useViewer } from './use-viewer';
import { ViewerCorner, ViewerNavPlaceholder } from './viewer-nav';

/**
 * The personal corner of a catalog page, filled in by the browser (GET /api/viewer): a page whose server
 * tree waits for nothing personal is cached whole and served without rendering, where a server-side hole
 * would make Next.js render the page's whole component tree again for every request.
 */
export function BrowserViewerNav() {
  const [viewer, setViewer] = useViewer();
  if (!viewer) return <ViewerNavPlaceholder />;
  return <ViewerCorner viewer={viewer} onLogOut={() => setViewer({ user: null, cartCount: 0 })} />;
}
