import { StatusPage } from '@/app/_components/status-page';

// The same page whether the order never existed or is someone else's: ids cannot be probed.
export default function OrderNotFound() {
  return (
    <StatusPage code={404} title="We couldn’t find that order">
      There is no order of yours at this address. Your orders are listed on your account page.
    </StatusPage>
  );
}
