import Link from 'next/link';
import type { ReactNode } from 'react';

const backLinkClass =
  'mt-6 inline-block rounded-full bg-brand-600 px-5 py-2.5 font-medium text-white hover:bg-brand-700';

interface MessageProps {
  title: string;
  /** h1 when the message is the whole page, h2 when it sits under the listing's heading. */
  level?: 'h1' | 'h2';
  children?: ReactNode;
  href: string;
  linkText: string;
}

function Message({ title, level: Heading = 'h2', children, href, linkText }: MessageProps) {
  return (
    <div className="mx-auto max-w-xl rounded-2xl border border-zinc-200 bg-white px-6 py-12 text-center">
      <Heading className="text-xl font-semibold">{title}</Heading>
      {children && <div className="mt-2 text-zinc-600">{children}</div>}
      <Link href={href} className={backLinkClass}>
        {linkText}
      </Link>
    </div>
  );
}

/** The listing's parameters were rejected: say why, and offer a way back. Never an error page. */
export function InvalidListing({ error }: { error: string }) {
  return (
    <Message
      level="h1"
      title="That search couldn't be understood"
      href="/products"
      linkText="Browse all products"
    >
      <p>{error}</p>
    </Message>
  );
}

/** Nothing matched the filters. */
export function EmptyListing({ q, categoryName }: { q?: string; categoryName?: string }) {
  const title = q
    ? `No products match “${q}”`
    : categoryName
      ? `No products in ${categoryName} yet`
      : 'No products here yet';
  return (
    <Message title={title} href="/products" linkText="See all products">
      {q && <p>Check the spelling, or try a shorter or more general search.</p>}
    </Message>
  );
}

/** A page number past the last page. */
export function PastLastPage({ page, lastPageHref }: { page: number; lastPageHref: string }) {
  return (
    <Message
      title={`There is no page ${page.toLocaleString('en-US')}`}
      href={lastPageHref}
      linkText="Go to the last page"
    >
      <p>This listing has fewer pages than that.</p>
    </Message>
  );
}
