/**
 * A product's picture, drawn from its id alone: the same id always gives the same tile, byte for byte,
 * so it can be cached forever and needs no database.
 */

/** A 32-bit integer mix (the murmur3 finaliser): neighbouring ids get unrelated colours. */
function mix(id: number): number {
  let h = (id ^ Math.floor(id / 2 ** 32)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** One of five simple shapes, centred above the id. */
function shape(kind: number, fill: string): string {
  switch (kind) {
    case 0:
      return `<circle cx="200" cy="180" r="96" fill="${fill}"/>`;
    case 1:
      return `<rect x="112" y="92" width="176" height="176" rx="28" fill="${fill}" transform="rotate(12 200 180)"/>`;
    case 2:
      return `<polygon points="200,72 306,262 94,262" fill="${fill}"/>`;
    case 3:
      return `<circle cx="200" cy="180" r="92" fill="none" stroke="${fill}" stroke-width="36"/>`;
    default:
      return `<polygon points="200,80 287,130 287,230 200,280 113,230 113,130" fill="${fill}"/>`;
  }
}

/** Parses a route segment such as "123.svg" (or "123"); undefined unless it names a positive integer. */
export function parseTileId(segment: string): number | undefined {
  const match = /^([1-9][0-9]{0,14})(?:\.svg)?$/.exec(segment);
  return match?.[1] ? Number(match[1]) : undefined;
}

export function productTileSvg(id: number): string {
  const hash = mix(id);
  const hue = hash % 360;
  const background = `hsl(${hue} 70% 88%)`;
  const accent = `hsl(${(hue + 30) % 360} 55% 42%)`;
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400" viewBox="0 0 400 400">',
    `<rect width="400" height="400" fill="${background}"/>`,
    shape((hash >>> 9) % 5, accent),
    `<text x="200" y="350" text-anchor="middle" font-family="system-ui, sans-serif" font-size="36" font-weight="600" fill="${accent}">#${id}</text>`,
    '</svg>',
  ].join('');
}
