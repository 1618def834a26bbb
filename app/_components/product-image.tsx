interface ProductImageProps {
  src: string;
  /** Empty when the product's name is already written beside the image. */
  alt: string;
  size?: number;
  /** The page's main image: load it first instead of lazily. */
  priority?: boolean;
  className?: string;
}

/** A square product tile in a fixed aspect-ratio box, so nothing moves while it loads. */
export function ProductImage({ src, alt, size = 400, priority = false, className }: ProductImageProps) {
  return (
    <div className={`aspect-square overflow-hidden rounded-lg bg-zinc-100 ${className ?? ''}`}>
      {/* The tiles are small SVGs drawn by our own route: there is nothing for next/image to optimise. */}
      {/* eslint-disable-next-line @next/next/no-img-element */}
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
    </div>
  );
}
