import { StatusPage } from '@/app/_components/status-page';

export default function ProductNotFound() {
  return (
    <StatusPage code={404} title="We couldn’t find that product">
      It may have been removed, or the link may be mistyped.
    </StatusPage>
  );
}
