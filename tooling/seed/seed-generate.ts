import {
  ADJECTIVES,
  CATEGORIES,
  DESCRIPTION_SENTENCES,
  FIRST_NAMES,
  LAST_INITIALS,
  REVIEW_SENTENCES,
  type CategorySeed,
} from './seed-data';

/*
 * Pure generation of the demo catalog. Every product draws from its own PRNG, seeded from its index, so
 * product i is the same whatever N is and however the inserts are batched: a catalog of 50 is the first
 * 50 products of a catalog of 10,000.
 */

const SEED = 0x5eed_2025;
// Timestamps count back from a fixed instant, never from now(), so that two runs produce equal rows.
const BASE_TIME = Date.UTC(2025, 5, 1);
const DAY_MS = 86_400_000;
const CATALOG_AGE_DAYS = 730;

export type Random = () => number;

/** mulberry32: tiny, fast, and good enough for demo data (not for anything secret). */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// murmur3's finaliser: spreads neighbouring indexes into unrelated seeds.
function mix(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function streamFor(index: number, purpose: number): Random {
  return mulberry32(mix(SEED ^ mix(index * 4 + purpose)));
}

function int(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function fill(template: string, words: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => words[key] ?? '');
}

/** A price in cents inside the category's band, ending the way shop prices do (.99, .95, .49, .00). */
function priceCents(random: Random, [min, max]: readonly [number, number]): number {
  const dollars = Math.floor(min * Math.pow(max / min, random()));
  const ending = pick(random, [99, 99, 99, 99, 95, 95, 49, 0]);
  const cents = ending === 0 ? Math.max(dollars, 2) * 100 : Math.max(dollars, 1) * 100 + ending;
  return Math.min(99_999, Math.max(199, cents));
}

function stock(random: Random): number {
  const roll = random();
  if (roll < 0.05) return 0;
  if (roll < 0.15) return int(random, 1, 9);
  return int(random, 10, 500);
}

export interface SeedProduct {
  id: number;
  slug: string;
  name: string;
  description: string;
  priceCents: number;
  stock: number;
  categoryId: number;
  createdAt: string;
  // Kept for the product's reviews, which mention it.
  material: string;
}

/** Categories get ids 1..20 in list order. */
export function categoryRows(): { id: number; slug: string; name: string; description: string }[] {
  return CATEGORIES.map(({ slug, name, description }, index) => ({ id: index + 1, slug, name, description }));
}

/** The product at a 0-based index; its id is index + 1. */
export function generateProduct(index: number): SeedProduct {
  const random = streamFor(index, 0);
  const categoryIndex = Math.floor(random() * CATEGORIES.length);
  const category = CATEGORIES[categoryIndex] as CategorySeed;
  const adjective = pick(random, ADJECTIVES);
  const material = pick(random, category.materials);
  const noun = pick(random, category.nouns);
  const name = `${adjective} ${material} ${noun}`;
  const words = { name, material: material.toLowerCase(), category: category.name };
  // Two to four distinct sentences, in a fixed order so they read as a paragraph.
  const sentenceCount = int(random, 2, 4);
  const chosen = new Set<number>();
  while (chosen.size < sentenceCount) chosen.add(Math.floor(random() * DESCRIPTION_SENTENCES.length));
  const description = [...chosen]
    .sort((a, b) => a - b)
    .map((i) => fill(DESCRIPTION_SENTENCES[i] ?? '', words))
    .join(' ');
  const createdAt = BASE_TIME - Math.floor(random() * CATALOG_AGE_DAYS * DAY_MS);
  return {
    id: index + 1,
    slug: `${slugify(name)}-${index + 1}`,
    name,
    description,
    priceCents: priceCents(random, category.price),
    stock: stock(random),
    categoryId: categoryIndex + 1,
    createdAt: new Date(createdAt).toISOString(),
    material: words.material,
  };
}

/** How many reviews the product at this index gets: 0..40, mean 20 (a triangular distribution). */
export function reviewCount(index: number): number {
  const random = streamFor(index, 1);
  return int(random, 0, 20) + int(random, 0, 20);
}

export interface SeedReview {
  productId: number;
  rating: number;
  author: string;
  body: string;
  createdAt: string;
}

export function generateReviews(product: SeedProduct, count: number): SeedReview[] {
  const random = streamFor(product.id - 1, 2);
  // Each product has its own quality, so average ratings spread from about 3 to about 4.8.
  const goodChance = 0.5 + 0.45 * random();
  const since = Date.parse(product.createdAt);
  const words = { material: product.material };
  const reviews: SeedReview[] = [];
  for (let i = 0; i < count; i++) {
    const rating = random() < goodChance ? (random() < 0.6 ? 5 : 4) : pick(random, [1, 2, 2, 3, 3, 3, 3]);
    const tone = rating >= 4 ? 'positive' : rating === 3 ? 'neutral' : 'negative';
    const sentences = int(random, 1, 3);
    const body = new Set<string>();
    while (body.size < sentences) body.add(fill(pick(random, REVIEW_SENTENCES[tone]), words));
    const author = `${pick(random, FIRST_NAMES)} ${LAST_INITIALS[int(random, 0, LAST_INITIALS.length - 1)]}.`;
    const at = since + Math.floor(random() * (BASE_TIME - since));
    reviews.push({
      productId: product.id,
      rating,
      author,
      body: [...body].join(' '),
      createdAt: new Date(at).toISOString(),
    });
  }
  return reviews;
}

/** Demo accounts from the contract (tests and e2e sign in with these). Their created_at is fixed too. */
export const DEMO_ADMIN = {
  email: 'admin@example.com',
  password: 'admin-demo-password',
  name: 'Demo Admin',
  role: 'admin',
} as const;
export const DEMO_SHOPPER = {
  email: 'shopper@example.com',
  password: 'shopper-demo-password',
  name: 'Demo Shopper',
  role: 'shopper',
} as const;
export const DEMO_USERS = [DEMO_ADMIN, DEMO_SHOPPER] as const;

export const DEMO_USERS_CREATED_AT = new Date(BASE_TIME - CATALOG_AGE_DAYS * DAY_MS).toISOString();
