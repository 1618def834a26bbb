import Link from 'next/link';
import { pageWindow } from './page-window';

interface PaginationProps {
  page: number;
  totalPages: number;
  hrefForPage: (page: number) => string;
}

const itemClass =
  'inline-flex min-w-10 items-center justify-center rounded-md border px-3 py-2 text-sm tabular-nums';
const linkClass = `${itemClass} border-zinc-300 bg-white hover:border-brand-500 hover:text-brand-700`;
const currentClass = `${itemClass} border-brand-600 bg-brand-600 font-semibold text-white`;
const inactiveClass = `${itemClass} border-zinc-200 text-zinc-400`;

/** Previous, a window of numbered pages, Next. Plain links: it works without JavaScript. */
export function Pagination({ page, totalPages, hrefForPage }: PaginationProps) {
  if (totalPages <= 1) return null;
  const hasPrevious = page > 1;
  const hasNext = page < totalPages;

  return (
    <nav aria-label="Pagination" className="mt-10">
      <ul className="flex flex-wrap items-center justify-center gap-2">
        <li>
          {hasPrevious ? (
            <Link
              prefetch={false}
              href={hrefForPage(Math.min(page - 1, totalPages))}
              rel="prev"
              className={linkClass}
            >
              Previous
            </Link>
          ) : (
            <span aria-disabled="true" className={inactiveClass}>
              Previous
            </span>
          )}
        </li>
        {pageWindow(page, totalPages).map((item, index) =>
          item === 'gap' ? (
            <li key={`gap-${index}`} aria-hidden="true" className="px-1 text-zinc-500">
              …
            </li>
          ) : (
            <li key={item}>
              <Link
                prefetch={false}
                href={hrefForPage(item)}
                aria-current={item === page ? 'page' : undefined}
                className={item === page ? currentClass : linkClass}
              >
                {item}
              </Link>
            </li>
          ),
        )}
        <li>
          {hasNext ? (
            <Link prefetch={false} href={hrefForPage(page + 1)} rel="next" className={linkClass}>
              Next
            </Link>
          ) : (
            <span aria-disabled="true" className={inactiveClass}>
              Next
            </span>
          )}
        </li>
      </ul>
    </nav>
  );
}
