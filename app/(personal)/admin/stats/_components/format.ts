/** "90.0%", or an em dash when there is nothing to divide. */
export const percent = (rate: number | null | undefined) =>
  rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`;

export const count = (value: number) => value.toLocaleString('en-US');

export const NAMESPACE_LABELS: Record<string, string> = {
  product: 'Product detail',
  listing: 'Listings and search',
  home: 'Home page',
  category: 'Category list',
};
