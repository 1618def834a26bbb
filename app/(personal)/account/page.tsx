import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { orderPageParam, type SearchParams } from '@/app/_components/page-param';
import { PASSWORD_MIN } from '@/lib/auth/schemas';
import { isOutage } from '@/lib/errors';
import { pageRequestContext } from '@/lib/http/next-context';
import { listMyOrders, type OrderPage } from '@/lib/orders';
import { getViewer } from '@/lib/pages/viewer';
import { ChangePasswordForm } from './_components/change-password-form';
import { LogoutEverywhereForm } from './_components/logout-everywhere-form';
import { OrderHistory } from './_components/order-history';

// About one visitor: rendered per request, nothing of it shared or cached. Its redirects and its 403/404
// are decided before rendering, by proxy.ts (lib/pages/page-gate.ts), so their HTTP status is true.
export const instant = false;

export const metadata: Metadata = { title: 'Your account', robots: { index: false } };

/** A page of the user's orders, or null when PostgreSQL cannot be asked: the rest of the page still shows. */
async function loadOrders(page: number): Promise<OrderPage | null> {
  try {
    return await listMyOrders(await pageRequestContext(), page);
  } catch (error) {
    if (!isOutage(error)) throw error;
    console.error('account page: orders unavailable:', error instanceof Error ? error.message : error);
    return null;
  }
}

export default async function AccountPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const viewer = await getViewer();
  if (!viewer.available) {
    return (
      <div className="mx-auto max-w-xl py-8 text-center">
        <h1 className="text-3xl font-bold tracking-tight">Your account</h1>
        <p role="alert" className="mt-3 text-zinc-600">
          Your account can&rsquo;t be shown right now. Please try again shortly.
        </p>
      </div>
    );
  }
  if (!viewer.user) redirect('/login?next=/account');
  const { user } = viewer;
  const orders = await loadOrders(orderPageParam(await searchParams));

  return (
    <div className="mx-auto max-w-2xl space-y-10">
      <section>
        <h1 className="text-3xl font-bold tracking-tight">Your account</h1>
        <dl className="mt-6 grid grid-cols-[8rem_1fr] gap-y-2">
          <dt className="font-medium text-zinc-600">Name</dt>
          <dd data-testid="account-name">{user.name}</dd>
          <dt className="font-medium text-zinc-600">Email</dt>
          <dd data-testid="account-email">{user.email}</dd>
        </dl>
      </section>

      <section aria-labelledby="orders-heading" id="orders" className="border-t border-zinc-200 pt-8">
        <h2 id="orders-heading" className="mb-4 text-xl font-semibold">
          Your orders
        </h2>
        <OrderHistory orders={orders} />
      </section>

      <section aria-labelledby="sessions-heading" className="border-t border-zinc-200 pt-8">
        <h2 id="sessions-heading" className="text-xl font-semibold">
          Sessions
        </h2>
        <p className="mt-2 mb-4 text-zinc-600">
          Signed in on a shared or lost device? End every session, everywhere, this one included.
        </p>
        <LogoutEverywhereForm />
      </section>

      <section aria-labelledby="password-heading" className="border-t border-zinc-200 pt-8">
        <h2 id="password-heading" className="mb-4 text-xl font-semibold">
          Change password
        </h2>
        <ChangePasswordForm passwordMin={PASSWORD_MIN} />
      </section>
    </div>
  );
}
