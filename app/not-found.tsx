import type { Metadata } from 'next';
import { BrowserViewerNav } from './_components/browser-viewer-nav';
import { PageFrame } from './_components/page-frame';
import { StatusPage } from './_components/status-page';

export const metadata: Metadata = { title: 'Page not found' };

export default function NotFound() {
  // Outside both groups (the root's 404), so it brings the header itself.
  return (
    <PageFrame corner={<BrowserViewerNav />}>
      <StatusPage code={404} title="Page not found">
        There is nothing at this address. It may have moved, or never existed.
      </StatusPage>
    </PageFrame>
  );
}
