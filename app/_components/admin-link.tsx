import Link from 'next/link';

/** Shown to admins only (the admin area checks the role itself, whatever the header shows). */
export function AdminLink() {
  return (
    <Link prefetch={false} href="/admin" className="text-sm font-medium text-zinc-700 hover:text-brand-700">
      Admin
    </Link>
  );
}
