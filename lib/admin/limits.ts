/** A product's size limits: the schemas enforce them, the form shows them (no server code, no Zod here). */
export const PRODUCT_LIMITS = {
  nameMax: 200,
  descriptionMax: 5000,
  priceCentsMax: 10_000_000,
  stockMax: 1_000_000,
  slugMax: 120,
  imageUrlMax: 500,
} as const;
