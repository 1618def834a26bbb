import Link from 'next/link';

export function SiteFooter() {
  return (
    <footer className="mt-16 border-t border-zinc-200 bg-white">
      <div className="mx-auto flex max-w-7xl flex-col gap-2 px-4 py-8 text-sm text-zinc-600 sm:flex-row sm:justify-between">
        <p>© Flashmart, a demo storefront. Nothing here is for sale.</p>
        <Link prefetch={false} href="/products" className="hover:text-brand-700">
          Browse all products
        </Link>
      </div>
    </footer>
  );
}
