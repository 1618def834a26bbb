'use client';

import { SIGNED_OUT, useViewer } from './use-viewer';
import { ViewerCorner, ViewerNavPlaceholder } from './viewer-nav';

/**
 * The personal corner of a catalog page, filled in by the browser (GET /api/viewer): a page whose server
 * tree waits for nothing personal is cached whole and served without rendering, where a server-side hole
 * would make Next.js render the page's whole component tree again for every request.
 */
export function BrowserViewerNav() {
  const [viewer, setViewer] = useViewer();
  if (!viewer) return <ViewerNavPlaceholder />;
  // The contract's JSON route (204, the cookie cleared); the corner then shows a guest's links.
  const logOut = async () => {
    const answer = await fetch('/api/auth/logout', { method: 'POST' });
    if (answer.ok) setViewer(SIGNED_OUT);
  };
  return <ViewerCorner viewer={viewer} logOut={logOut} />;
}
