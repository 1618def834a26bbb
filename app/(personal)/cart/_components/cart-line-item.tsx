import Link from 'next/link';
import { Price } from '@/app/_components/price';
import type { CartLine } from '@/lib/cart/types';
import { CartLineForm } from './cart-line-form';
import { LineRefusal } from './place-order';

/** One line of the cart: the product, its quantity form, its total, and why it cannot be ordered if so. */
export function CartLineItem({ item }: { item: CartLine }) {
  return (
    <li
      aria-label={item.name}
      data-testid="cart-line"
      className="flex flex-wrap items-end justify-between gap-4 py-4"
    >
      <div className="min-w-48 flex-1">
        <Link href={`/products/${item.slug}`} className="font-medium hover:text-brand-700">
          {item.name}
        </Link>
        <p className="text-sm text-zinc-600">
          <Price cents={item.unitPriceCents} /> each
        </p>
      </div>
      <CartLineForm productId={item.productId} quantity={item.quantity} />
      <p data-testid="line-total" className="w-28 text-right font-semibold">
        <Price cents={item.lineTotalCents} />
      </p>
      <LineRefusal productId={item.productId} />
    </li>
  );
}
