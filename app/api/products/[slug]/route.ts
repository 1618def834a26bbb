import { NextResponse } from 'next/server';
import { getProductDetail } from '@/lib/catalog';
import { jsonError, publicCatalogHeaders } from '@/lib/http/json';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const product = await getProductDetail(slug);
  if (!product) return jsonError(404, 'product not found');

  const { id, name, description, priceCents, stock, category, rating, categoryName, imageUrl, version } =
    product;
  return NextResponse.json(
    {
      id,
      slug: product.slug,
      name,
      description,
      priceCents,
      stock,
      category,
      categoryName,
      imageUrl,
      version,
      rating: { average: rating.average, count: rating.count },
    },
    { headers: publicCatalogHeaders },
  );
}
