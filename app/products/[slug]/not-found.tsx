import Link from 'next/link';

export default function ProductNotFound() {
  return (
    <div className="mx-auto max-w-xl py-16 text-center">
      <p className="text-sm font-semibold text-brand-700">404</p>
      <h1 className="mt-2 text-3xl font-bold tracking-tight">We couldn&rsquo;t find that product</h1>
      <p className="mt-3 text-zinc-600">It may have been removed, or the link may be mistyped.</p>
      <Link
        href="/products"
        className="mt-8 inline-block rounded-full bg-brand-600 px-6 py-3 font-semibold text-white hover:bg-brand-700"
      >
        Back to the shop
      </Link>
    </div>
  );
}
