import type { NextRequest } from 'next/server';
import { NextResponse } from 'next/server';
import { listProducts, parseListingParams } from '@/lib/catalog';
import { jsonError, publicCatalogHeaders } from '@/lib/http/json';

export const dynamic = 'force-dynamic';

export async function GET(request: NextRequest) {
  const parsed = parseListingParams(Object.fromEntries(request.nextUrl.searchParams), {
    allowPageSize: true,
  });
  if (!parsed.ok) return jsonError(400, parsed.error, parsed.fields);

  const page = await listProducts(parsed.query);
  return NextResponse.json(
    {
      items: page.items.map(({ id, slug, name, priceCents, stock, category }) => ({
        id,
        slug,
        name,
        priceCents,
        stock,
        category,
      })),
      page: page.page,
      pageSize: page.pageSize,
      total: page.total,
    },
    { headers: publicCatalogHeaders },
  );
}
