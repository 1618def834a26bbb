import { parseTileId, productTileSvg } from '@/lib/catalog/tile';

// `productImagePath(id)` is `/images/products/{id}.svg`; this draws that picture. Pure: no database.
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const id = parseTileId((await params).id);
  if (id === undefined) {
    return new Response('Not found\n', {
      status: 404,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    });
  }
  return new Response(productTileSvg(id), {
    headers: {
      'Content-Type': 'image/svg+xml',
      'Cache-Control': 'public, max-age=86400, immutable',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
