import type { Metadata } from 'next';
import { StatusPage } from './_components/status-page';

export const metadata: Metadata = { title: 'Page not found' };

export default function NotFound() {
  return (
    <StatusPage code={404} title="Page not found">
      There is nothing at this address. It may have moved, or never existed.
    </StatusPage>
  );
}
