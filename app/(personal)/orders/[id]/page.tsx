import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { OrderStatusBadge, OrderTime } from '@/app/_components/order-facts';
import { requireSignedInPage } from '@/lib/pages/page-guard';
import { RequestError } from '@/lib/errors';
import { pageData } from '@/lib/pages/page-data';
import { getOrder, type Order } from '@/lib/orders';
import { orderIdParamsSchema } from '@/lib/orders/schemas';
import type { RequestContext } from '@/lib/session/current';
import { OrderLines } from './_components/order-lines';

// About one visitor: rendered per request, nothing of it shared or cached. Its redirects and its 403/404
// are decided before rendering, by proxy.ts (lib/pages/page-gate.ts), so their HTTP status is true.
export const instant = false;

interface OrderPageProps {
  params: Promise<{ id: string }>;
}

export async function generateMetadata({ params }: OrderPageProps): Promise<Metadata> {
  const { id } = await params;
  return { title: `Order #${id}`, robots: { index: false } };
}

/** The order, or null when the viewer may not see it (someone else's, or none): the same 404 either way. */
async function findOrder(ctx: RequestContext, id: number): Promise<Order | null> {
  try {
    return await getOrder(ctx, id);
  } catch (error) {
    if (error instanceof RequestError && error.status === 404) return null;
    throw error;
  }
}

export default async function OrderPage({ params }: OrderPageProps) {
  const { id } = await params;
  const path = `/orders/${encodeURIComponent(id)}`;
  const { ctx } = await requireSignedInPage(path);
  const parsed = orderIdParamsSchema.safeParse({ id });
  if (!parsed.success) notFound();
  const order = await pageData(path, () => findOrder(ctx, parsed.data.id));
  if (!order) notFound();

  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-3xl font-bold tracking-tight">Order #{order.id}</h1>
        <OrderStatusBadge status={order.status} />
      </div>
      <p className="text-zinc-600">
        Placed <OrderTime iso={order.createdAt} />
      </p>
      <OrderLines order={order} />
      <Link href="/account#orders" className="inline-block font-medium text-brand-700 underline">
        All your orders
      </Link>
    </div>
  );
}
