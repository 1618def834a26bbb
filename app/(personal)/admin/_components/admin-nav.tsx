'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

const links = [
  { href: '/admin', label: 'Dashboard' },
  { href: '/admin/products', label: 'Products' },
  { href: '/admin/products/new', label: 'New product' },
  { href: '/admin/orders', label: 'Orders' },
  { href: '/admin/sales', label: 'Sales' },
  { href: '/admin/sales/new', label: 'New sale' },
  { href: '/admin/stats', label: 'Operator stats' },
  { href: '/admin/redis-demo', label: 'Redis demo' },
];

/** The admin section's tabs; the current one is marked for screen readers too. */
export function AdminNav() {
  const pathname = usePathname();
  const current = links
    .filter((link) => pathname === link.href || pathname.startsWith(`${link.href}/`))
    .sort((a, b) => b.href.length - a.href.length)[0]?.href;
  return (
    <nav aria-label="Admin" className="border-b border-zinc-200">
      <ul className="flex flex-wrap gap-1 text-sm">
        {links.map((link) => (
          <li key={link.href}>
            <Link
              href={link.href}
              aria-current={link.href === current ? 'page' : undefined}
              className="block border-b-2 border-transparent px-3 py-2 font-medium text-zinc-600 hover:text-brand-700 aria-[current=page]:border-brand-600 aria-[current=page]:text-brand-700"
            >
              {link.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
