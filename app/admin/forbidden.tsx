import Link from 'next/link';

/** What a signed-in visitor without the admin role sees at any /admin page, sent with HTTP 403. */
export default function AdminForbidden() {
  return (
    <div className="mx-auto max-w-xl py-16 text-center">
      <p className="text-sm font-semibold text-brand-700">403</p>
      <h1 className="mt-2 text-3xl font-bold tracking-tight">403 — Admins only</h1>
      <p className="mt-3 text-zinc-600">
        This part of the shop is for the store&rsquo;s admins. If you should have access, log in with an admin
        account.
      </p>
      <Link
        href="/products"
        className="mt-8 inline-block rounded-full bg-brand-600 px-6 py-3 font-semibold text-white hover:bg-brand-700"
      >
        Back to the shop
      </Link>
    </div>
  );
}
