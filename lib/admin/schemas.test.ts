import { describe, expect, it } from 'vitest';
import { productCreateSchema, productFormSchema } from './schemas';
import { firstFreeSlug, slugify } from './slug';

const form = {
  name: 'Kettle',
  description: '',
  price: '12.99',
  stock: '3',
  category: 'kitchen',
  slug: '',
  imageUrl: '',
};

const priceOf = (price: string) => productFormSchema.safeParse({ ...form, price });
const messageOf = (result: ReturnType<typeof priceOf>) => result.error?.issues[0]?.message;

describe('the product form schema', () => {
  it('turns dollars into exact cents', () => {
    expect(priceOf('12.99').data?.price).toBe(1299);
    expect(priceOf('$1,299.5').data?.price).toBe(129_950);
    expect(priceOf('0.29').data?.price).toBe(29);
    expect(priceOf(' 7 ').data?.price).toBe(700);
    expect(priceOf('100000').data?.price).toBe(10_000_000);
  });

  it('says what is wrong with a price', () => {
    expect(messageOf(priceOf(''))).toBe('Price is required.');
    expect(messageOf(priceOf('-1'))).toBe('Price cannot be negative.');
    expect(messageOf(priceOf('12.345'))).toBe('Enter a price in dollars, like 12.99.');
    expect(messageOf(priceOf('ten'))).toBe('Enter a price in dollars, like 12.99.');
    expect(messageOf(priceOf('100000.01'))).toBe('Price must be at most $100,000.00.');
  });

  it('reads empty optional fields as none, and refuses another host as the image', () => {
    expect(productFormSchema.parse(form)).toMatchObject({ slug: undefined, imageUrl: undefined, stock: 3 });
    const image = (imageUrl: string) => productFormSchema.safeParse({ ...form, imageUrl }).success;
    expect(image('/images/kettle.svg')).toBe(true);
    expect(image('https://elsewhere.example/k.png')).toBe(false);
    expect(image('//elsewhere.example/k.png')).toBe(false);
    expect(image('/\\elsewhere.example/k.png')).toBe(false);
    expect(image(`/${'a'.repeat(500)}`)).toBe(false);
  });

  it('names unknown JSON fields as field errors', () => {
    const result = productCreateSchema.safeParse({
      name: 'Kettle',
      priceCents: 1,
      stock: 1,
      category: 'kitchen',
      price: 1,
    });
    expect(result.error?.issues.map((issue) => issue.path[0])).toEqual(['price']);
  });
});

describe('slugs', () => {
  it('are made from names', () => {
    expect(slugify('Crème Brûlée Torch, 2-pack!')).toBe('creme-brulee-torch-2-pack');
    expect(slugify('  --Hello   World--  ')).toBe('hello-world');
    expect(slugify('！！！')).toBe('product');
    expect(slugify('x'.repeat(300))).toHaveLength(100);
  });

  it('take the first free suffix', () => {
    expect(firstFreeSlug('kettle', new Set())).toBe('kettle');
    expect(firstFreeSlug('kettle', new Set(['kettle', 'kettle-2', 'kettle-4']))).toBe('kettle-3');
  });
});
