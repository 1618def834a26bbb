import { inlineProductTileSvg, tileIdOfPath } from '@/lib/catalog/tile';

interface ProductImageProps {
  src: string;
  /** Empty when the product's name is already written beside the image. */
  alt: string;
  size?: number;
  /** The page's main image: load it first instead of lazily. */
  priority?: boolean;
  className?: string;
}

/**
 * A square product picture in a fixed aspect-ratio box, so nothing moves while it loads. A product's own
 * image is an `<img>`; the generated tile every other product has is drawn inline, in the page's HTML: no
 * request, no SVG document of its own (lib/catalog/tile.ts says why).
 */
export function ProductImage({ src, alt, size = 400, priority = false, className }: ProductImageProps) {
  const tileId = tileIdOfPath(src);
  return (
    <div className={`aspect-square overflow-hidden rounded-lg bg-zinc-100 ${className ?? ''}`}>
      {tileId === undefined ? (
        // A product's own image, from wherever the admin pointed it: there is nothing for next/image to
        // optimise that the browser does not do with these attributes.
        // eslint-disable-next-line @next/next/no-img-element
        <img
          src={src}
          alt={alt}
          width={size}
          height={size}
          loading={priority ? 'eager' : 'lazy'}
          fetchPriority={priority ? 'high' : 'auto'}
          decoding="async"
          className="h-full w-full object-cover"
        />
      ) : (
        <div
          // Drawn from an integer id alone (lib/catalog/tile.ts): there is nothing in it to escape.
          dangerouslySetInnerHTML={{ __html: inlineProductTileSvg(tileId) }}
          role={alt ? 'img' : undefined}
          aria-label={alt || undefined}
          className="h-full w-full"
        />
      )}
    </div>
  );
}
