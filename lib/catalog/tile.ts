/**
 * A product's picture, drawn from its id alone: the same id always gives the same tile, byte for byte,
 * so it can be cached forever and needs no database. Every product without an image of its own has one.
 *
 * Two forms of one drawing. `productTileSvg` is the file `/images/products/{id}.svg` serves (for anyone who
 * links to it). The storefront's pages draw it inline (`inlineProductTileSvg`): a 260-byte drawing as an
 * `<img>` cost the phone a request and an SVG document of its own (a page, parsed, styled and laid out on
 * the main thread) per tile, 24 on a listing. Inline, Lighthouse's runs also found the first paint held
 * back less often: 26 loads of 54 against 13 of 18 (docs/benchmarks.md, "What the held paint is").
 *
 * Shapes and colours only, no text: a line of text cost a font lookup and shaping per tile (issue #25).
 * The product's name is written beside every tile anyway.
 */

/** A 32-bit integer mix (the murmur3 finaliser): neighbouring ids get unrelated colours. */
function mix(id: number): number {
  let h = (id ^ Math.floor(id / 2 ** 32)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** One of five simple shapes, centred. */
function shape(kind: number, fill: string): string {
  switch (kind) {
    case 0:
      return `<circle cx="200" cy="200" r="96" fill="${fill}"/>`;
    case 1:
      return `<rect x="112" y="112" width="176" height="176" rx="28" fill="${fill}" transform="rotate(12 200 200)"/>`;
    case 2:
      return `<polygon points="200,92 306,282 94,282" fill="${fill}"/>`;
    case 3:
      return `<circle cx="200" cy="200" r="92" fill="none" stroke="${fill}" stroke-width="36"/>`;
    default:
      return `<polygon points="200,100 287,150 287,250 200,300 113,250 113,150" fill="${fill}"/>`;
  }
}

/** Parses a route segment such as "123.svg" (or "123"); undefined unless it names a positive integer. */
export function parseTileId(segment: string): number | undefined {
  const match = /^([1-9][0-9]{0,14})(?:\.svg)?$/.exec(segment);
  return match?.[1] ? Number(match[1]) : undefined;
}

/** The shapes of product `id`'s tile, in a 400 × 400 viewBox. */
function drawing(id: number): string {
  const hash = mix(id);
  const hue = hash % 360;
  const background = `hsl(${hue} 70% 88%)`;
  const accent = `hsl(${(hue + 30) % 360} 55% 42%)`;
  return `<rect width="400" height="400" fill="${background}"/>${shape((hash >>> 9) % 5, accent)}`;
}

/** The tile as a file of its own (image/svg+xml). */
export function productTileSvg(id: number): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400" viewBox="0 0 400 400">${drawing(id)}</svg>`;
}

/** The tile inside a page's HTML: it fills the box it is put in, and is hidden from assistive technology. */
export function inlineProductTileSvg(id: number): string {
  return `<svg viewBox="0 0 400 400" width="100%" height="100%" aria-hidden="true" focusable="false">${drawing(id)}</svg>`;
}

/** The id in a tile's own path (`productImagePath(id)`), or undefined for any other image. */
export function tileIdOfPath(src: string): number | undefined {
  const match = /^\/images\/products\/([^/]+\.svg)$/.exec(src);
  return match?.[1] ? parseTileId(match[1]) : undefined;
}
