export type PageWindowItem = number | 'gap';

/**
 * The page numbers a pagination bar shows: the first, the last, and `siblings` either side of the
 * current one, with a gap where pages are skipped, e.g. 1 … 4 5 6 … 417. A gap never hides a single
 * page: that page is shown instead, so the bar's length stays steady as the current page moves.
 */
export function pageWindow(current: number, totalPages: number, siblings = 1): PageWindowItem[] {
  if (totalPages <= 0) return [];
  const page = Math.min(Math.max(1, current), totalPages);
  // first + last + current + siblings + two gaps
  const slots = 2 * siblings + 5;
  if (totalPages <= slots) return range(1, totalPages);

  const start = Math.max(page - siblings, 2);
  const end = Math.min(page + siblings, totalPages - 1);
  const showLeftGap = start > 3;
  const showRightGap = end < totalPages - 2;

  if (!showLeftGap) return [...range(1, slots - 2), 'gap', totalPages];
  if (!showRightGap) return [1, 'gap', ...range(totalPages - (slots - 3), totalPages)];
  return [1, 'gap', ...range(start, end), 'gap', totalPages];
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
